package org.hitlbm.experiments.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code report:} section of a spec: how {@code report results/<experiment>} shapes its tables
 * and chart. It is not part of any run's config, so changing it never reruns anything.
 *
 * @param title a heading (default: the spec's description)
 * @param rows  a grid key whose values become table rows and chart groups (Table 2: backbone.name);
 *              null = one row per variant (Tables 3 and 5)
 * @param base  the variant every other one is compared with, paired over seeds (default: the first)
 * @param chart none, bars (Fig. 5 and 7: mean test AUC with std error bars) or scale (Fig. 6: test
 *              AUC against the LLM size read from {@code x})
 * @param x     for the scale chart, the grid key holding model names (llm.model or llm.modelPath)
 * @param select grid keys tuned by validation (e.g. "train.learningRate, train.batchSize", as the
 *              paper grid-searches them): per row and variant, the cell with the best mean
 *              validation AUC over seeds is chosen and only its test metrics are reported; null = none
 */
public record ReportSettings(String title, String rows, String base, String chart, String x, String select) {
    public static final List<String> CHARTS = List.of("none", "bars", "scale");
    private static final List<String> KEYS = List.of("title", "rows", "base", "chart", "x", "select");

    public static ReportSettings defaults(List<String> variants) {
        return new ReportSettings(null, null, variants.isEmpty() ? null : variants.get(0), "none", "llm.model", null);
    }

    /** The keys of {@link #select}, in order (empty when none). */
    public List<String> selectKeys() {
        if (select == null || select.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(select.split(",")).map(String::strip).filter(k -> !k.isEmpty()).toList();
    }

    static ReportSettings parse(Located node, List<String> variants, Set<String> problems) {
        ReportSettings defaults = defaults(variants);
        if (node == null || node.value() == null) {
            return defaults;
        }
        if (!node.isMap()) {
            problems.add(node.where() + ": report: expected a mapping with keys " + String.join(", ", KEYS));
            return defaults;
        }
        Map<String, String> v = new LinkedHashMap<>();
        node.map().forEach((key, value) -> {
            if (!KEYS.contains(key)) {
                problems.add(value.where() + ": report." + Quote.key(key) + ": unknown key; allowed keys in 'report': "
                        + String.join(", ", KEYS));
            } else if (!(value.value() instanceof String text)) {
                problems.add(value.where() + ": report." + key + ": expected text, got " + Validator.describe(value));
            } else {
                v.put(key, text);
            }
        });
        String base = v.getOrDefault("base", defaults.base());
        if (v.containsKey("base") && !variants.contains(base)) {
            problems.add(node.map().get("base").where() + ": report.base: " + Quote.token(base) + " is not one of the variants "
                    + variants);
        }
        String chart = v.getOrDefault("chart", "none");
        if (!CHARTS.contains(chart)) {
            problems.add(node.map().get("chart").where() + ": report.chart: expected one of " + CHARTS + ", got " + Quote.token(chart));
        }
        String rows = v.get("rows");
        if (rows != null && SpecSchema.find(rows) == null) {
            problems.add(node.map().get("rows").where() + ": report.rows: " + Quote.token(rows) + " is not a spec key");
        }
        String x = v.getOrDefault("x", defaults.x());
        if (SpecSchema.find(x) == null) {
            problems.add(node.map().get("x").where() + ": report.x: " + Quote.token(x) + " is not a spec key");
        }
        ReportSettings parsed = new ReportSettings(v.get("title"), rows, base, chart, x, v.get("select"));
        for (String key : parsed.selectKeys()) {
            boolean backboneParam = key.startsWith("backbone.params.") && key.length() > "backbone.params.".length();
            if (!backboneParam && SpecSchema.find(key) == null) {
                problems.add(node.map().get("select").where() + ": report.select: " + Quote.token(key) + " is not a spec key");
            } else if (key.equals(rows)) {
                problems.add(node.map().get("select").where() + ": report.select: " + Quote.token(key)
                        + " is the rows key; a row cannot be tuned away");
            }
        }
        return parsed;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("rows", rows);
        m.put("base", base);
        m.put("chart", chart);
        m.put("x", x);
        m.put("select", select);
        return m;
    }
}
