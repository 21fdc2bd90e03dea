package org.hitlbm.experiments.spec;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hitlbm.data.settings.Setting;
import org.hitlbm.data.settings.SettingType;

/**
 * Loads a spec file: follows {@code extends:}, applies command-line overrides, validates every
 * key, expands {@code grid:} into cells and reads {@code seeds:}. All problems are reported
 * together, each as file:line: key: message.
 */
public final class SpecLoader {
    /** The most grid cells (variants x the product of the axes' sizes) a spec may have unless {@code --max-cells} says more. */
    public static final long DEFAULT_MAX_CELLS = 10_000;
    /** The most spec files one load reads through {@code extends:} (a base named many times over is read each time). */
    public static final int MAX_SPEC_FILES = 64;
    /** The most settings copied into cells in all: cells x the nodes of the spec's body. */
    static final long MAX_EXPANDED_NODES = 50_000_000L;

    private long maxCells = DEFAULT_MAX_CELLS;

    /**
     * Refuse a grid of more than {@code limit} cells, counted before it is expanded (default
     * {@link #DEFAULT_MAX_CELLS}); the CLI's {@code --max-cells}.
     */
    public SpecLoader maxCells(long limit) {
        if (limit < 1) {
            throw new SpecException("--max-cells " + limit + ": expected a whole number >= 1");
        }
        this.maxCells = limit;
        return this;
    }

    public ExperimentSpec load(Path file) {
        return load(file, List.of());
    }

    /** @param overrides {@code key=value} pairs, typed as YAML types them; applied after extends */
    public ExperimentSpec load(Path file, List<String> overrides) {
        YamlFiles.Budget budget = new YamlFiles.Budget();
        Located merged = deepCopy(readWithBases(file.toAbsolutePath().normalize(), new HashSet<>(), budget, new int[1]));
        for (String override : overrides) {
            applyOverride(merged, override, budget);
        }
        Map<String, Located> top = new LinkedHashMap<>(merged.map());
        Located grid = top.remove(SpecSchema.GRID);
        Located seeds = top.remove(SpecSchema.SEEDS);
        Located seedScopeNode = top.remove(SpecSchema.SEED_SCOPE);
        Located description = top.remove(SpecSchema.DESCRIPTION);
        Located variantsNode = top.remove(SpecSchema.VARIANTS);
        Located reportNode = top.remove(SpecSchema.REPORT);
        top.remove(SpecSchema.EXTENDS);
        Located body = new Located(top, merged.file(), merged.line());
        Set<String> problems = new LinkedHashSet<>();
        List<GridAxis> axes = gridAxes(grid, problems);
        List<Long> seedList = seeds(seeds, file, problems);
        Map<String, Located> variants = variants(variantsNode, problems);
        String seedScope = seedScope(seedScopeNode, body, axes, variants, problems);
        ReportSettings report = ReportSettings.parse(reportNode, new ArrayList<>(variants.keySet()), problems);
        String specName = fileStem(file);
        List<Cell> cells = new ArrayList<>();
        boolean tooMany = tooManyCells(grid, file, axes, variants, body, problems);
        List<Map<String, Located>> assignments = tooMany ? List.of() : cartesian(axes);
        List<String> variantNames = variants.isEmpty() ? java.util.Collections.singletonList(null) : new ArrayList<>(variants.keySet());
        for (String variant : assignments.isEmpty() ? List.<String>of() : variantNames) {
            for (Map<String, Located> assignment : assignments) {
                Located cellBody = deepCopy(body);
                Map<String, Object> plainAssignment = new LinkedHashMap<>();
                if (variant != null) {
                    variants.get(variant).map().forEach((key, value) -> setPath(cellBody, key, value));
                    plainAssignment.put(SpecSchema.VARIANT, variant);
                }
                for (Map.Entry<String, Located> a : assignment.entrySet()) {
                    setPath(cellBody, a.getKey(), a.getValue());
                    plainAssignment.put(a.getKey(), a.getValue().plain());
                }
                cells.add(new Cell(cells.size() + 1, plainAssignment, resolve(cellBody, specName, variant, problems)));
            }
        }
        String nothingToRun = null;
        ResolvedConfig named = cells.isEmpty() ? resolve(body, specName, null, problems) : cells.get(0).config();
        if (cells.isEmpty() && !tooMany) {
            nothingToRun = axes.stream().filter(a -> a.values().isEmpty()).map(a -> "grid." + a.key() + " is empty")
                    .findFirst().orElse("the grid is empty");
        }
        if (!problems.isEmpty()) {
            throw new SpecException(new ArrayList<>(problems));
        }
        return new ExperimentSpec(file, named.string("tracking.experiment"), description == null ? "" : String.valueOf(description.value()),
                axes, seedList, cells, new ArrayList<>(variants.keySet()), report, nothingToRun, seedScope);
    }

    /**
     * Counts the cells before expanding them (variants x the product of the axes' sizes, with no
     * overflow): more than {@link #maxCells} is a problem naming the count and the option, and so
     * is a product that would copy more than {@link #MAX_EXPANDED_NODES} settings in all.
     */
    private boolean tooManyCells(Located grid, Path file, List<GridAxis> axes, Map<String, Located> variants, Located body,
                                 Set<String> problems) {
        BigInteger count = BigInteger.valueOf(variants.isEmpty() ? 1 : variants.size());
        List<String> factors = new ArrayList<>();
        if (!variants.isEmpty()) {
            factors.add(variants.size() + " variants");
        }
        for (GridAxis axis : axes) {
            count = count.multiply(BigInteger.valueOf(axis.values().size()));
            factors.add(String.valueOf(axis.values().size()));
        }
        String where = grid != null ? grid.where() : file.toString();
        if (count.compareTo(BigInteger.valueOf(maxCells)) > 0) {
            problems.add(where + ": grid: " + count + " cells (" + String.join(" x ", factors) + "), more than --max-cells "
                    + maxCells + " allows; shrink the grid or pass a larger --max-cells");
            return true;
        }
        long settings = count.longValue() * Math.max(1, nodes(body));
        if (settings > MAX_EXPANDED_NODES) {
            problems.add(where + ": grid: " + count + " cells each copying a spec of " + nodes(body) + " settings is more than "
                    + MAX_EXPANDED_NODES + " in all; shrink the grid or the spec");
            return true;
        }
        return false;
    }

    private static long nodes(Located node) {
        long n = 1;
        if (node.isMap()) {
            for (Located child : node.map().values()) {
                n += nodes(child);
            }
        } else if (node.isList()) {
            for (Located child : node.list()) {
                n += nodes(child);
            }
        }
        return n;
    }

    /** The keys {@code seedScope: pipeline} sets from each run's seed. */
    static final List<String> PIPELINE_SEED_KEYS = List.of("llm.seed", "tree.seed");

    /**
     * {@code seedScope:} training (default) or pipeline; under pipeline the run seed also sets
     * llm.seed and tree.seed, so neither may be given anywhere else.
     */
    private static String seedScope(Located node, Located body, List<GridAxis> axes, Map<String, Located> variants, Set<String> problems) {
        if (node == null || node.value() == null) {
            return "training";
        }
        if (!(node.value() instanceof String scope) || !SpecSchema.SEED_SCOPES.contains(scope)) {
            problems.add(node.where() + ": seedScope: expected one of " + SpecSchema.SEED_SCOPES + ", got " + Validator.describe(node));
            return "training";
        }
        if ("pipeline".equals(scope)) {
            for (String key : PIPELINE_SEED_KEYS) {
                Located given = at(body, key);
                if (given != null) {
                    problems.add(given.where() + ": " + key + ": seedScope: pipeline sets it from each run's seed; remove it here");
                }
                axes.stream().filter(a -> a.key().equals(key)).forEach(a -> problems.add(node.where() + ": grid." + key
                        + ": seedScope: pipeline sets it from each run's seed; vary seeds: instead"));
                variants.forEach((name, settings) -> {
                    Located v = settings.map().containsKey(key) ? settings.map().get(key) : at(settings, key);
                    if (v != null) {
                        problems.add(v.where() + ": variants." + Quote.key(name) + "." + Quote.key(key)
                                + ": seedScope: pipeline sets it from each run's seed");
                    }
                });
            }
        }
        return scope;
    }

    /** The node at a dotted path, or null. */
    private static Located at(Located root, String dottedKey) {
        Located current = root;
        for (String part : dottedKey.split("\\.")) {
            if (current == null || !current.isMap()) {
                return null;
            }
            current = current.map().get(part);
        }
        return current;
    }

    /** Validates one cell's body; the variant's name is recorded first in its config. */
    private static ResolvedConfig resolve(Located cellBody, String specName, String variant, Set<String> problems) {
        Validator validator = new Validator();
        Map<String, Object> tree = validator.resolve(cellBody);
        finish(tree, validator, cellBody, specName);
        Map<String, Object> pipeline = validator.problems().isEmpty() ? CodeIdentity.of(tree, validator, cellBody) : Map.of();
        problems.addAll(validator.problems());
        Map<String, Object> named = new LinkedHashMap<>();
        if (variant != null) {
            named.put(SpecSchema.VARIANT, variant);
        }
        named.put(SpecSchema.PIPELINE, pipeline);
        named.putAll(tree);
        return new ResolvedConfig(named);
    }

    /**
     * {@code variants:} named bundles of settings, e.g. the competitors of Table 3; each is a
     * mapping of dotted keys (or sections) to values, applied before the grid's assignments.
     */
    private static Map<String, Located> variants(Located node, Set<String> problems) {
        Map<String, Located> out = new LinkedHashMap<>();
        if (node == null || node.value() == null) {
            return out;
        }
        if (!node.isMap() || node.map().isEmpty()) {
            problems.add(node.where() + ": variants: expected a mapping of names to settings, e.g. SIM: {retrieval.behaviors: 20}");
            return out;
        }
        node.map().forEach((name, settings) -> {
            if (settings.value() == null) {
                out.put(name, new Located(new LinkedHashMap<String, Located>(), settings.file(), settings.line()));
            } else if (!settings.isMap()) {
                problems.add(settings.where() + ": variants." + Quote.key(name) + ": expected a mapping of keys to values, got "
                        + Validator.describe(settings));
            } else {
                Map<String, Located> checked = new LinkedHashMap<>();
                settings.map().forEach((key, value) -> {
                    if (isDottedKey(key)) {
                        checked.put(key, value);
                    } else {
                        problems.add(value.where() + ": variants." + Quote.key(name) + ": " + Quote.token(key) + " is not a dotted key"
                                + DOTTED + ", e.g. train.epochs");
                    }
                });
                out.put(name, new Located(checked, settings.file(), settings.line()));
            }
        });
        return out;
    }

    /** What a dotted key is, for error messages. */
    private static final String DOTTED = " (names joined by single dots, none of them empty)";

    /** train.epochs, backbone.params.embeddingDim: no empty part, no leading, trailing or doubled dot. */
    static boolean isDottedKey(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        for (String part : key.split("\\.", -1)) {
            if (part.isBlank()) {
                return false;
            }
        }
        return true;
    }

    /** Cross-key rules and defaults that depend on the spec itself. */
    @SuppressWarnings("unchecked")
    private static void finish(Map<String, Object> tree, Validator v, Located body, String specName) {
        Map<String, Object> dataset = (Map<String, Object>) tree.get("dataset");
        if (!"synthetic".equals(dataset.get("name")) && dataset.get("path") == null) {
            v.problem(v.where("dataset.path", body), "dataset.path", "required for dataset '" + dataset.get("name")
                    + "' (the directory holding its files; ${ENV_VAR} works here)");
        }
        Map<String, Object> synthetic = (Map<String, Object>) dataset.get("synthetic");
        if ((Integer) synthetic.get("minBehaviors") > (Integer) synthetic.get("maxBehaviors")) {
            v.problem(v.where("dataset.synthetic.minBehaviors", body), "dataset.synthetic.minBehaviors", "must be <= maxBehaviors");
        }
        if ((Integer) synthetic.get("minRegimes") > (Integer) synthetic.get("maxRegimes")) {
            v.problem(v.where("dataset.synthetic.minRegimes", body), "dataset.synthetic.minRegimes", "must be <= maxRegimes");
        }
        Map<String, Object> backbone = (Map<String, Object>) tree.get("backbone");
        backbone.put("params", v.backboneParams(backbone.get("name"), backbone.get("params"), body));
        Map<String, Object> fusion = (Map<String, Object>) tree.get("fusion");
        fusion.put("params", v.fusionParams(fusion.get("name"), fusion.get("params"), body));
        if (!"none".equals(fusion.get("name"))) {
            if ("lr".equals(backbone.get("name"))) {
                v.problem(v.where("fusion.name", body), "fusion.name", "'" + fusion.get("name") + "' trains a neural layer jointly"
                        + " with the backbone; backbone 'lr' (Tribuo) cannot: use a neural backbone or fusion none");
            }
            Map<String, Object> treeSection = (Map<String, Object>) tree.get("tree");
            boolean fusesPath = "hts".equals(fusion.get("interests"));
            if (fusesPath && !Boolean.TRUE.equals(treeSection.get("enabled"))) {
                v.problem(v.where("fusion.interests", body), "fusion.interests", "'hts' fuses the tree's path, but tree.enabled is"
                        + " false: enable the tree or fuse cube, segments or recent interests");
            }
            if (fusesPath && ((Number) treeSection.get("beamWidth")).intValue() > 1) {
                v.problem(v.where("tree.beamWidth", body), "tree.beamWidth", "with a beam the path is picked at the last layer,"
                        + " from later chunks than a sample may see: fusing it would leak the future; use 1 (the paper) with a fusion");
            }
            if ("none".equals(((Map<String, Object>) tree.get("encoder")).get("name"))) {
                v.problem(v.where("encoder.name", body), "encoder.name", "fusion '" + fusion.get("name")
                        + "' reads interest vectors: choose an encoder other than none");
            }
        }
        Map<String, Object> tracking = (Map<String, Object>) tree.get("tracking");
        Object experiment = tracking.get("experiment");
        if (experiment == null) {
            if (!SafePaths.isSafeName(specName)) {
                v.problem(body.where(), "tracking.experiment", "defaults to the spec's file name " + Quote.token(specName)
                        + ", which is not a safe folder name; set tracking.experiment to " + SafePaths.ALLOWED);
            }
            tracking.put("experiment", specName);
        } else if (!SafePaths.isSafeName(experiment.toString())) {
            // it names results/<experiment>/, the MLflow experiment and results/trees/<experiment>-user-U.html
            v.problem(v.where("tracking.experiment", body), "tracking.experiment", Quote.token(experiment.toString())
                    + " is not a safe folder name (it becomes results/<experiment>/): use " + SafePaths.ALLOWED);
        }
    }

    private Located readWithBases(Path file, Set<Path> seen, YamlFiles.Budget budget, int[] reads) {
        if (!seen.add(file)) {
            throw new SpecException(file + ": 'extends' loops back to this file");
        }
        if (++reads[0] > MAX_SPEC_FILES) {
            throw new SpecException(file + ": extends: more than " + MAX_SPEC_FILES + " spec files read for one spec"
                    + " (is a base named many times over?)");
        }
        Located spec = YamlFiles.read(file, budget);
        if (!spec.isMap()) {
            // what it holds is not quoted: it may be any file (extends: /etc/passwd)
            throw new SpecException(spec.where() + ": a spec must be a mapping of sections, got " + Quote.kind(spec));
        }
        Map<String, Located> top = spec.map();
        Located base = top.get(SpecSchema.EXTENDS);
        if (base == null) {
            return spec;
        }
        List<Located> bases = base.isList() ? base.list() : List.of(base);
        Located merged = null;
        for (Located b : bases) {
            if (!(b.value() instanceof String baseName)) {
                throw new SpecException(b.where() + ": extends: expected a file name, got " + Validator.describe(b));
            }
            Path basePath;
            try {
                basePath = file.getParent().resolve(baseName).normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw new SpecException(b.where() + ": extends: " + Quote.token(baseName) + " is not a file name");
            }
            Located loaded;
            try {
                loaded = readWithBases(basePath, new HashSet<>(seen), budget, reads);
            } catch (SpecException e) {
                if (e.getMessage().startsWith(basePath + ": spec file not found")) {
                    throw new SpecException(b.where() + ": extends: base spec " + Quote.visible(basePath.toString(), 300) + " not found");
                }
                throw e;
            }
            merged = merged == null ? loaded : merge(merged, loaded);
        }
        return merge(merged, spec);
    }

    /** Child values win; maps merge key by key; lists and scalars are replaced whole. */
    static Located merge(Located base, Located child) {
        if (!base.isMap() || !child.isMap()) {
            return child;
        }
        Map<String, Located> out = new LinkedHashMap<>(base.map());
        child.map().forEach((k, v) -> out.merge(k, v, SpecLoader::merge));
        return new Located(out, child.file(), child.line());
    }

    /** Applied to the whole spec, so seeds and grid can be overridden too (grid keys are dotted: kept whole). */
    private static void applyOverride(Located spec, String override, YamlFiles.Budget budget) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new SpecException("--set " + Quote.key(override) + ": expected key=value, e.g. --set train.epochs=5");
        }
        String key = override.substring(0, eq).trim();
        String gridPrefix = SpecSchema.GRID + ".";
        String checked = key.startsWith(gridPrefix) ? key.substring(gridPrefix.length()) : key;
        if (!isDottedKey(checked)) {
            throw new SpecException("--set " + Quote.key(override) + ": " + Quote.token(key) + " is not a dotted key" + DOTTED
                    + ", e.g. --set train.epochs=5");
        }
        Located value = YamlFiles.parseScalarOrFlow(override.substring(eq + 1), "--set " + Quote.key(key), budget);
        if (key.startsWith(gridPrefix)) {
            Located grid = spec.map().get(SpecSchema.GRID);
            if (grid == null || !grid.isMap()) {
                grid = new Located(new LinkedHashMap<String, Located>(), value.file(), value.line());
                spec.map().put(SpecSchema.GRID, grid);
            }
            grid.map().put(key.substring(gridPrefix.length()), value);
            return;
        }
        setPath(spec, key, value);
    }

    private static void setPath(Located body, String dottedKey, Located value) {
        String[] parts = dottedKey.split("\\.");
        Located current = body;
        for (int i = 0; i < parts.length - 1; i++) {
            Located next = current.map().get(parts[i]);
            if (next == null || !next.isMap()) {
                next = new Located(new LinkedHashMap<String, Located>(), value.file(), value.line());
                current.map().put(parts[i], next);
            }
            current = next;
        }
        Located existing = current.map().get(parts[parts.length - 1]);
        // a section given as a value merges into what is there, as with extends: (child wins)
        current.map().put(parts[parts.length - 1], existing != null && existing.isMap() && value.isMap() ? merge(existing, value) : value);
    }

    private static Located deepCopy(Located node) {
        if (node.isMap()) {
            Map<String, Located> out = new LinkedHashMap<>();
            node.map().forEach((k, v) -> out.put(k, deepCopy(v)));
            return new Located(out, node.file(), node.line());
        }
        return node;
    }

    private static List<GridAxis> gridAxes(Located grid, Set<String> problems) {
        List<GridAxis> axes = new ArrayList<>();
        if (grid == null || grid.value() == null) {
            return axes;
        }
        if (!grid.isMap()) {
            problems.add(grid.where() + ": grid: expected a mapping of dotted keys to lists of values, got " + Validator.describe(grid));
            return axes;
        }
        for (Map.Entry<String, Located> e : grid.map().entrySet()) {
            String key = e.getKey();
            if (!isDottedKey(key)) {
                problems.add(e.getValue().where() + ": grid." + Quote.key(key) + ": not a dotted key" + DOTTED
                        + ", e.g. train.learningRate");
                continue;
            }
            Setting def = SpecSchema.find(key);
            boolean backboneParam = key.startsWith("backbone.params.") && key.length() > "backbone.params.".length();
            if (!backboneParam && (def == null || def.type() == SettingType.SECTION)) {
                problems.add(e.getValue().where() + ": grid." + Quote.key(key) + ": not a spec key; grid keys are dotted paths"
                        + " to single values, e.g. train.learningRate or backbone.name");
                continue;
            }
            Located values = e.getValue();
            List<Located> list = values.isList() ? values.list() : List.of(values);
            axes.add(new GridAxis(key, list));
        }
        return axes;
    }

    private static List<Map<String, Located>> cartesian(List<GridAxis> axes) {
        List<Map<String, Located>> cells = new ArrayList<>();
        cells.add(new LinkedHashMap<>());
        for (GridAxis axis : axes) {
            List<Map<String, Located>> next = new ArrayList<>();
            for (Map<String, Located> partial : cells) {
                for (Located value : axis.values()) {
                    Map<String, Located> cell = new LinkedHashMap<>(partial);
                    cell.put(axis.key(), value);
                    next.add(cell);
                }
            }
            cells = next;
        }
        return cells;
    }

    private static List<Long> seeds(Located seeds, Path file, Set<String> problems) {
        if (seeds == null || seeds.value() == null) {
            return List.of(1L);
        }
        List<Located> list = seeds.isList() ? seeds.list() : List.of(seeds);
        List<Long> out = new ArrayList<>();
        for (Located s : list) {
            if (s.value() instanceof Long n) {
                out.add(n);
            } else {
                problems.add(s.where() + ": seeds: expected integers, got " + Validator.describe(s));
            }
        }
        if (out.isEmpty() && problems.isEmpty()) {
            problems.add(seeds.where() + ": seeds: needs at least one seed");
        }
        if (new HashSet<>(out).size() != out.size()) {
            problems.add(seeds.where() + ": seeds: repeated seed");
        }
        return out;
    }

    private static String fileStem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
