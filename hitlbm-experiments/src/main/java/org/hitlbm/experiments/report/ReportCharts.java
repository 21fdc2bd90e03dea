package org.hitlbm.experiments.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.text.DecimalFormat;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hitlbm.experiments.report.Comparisons.Group;
import org.hitlbm.experiments.report.ExperimentResults.RunResult;
import org.hitlbm.experiments.spec.SpecSchema;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.category.StatisticalLineAndShapeRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.chart.ui.TextAnchor;

/**
 * The report's PNG charts, drawn with JFreeChart: grouped bars of mean test AUC with ±1 std error
 * bars (Fig. 5: groups are backbones, bars the modules; Fig. 7: one group, a bar per encoder), and
 * test AUC against the LLM's size (Fig. 6: sizes in order along the axis, each read from the
 * model's name and never made up).
 */
final class ReportCharts {
    private static final Pattern SIZE = Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)\\s*([bm])(?![a-z])");
    /** Muted, distinguishable colours (Tableau 10). */
    private static final Color[] PALETTE = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0x59A14F), new Color(0xE15759),
        new Color(0x76B7B2), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC)};
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 560;

    private ReportCharts() {
    }

    /** Grouped bars: categories are the rows (one unnamed group without rows), series the labels. */
    static void bars(Comparisons c, String title, String rowsKey, Path png) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        boolean oneGroup = c.rows().size() == 1; // Fig. 7: a bar per label along the axis, no legend
        double low = Double.MAX_VALUE;
        double high = -Double.MAX_VALUE;
        for (String row : c.rows()) {
            for (String label : c.labels()) {
                Group g = c.group(row, label);
                if (g == null) {
                    continue;
                }
                double mean = Stats.mean(g.auc());
                double std = Double.isNaN(Stats.std(g.auc())) ? 0 : Stats.std(g.auc());
                if (oneGroup) {
                    data.add(mean, std, "test AUC", label);
                } else {
                    data.add(mean, std, label, row);
                }
                low = Math.min(low, mean - std);
                high = Math.max(high, mean + std);
            }
        }
        StatisticalBarRenderer renderer = new StatisticalBarRenderer();
        renderer.setErrorIndicatorPaint(Color.BLACK);
        renderer.setDrawBarOutline(false);
        renderer.setItemMargin(0.05);
        renderer.setShadowVisible(false);
        renderer.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("0.0000")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font("SansSerif", Font.PLAIN, 10));
        // at the bar's foot, where no error bar crosses it
        renderer.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.INSIDE6, TextAnchor.BOTTOM_CENTER));
        for (int i = 0; i < PALETTE.length; i++) {
            renderer.setSeriesPaint(i, PALETTE[i]);
        }
        NumberAxis y = new NumberAxis("test AUC (mean ± std over seeds)");
        y.setAutoRangeIncludesZero(false);
        double pad = Math.max(0.002, (high - low) * 0.15);
        y.setRange(low - pad, high + pad); // AUCs differ in the third decimal: bars from zero would hide it
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis(rowsKey == null ? "" : rowsKey), y, renderer);
        // wide enough that every bar keeps room for its value label
        int width = Math.max(WIDTH, 40 * data.getRowCount() * data.getColumnCount() + 200);
        save(style(new JFreeChart(title, new Font("SansSerif", Font.BOLD, 16), plot, !oneGroup), y), png, width);
    }

    /**
     * Test AUC against the LLM size written in the name under {@code xKey} ("0.5B", "7b", "500M").
     *
     * @return the names that carry no size: listed in the report, left off the chart
     */
    static List<String> scale(ExperimentResults results, String title, String xKey, Path png) {
        Map<String, Map<Double, List<Double>>> bySeries = new LinkedHashMap<>();
        List<String> unsized = new ArrayList<>();
        for (RunResult run : results.runs()) {
            String name = run.value(xKey);
            OptionalDouble size = sizeInBillions(name);
            if (size.isEmpty()) {
                if (!unsized.contains(name)) {
                    unsized.add(name);
                }
                continue;
            }
            String series = run.value(SpecSchema.VARIANT).isEmpty() ? "test AUC" : run.value(SpecSchema.VARIANT);
            bySeries.computeIfAbsent(series, s -> new TreeMap<>()).computeIfAbsent(size.getAsDouble(), s -> new ArrayList<>())
                    .add(run.auc());
        }
        // sizes along the axis in order, evenly spaced as in the paper's figure (0.5B, 1.5B, 3B, 7B)
        java.util.SortedSet<Double> sizes = new java.util.TreeSet<>();
        bySeries.values().forEach(points -> sizes.addAll(points.keySet()));
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (Map.Entry<String, Map<Double, List<Double>>> s : bySeries.entrySet()) {
            for (double size : sizes) {
                List<Double> values = s.getValue().get(size);
                if (values == null) {
                    continue;
                }
                double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
                data.add(Stats.mean(v), Double.isNaN(Stats.std(v)) ? 0 : Stats.std(v), s.getKey(), sizeLabel(size));
            }
        }
        StatisticalLineAndShapeRenderer renderer = new StatisticalLineAndShapeRenderer(true, true);
        renderer.setErrorIndicatorPaint(Color.BLACK);
        renderer.setDefaultStroke(new BasicStroke(2f));
        for (int i = 0; i < PALETTE.length; i++) {
            renderer.setSeriesPaint(i, PALETTE[i]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        NumberAxis y = new NumberAxis("test AUC (mean ± std over seeds)");
        y.setAutoRangeIncludesZero(false);
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("LLM size (parameters, from the model's name)"), y, renderer);
        save(style(new JFreeChart(title, new Font("SansSerif", Font.BOLD, 16), plot, true), y), png);
        return unsized;
    }

    private static String sizeLabel(double billions) {
        return billions < 1 && Math.round(billions * 1000) % 100 != 0 ? Math.round(billions * 1000) + "M"
                : new DecimalFormat("0.##").format(billions) + "B";
    }

    /** Billions of parameters from a model's name, or empty when the name does not say. */
    static OptionalDouble sizeInBillions(String modelName) {
        if (modelName == null) {
            return OptionalDouble.empty();
        }
        Matcher m = SIZE.matcher(modelName.substring(modelName.lastIndexOf('/') + 1)); // a folder's name says nothing
        if (!m.find()) {
            return OptionalDouble.empty();
        }
        double value = Double.parseDouble(m.group(1));
        return OptionalDouble.of(m.group(2).equalsIgnoreCase("m") ? value / 1000 : value);
    }

    private static JFreeChart style(JFreeChart chart, NumberAxis range) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        ((CategoryPlot) chart.getPlot()).setRangeGridlinePaint(Color.LIGHT_GRAY);
        range.setLabelFont(new Font("SansSerif", Font.PLAIN, 13));
        return chart;
    }

    private static void save(JFreeChart chart, Path png) {
        save(chart, png, WIDTH);
    }

    private static void save(JFreeChart chart, Path png, int width) {
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            ChartUtils.saveChartAsPNG(png.toFile(), chart, width, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }
}
