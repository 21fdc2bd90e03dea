package org.hitlbm.experiments.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a spec file: follows {@code extends:}, applies command-line overrides, validates every
 * key, expands {@code grid:} into cells and reads {@code seeds:}. All problems are reported
 * together, each as file:line: key: message.
 */
public final class SpecLoader {
    public ExperimentSpec load(Path file) {
        return load(file, List.of());
    }

    /** @param overrides {@code key=value} pairs, typed as YAML types them; applied after extends */
    public ExperimentSpec load(Path file, List<String> overrides) {
        Located merged = deepCopy(readWithBases(file.toAbsolutePath().normalize(), new HashSet<>()));
        for (String override : overrides) {
            applyOverride(merged, override);
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
        List<Map<String, Located>> assignments = cartesian(axes);
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
        if (cells.isEmpty()) {
            nothingToRun = axes.stream().filter(a -> a.values().isEmpty()).map(a -> "grid." + a.key() + " is empty")
                    .findFirst().orElse("the grid is empty");
        }
        if (!problems.isEmpty()) {
            throw new SpecException(new ArrayList<>(problems));
        }
        return new ExperimentSpec(file, named.string("tracking.experiment"), description == null ? "" : String.valueOf(description.value()),
                axes, seedList, cells, new ArrayList<>(variants.keySet()), report, nothingToRun, seedScope);
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
                        problems.add(v.where() + ": variants." + name + "." + key + ": seedScope: pipeline sets it from each run's seed");
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
                problems.add(settings.where() + ": variants." + name + ": expected a mapping of keys to values, got "
                        + Validator.describe(settings));
            } else {
                out.put(name, settings);
            }
        });
        return out;
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
        if (tracking.get("experiment") == null) {
            tracking.put("experiment", specName);
        }
    }

    private Located readWithBases(Path file, Set<Path> seen) {
        if (!seen.add(file)) {
            throw new SpecException(file + ": 'extends' loops back to this file");
        }
        Located spec = YamlFiles.read(file);
        if (!spec.isMap()) {
            throw new SpecException(spec.where() + ": a spec must be a mapping of sections, got " + Validator.describe(spec));
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
            Path basePath = file.getParent().resolve(baseName).normalize();
            Located loaded;
            try {
                loaded = readWithBases(basePath, new HashSet<>(seen));
            } catch (SpecException e) {
                if (e.getMessage().startsWith(basePath + ": spec file not found")) {
                    throw new SpecException(b.where() + ": extends: base spec " + basePath + " not found");
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
    private static void applyOverride(Located spec, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new SpecException("--set " + override + ": expected key=value, e.g. --set train.epochs=5");
        }
        String key = override.substring(0, eq).trim();
        Located value = YamlFiles.parseScalarOrFlow(override.substring(eq + 1), "--set " + key);
        String gridPrefix = SpecSchema.GRID + ".";
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
            KeyDef def = SpecSchema.find(key);
            boolean backboneParam = key.startsWith("backbone.params.") && key.length() > "backbone.params.".length();
            if (!backboneParam && (def == null || def.type() == KeyType.SECTION)) {
                problems.add(e.getValue().where() + ": grid." + key + ": not a spec key; grid keys are dotted paths"
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
