package org.hitlbm.experiments.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hitlbm.backbones.Backbone;
import org.hitlbm.backbones.Backbones;
import org.hitlbm.data.settings.Problem;
import org.hitlbm.data.settings.Setting;
import org.hitlbm.data.settings.SettingType;
import org.hitlbm.fusion.fuse.Fusions;

/** Checks a spec tree against {@link SpecSchema} and fills in defaults, collecting every problem. */
final class Validator {
    private final Set<String> problems = new LinkedHashSet<>();
    private final Map<String, Object> resolvedFlat = new LinkedHashMap<>();

    /** @param root the spec body: config sections only (extends/grid/seeds already taken out) */
    Map<String, Object> resolve(Located root) {
        return section(root, SpecSchema.root(), "");
    }

    Set<String> problems() {
        return problems;
    }

    /** Where a key (or its closest written ancestor) was written, for semantic errors. */
    String where(String dottedPath, Located root) {
        Located at = root;
        for (String part : dottedPath.split("\\.")) {
            if (!at.isMap() || !at.map().containsKey(part)) {
                break;
            }
            at = at.map().get(part);
        }
        return at.where();
    }

    void problem(String where, String path, String message) {
        problems.add(where + ": " + path + ": " + message);
    }

    private Map<String, Object> section(Located node, Setting def, String path) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Located> given = node == null ? Map.of() : node.map();
        for (Map.Entry<String, Located> entry : given.entrySet()) {
            if (!def.children().containsKey(entry.getKey())) {
                String key = Quote.key(join(path, entry.getKey()));
                problem(entry.getValue().where(), key, "unknown key" + suggestion(entry.getKey(), def)
                        + "; allowed " + (path.isEmpty() ? "top-level keys" : "keys in '" + path + "'") + ": "
                        + String.join(", ", def.children().keySet())
                        + (path.isEmpty() ? ", extends, grid, variants, seeds, seedScope, report, description" : ""));
            }
        }
        for (Setting child : def.children().values()) {
            String key = join(path, child.name());
            Located value = given.get(child.name());
            if (child.type() == SettingType.SECTION) {
                if (value != null && value.value() != null && !value.isMap()) {
                    problem(value.where(), key, "expected a section of keys (" + String.join(", ", child.children().keySet())
                            + "), got " + describe(value));
                    value = null;
                }
                out.put(child.name(), section(value == null || value.value() == null ? null : value, child, key));
                continue;
            }
            Object resolved = value == null || value.value() == null
                    ? child.defaultValue(resolvedFlat::get)
                    : typed(value, child, key);
            if (child.type() == SettingType.INT && resolved instanceof Number n) {
                resolved = n.intValue(); // defaults are written as longs, values are ints
            }
            resolvedFlat.put(key, resolved);
            out.put(child.name(), resolved);
        }
        return out;
    }

    private Object typed(Located value, Setting def, String key) {
        Object v = value.value();
        String expected = "expected " + def.expectation();
        switch (def.type()) {
            case INT -> {
                if (!(v instanceof Long n) || n < def.min() || n > def.max() || n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
                    problem(value.where(), key, expected + ", got " + describe(value));
                    return def.defaultValue(resolvedFlat::get);
                }
                return n.intValue();
            }
            case DOUBLE -> {
                if (!(v instanceof Number n) || n.doubleValue() < def.min() || n.doubleValue() > def.max()) {
                    problem(value.where(), key, expected + ", got " + describe(value));
                    return def.defaultValue(resolvedFlat::get);
                }
                return n.doubleValue();
            }
            case BOOL -> {
                if (!(v instanceof Boolean)) {
                    problem(value.where(), key, expected + ", got " + describe(value));
                    return def.defaultValue(resolvedFlat::get);
                }
                return v;
            }
            case STRING -> {
                if (value.isMap() || value.isList()) {
                    problem(value.where(), key, expected + ", got " + describe(value));
                    return null;
                }
                return v.toString();
            }
            case CHOICE -> {
                if (value.isMap() || value.isList() || !def.choices().contains(v.toString())) {
                    problem(value.where(), key, expected + ", got " + describe(value));
                    return def.defaultValue(resolvedFlat::get);
                }
                return v.toString();
            }
            case OPEN_MAP -> {
                if (!value.isMap()) {
                    problem(value.where(), key, expected + ", got " + describe(value));
                    return Map.of();
                }
                return value.plain();
            }
            default -> throw new IllegalStateException("section handled by caller: " + key);
        }
    }

    /** backbone.params against the chosen backbone's declared parameters and their types. */
    Map<String, Object> backboneParams(Object backboneName, Object given, Located root) {
        Backbone backbone = Backbones.all().stream().filter(b -> b.name().equals(backboneName)).findFirst().orElse(null);
        if (backbone == null) {
            return Map.of();
        }
        Map<String, Object> params = params("backbone", backboneName, backbone.defaultParams(), given, root);
        report("backbone", Setting.check(backbone.params(), params), root);
        return params;
    }

    /** fusion.params over the fusion's defaults, each checked against its declaration ({@link Fusions#check}). */
    Map<String, Object> fusionParams(Object fusionName, Object given, Located root) {
        if (!Fusions.names().contains(fusionName)) {
            return Map.of();
        }
        Map<String, Object> params = params("fusion", fusionName, Fusions.defaultParams((String) fusionName), given, root);
        report("fusion", Fusions.check((String) fusionName, params), root);
        return params;
    }

    /** Rule problems at the line where each param (or its closest section) was written. */
    private void report(String section, List<Problem> found, Located root) {
        for (Problem p : found) {
            String key = section + ".params." + p.param();
            problem(where(key, root), key, p.message());
        }
    }

    /** A section's own params over its defaults: unknown names and wrong types are problems at their line. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> params(String section, Object name, Map<String, Object> defaults, Object given, Located root) {
        Map<String, Object> params = new LinkedHashMap<>(defaults);
        Map<String, Object> written = given == null ? Map.of() : (Map<String, Object>) given;
        for (Map.Entry<String, Object> e : written.entrySet()) {
            String key = section + ".params." + e.getKey();
            Object defaultValue = params.get(e.getKey());
            if (!params.containsKey(e.getKey())) {
                problem(where(key, root), Quote.key(key), "unknown parameter of " + section + " '" + name + "'; allowed: "
                        + (defaults.isEmpty() ? "none" : String.join(", ", defaults.keySet())));
                continue;
            }
            Object converted = Setting.convertLike(defaultValue, e.getValue());
            if (converted == null) {
                problem(where(key, root), key, "expected " + Setting.typeName(defaultValue) + " (default " + defaultValue
                        + "), got " + Quote.plain(e.getValue()));
                continue;
            }
            params.put(e.getKey(), converted);
        }
        return params;
    }

    static String describe(Located value) {
        if (value.isMap()) {
            return "a mapping";
        }
        if (value.isList()) {
            return "a list";
        }
        Object v = value.value();
        return v instanceof String s ? Quote.token(s) : String.valueOf(v);
    }

    private static String suggestion(String key, Setting def) {
        List<String> close = new ArrayList<>();
        for (String known : def.children().keySet()) {
            if (known.equalsIgnoreCase(key) || editDistance(known.toLowerCase(), key.toLowerCase()) <= 2) {
                close.add(known);
            }
        }
        return close.isEmpty() ? "" : " (did you mean '" + close.get(0) + "'?)";
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
