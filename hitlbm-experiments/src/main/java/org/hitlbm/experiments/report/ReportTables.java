package org.hitlbm.experiments.report;

import static org.hitlbm.experiments.run.ResultsWriter.meanStd;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.hitlbm.experiments.report.Comparisons.Compared;
import org.hitlbm.experiments.report.Comparisons.Group;
import org.hitlbm.experiments.report.ExperimentResults.RunResult;

/**
 * The report's Markdown in the paper's shapes: with a rows key (Table 2, Fig. 5) one table per
 * metric, a row per backbone and Base / Ours / Rel.Impr. columns; without one (Tables 3 and 5) a
 * row per variant. Every non-base cell is tested against its base over seeds.
 */
final class ReportTables {
    private ReportTables() {
    }

    static String markdown(ExperimentResults results, Comparisons comparisons, List<String> figures, List<String> notes) {
        StringBuilder md = new StringBuilder();
        String title = results.report().title() != null ? results.report().title() : results.name();
        md.append("# ").append(title).append("\n\n");
        if (!results.description().isBlank()) {
            md.append(results.description()).append(". ");
        }
        String base = results.report().base();
        md.append("Test split, mean ± sample standard deviation over seeds ").append(seeds(results)).append(" (").append(scope(results))
                .append("); epochs and models were chosen on the validation split, never on test");
        if (!results.report().selectKeys().isEmpty()) {
            md.append("; of the grid cells that differ only in ").append(String.join(", ", results.report().selectKeys()))
                    .append(", each row and variant reports the one with the best mean validation AUC (see Model selection)");
        }
        md.append(". \\*: differs from ")
                .append(base == null || base.isEmpty() ? "the first cell of its row" : "**" + base + "**")
                .append(" with p < ").append(Stats.ALPHA).append(" in a two-sided paired t-test over seeds. Rel.Impr.: AUC ours/base − 1,")
                .append(" LogLoss 1 − ours/base (both positive when better). **Bold**: the best mean")
                .append(results.report().rows() == null ? " in its column" : " in its row").append(".\n\n");
        if (results.runs().isEmpty()) {
            md.append("No finished runs yet.\n\n");
            return md.append(provenance(results)).toString();
        }
        if (results.report().rows() != null) {
            md.append(byRows(comparisons, results.report().rows(), "AUC", Group::auc, true));
            md.append(byRows(comparisons, results.report().rows(), "LogLoss", Group::logLoss, false));
        } else {
            md.append(byVariant(comparisons));
        }
        for (String figure : figures) {
            md.append("![").append(title).append("](").append(figure).append(")\n\n");
        }
        md.append(tests(comparisons, results.report().rows()));
        if (!results.report().selectKeys().isEmpty()) {
            md.append(selection(comparisons, results.report().rows()));
        }
        md.append(provenance(results));
        notes.forEach(n -> md.append("- ").append(n).append('\n'));
        return md.toString();
    }

    /** Table 2's shape: a row per value of the rows key; per label its mean ± std, and Rel.Impr. after every non-base label. */
    private static String byRows(Comparisons c, String rowsKey, String metric, Function<Group, double[]> values, boolean higherIsBetter) {
        List<String> labels = c.labels();
        StringBuilder md = new StringBuilder("## ").append(metric).append("\n\n");
        List<String> header = new ArrayList<>(List.of(rowsKey));
        for (String label : labels) {
            header.add(label);
            if (!isBase(c, label)) {
                header.add("Rel.Impr.");
            }
        }
        row(md, header);
        md.append("|").append("---|".repeat(header.size())).append('\n');
        for (String r : c.rows()) {
            List<String> cells = new ArrayList<>(List.of(r));
            String best = best(c, r, labels, values, higherIsBetter);
            for (String label : labels) {
                Group g = c.group(r, label);
                if (g == null) {
                    cells.add("");
                    if (!isBase(c, label)) {
                        cells.add("");
                    }
                    continue;
                }
                Compared cmp = c.compare(g);
                Stats.PairedTest test = cmp.base() == null ? null : metric.equals("AUC") ? cmp.auc() : cmp.logLoss();
                cells.add(bold(meanStd(values.apply(g)), label.equals(best)) + mark(test));
                if (!isBase(c, label)) {
                    cells.add(cmp.base() == null ? "" : percent(metric.equals("AUC") ? cmp.aucImprovement() : cmp.logLossImprovement()));
                }
            }
            row(md, cells);
        }
        if (c.rows().size() > 1) {
            row(md, averageRow(c, labels, metric.equals("AUC")));
        }
        return md.append('\n').toString();
    }

    /** The paper's "average improvement": Rel.Impr. of each non-base label averaged over the rows that have it. */
    private static List<String> averageRow(Comparisons c, List<String> labels, boolean auc) {
        List<String> cells = new ArrayList<>(List.of("*average*"));
        for (String label : labels) {
            cells.add("");
            if (isBase(c, label)) {
                continue;
            }
            double[] gains = c.groups().stream().filter(g -> g.label().equals(label)).map(c::compare).filter(cmp -> cmp.base() != null)
                    .mapToDouble(cmp -> auc ? cmp.aucImprovement() : cmp.logLossImprovement()).toArray();
            cells.add(gains.length == 0 ? "" : percent(Stats.mean(gains)));
        }
        return cells;
    }

    /** Tables 3 and 5: a row per variant, AUC and LogLoss with their marks, Rel.Impr. and p against the base. */
    private static String byVariant(Comparisons c) {
        StringBuilder md = new StringBuilder();
        List<String> header = List.of("Model", "AUC", "LogLoss", "Rel.Impr. (AUC)", "Rel.Impr. (LogLoss)", "p (AUC)", "p (LogLoss)");
        row(md, header);
        md.append("|").append("---|".repeat(header.size())).append('\n');
        double bestAuc = c.groups().stream().mapToDouble(g -> Stats.mean(g.auc())).max().orElse(Double.NaN);
        double bestLogLoss = c.groups().stream().mapToDouble(g -> Stats.mean(g.logLoss())).min().orElse(Double.NaN);
        for (Group g : c.groups()) {
            Compared cmp = c.compare(g);
            boolean hasBase = cmp.base() != null;
            row(md, List.of(g.label(),
                    bold(meanStd(g.auc()), Stats.mean(g.auc()) == bestAuc) + mark(hasBase ? cmp.auc() : null),
                    bold(meanStd(g.logLoss()), Stats.mean(g.logLoss()) == bestLogLoss) + mark(hasBase ? cmp.logLoss() : null),
                    hasBase ? percent(cmp.aucImprovement()) : "(base)",
                    hasBase ? percent(cmp.logLossImprovement()) : "(base)",
                    hasBase ? p(cmp.auc()) : "", hasBase ? p(cmp.logLoss()) : ""));
        }
        return md.append('\n').toString();
    }

    private static String tests(Comparisons c, String rowsKey) {
        StringBuilder md = new StringBuilder("## Paired t-tests against the base (test split, pairs = seeds)\n\n");
        List<String> header = new ArrayList<>();
        if (rowsKey != null) {
            header.add(rowsKey);
        }
        header.addAll(List.of("cell", "base", "pairs", "ΔAUC", "t", "p", "ΔLogLoss", "t", "p"));
        row(md, header);
        md.append("|").append("---|".repeat(header.size())).append('\n');
        for (Group g : c.groups()) {
            Compared cmp = c.compare(g);
            if (cmp.base() == null) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            if (rowsKey != null) {
                cells.add(g.row());
            }
            cells.addAll(List.of(g.label(), cmp.base().label(), String.valueOf(cmp.auc().pairs()),
                    signed(cmp.auc().meanDifference()), fixed(cmp.auc().t()), p(cmp.auc()),
                    signed(cmp.logLoss().meanDifference()), fixed(cmp.logLoss().t()), p(cmp.logLoss())));
            row(md, cells);
        }
        return md.append('\n').toString();
    }

    /** What the seeds varied: the spread of a training-scope report leaves out the LLM, trees and rating models. */
    static String scope(ExperimentResults results) {
        return "pipeline".equals(results.seedScope())
                ? "seedScope: pipeline, each seed re-samples the LLM interests and trees, refits the rating models and"
                        + " re-initialises and reshuffles the CTR model"
                : "seedScope: training, each seed re-initialises and reshuffles the CTR model only; interests, trees and rating"
                        + " models are the same in every seed, so the spread understates the whole pipeline's";
    }

    /** Every tuned setting per row and variant with its mean validation AUC; the chosen one in bold. */
    private static String selection(Comparisons c, String rowsKey) {
        StringBuilder md = new StringBuilder("## Model selection (mean validation AUC over seeds)\n\n");
        List<String> header = new ArrayList<>();
        if (rowsKey != null) {
            header.add(rowsKey);
        }
        header.addAll(List.of("cell", "candidates (validation AUC)", "chosen"));
        row(md, header);
        md.append("|").append("---|".repeat(header.size())).append('\n');
        for (Group g : c.groups()) {
            List<String> cells = new ArrayList<>();
            if (rowsKey != null) {
                cells.add(g.row());
            }
            List<String> options = new ArrayList<>();
            for (Comparisons.Candidate candidate : g.candidates()) {
                String text = candidate.setting() + ": " + String.format(Locale.ROOT, "%.4f", candidate.validationAuc())
                        + " (" + candidate.seeds() + " seeds)";
                options.add(candidate.setting().equals(g.selected()) ? "**" + text + "**" : text);
            }
            cells.addAll(List.of(g.label(), String.join("; ", options), g.selected()));
            row(md, cells);
        }
        return md.append('\n').toString();
    }

    private static String provenance(ExperimentResults results) {
        StringBuilder md = new StringBuilder("## Runs\n\n");
        long reused = results.runs().stream().filter(r -> r.reusedFrom() != null).count();
        md.append("- ").append(results.runs().size()).append(" finished run(s) in `").append(results.dir()).append("`");
        if (!results.skipped().isEmpty()) {
            md.append("; ").append(results.skipped().size()).append(" not complete, left out");
        }
        if (results.stale() > 0) {
            md.append("; ").append(results.stale()).append(" folder(s) of runs the spec no longer has, not read");
        }
        md.append(".\n");
        results.skipped().stream().limit(20).forEach(s -> md.append("  - left out: ").append(s).append('\n'));
        if (reused > 0) {
            Map<String, Integer> from = new TreeMap<>();
            for (RunResult r : results.runs()) {
                if (r.reusedFrom() != null) {
                    java.nio.file.Path source = java.nio.file.Path.of(r.reusedFrom());
                    String experiment = source.getParent() == null ? r.reusedFrom() : source.getParent().getFileName().toString();
                    from.merge(experiment, 1, Integer::sum);
                }
            }
            md.append("- ").append(reused).append(" of them copied from runs that trained the same settings and seed in ")
                    .append(from).append(" (not retrained).\n");
        }
        return md.toString();
    }

    private static boolean isBase(Comparisons c, String label) {
        return c.groups().stream().filter(g -> g.label().equals(label)).allMatch(g -> c.baseOf(g) == null || c.baseOf(g) == g);
    }

    private static String best(Comparisons c, String row, List<String> labels, Function<Group, double[]> values, boolean higher) {
        String best = null;
        double bestValue = Double.NaN;
        for (String label : labels) {
            Group g = c.group(row, label);
            if (g == null) {
                continue;
            }
            double m = Stats.mean(values.apply(g));
            if (best == null || (higher ? m > bestValue : m < bestValue)) {
                best = label;
                bestValue = m;
            }
        }
        return best;
    }

    private static void row(StringBuilder md, List<String> cells) {
        md.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    static String mark(Stats.PairedTest test) {
        return test != null && test.significant() ? "\\*" : ""; // escaped: a bare * beside ** would be read as emphasis
    }

    private static String bold(String s, boolean bold) {
        return bold ? "**" + s + "**" : s;
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%+.2f%%", 100 * v);
    }

    private static String signed(double v) {
        return String.format(Locale.ROOT, "%+.4f", v);
    }

    private static String fixed(double v) {
        return Double.isNaN(v) ? "n/a" : Double.isInfinite(v) ? (v > 0 ? "+inf" : "-inf") : String.format(Locale.ROOT, "%.2f", v);
    }

    static String p(Stats.PairedTest test) {
        if (test == null || Double.isNaN(test.p())) {
            return "n/a";
        }
        return (test.p() < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", test.p())) + (test.significant() ? " \\*" : "");
    }

    private static String seeds(ExperimentResults results) {
        return results.runs().stream().map(RunResult::seed).distinct().sorted().map(String::valueOf).toList().toString();
    }
}
