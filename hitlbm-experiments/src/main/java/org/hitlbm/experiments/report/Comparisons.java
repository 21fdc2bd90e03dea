package org.hitlbm.experiments.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hitlbm.experiments.report.ExperimentResults.RunResult;
import org.hitlbm.experiments.spec.SpecSchema;

/**
 * The runs of an experiment grouped over seeds, each group set against its base: the base variant
 * in the same row with the same other grid values (without variants, the row's first group), paired
 * seed by seed. With {@code report.select}, the grid values of those keys are tuned away: of the
 * cells that differ only in them, the one with the best mean validation AUC represents the group
 * (model selection on validation, as the paper's grid search; test never chooses).
 */
public final class Comparisons {
    private final List<Group> groups;
    private final String base;

    /**
     * Runs of one cell over seeds.
     *
     * @param row     the value of the report's rows key ("" without one)
     * @param variant the variant ("" without variants)
     * @param rest    the other grid values, "key=value, ..."
     * @param selected the tuned values this group's runs have ("key=value, ..."; "" without report.select)
     * @param candidates every tuned setting that was considered, with its mean validation AUC
     */
    public record Group(String row, String variant, String rest, List<RunResult> runs, String selected, List<Candidate> candidates) {
        public String label() {
            String label = (variant + " " + rest).trim();
            return label.isEmpty() ? "(all runs)" : label;
        }

        public double[] auc() {
            return runs.stream().mapToDouble(RunResult::auc).toArray();
        }

        public double[] logLoss() {
            return runs.stream().mapToDouble(RunResult::logLoss).toArray();
        }

        Map<Long, RunResult> bySeed() {
            Map<Long, RunResult> m = new TreeMap<>();
            runs.forEach(r -> m.put(r.seed(), r));
            return m;
        }
    }

    /** One setting of the tuned keys: its mean validation AUC over its seeds. */
    public record Candidate(String setting, double validationAuc, int seeds) {
    }

    /** A group against its base; {@code base} is null for the base itself and for a group with no base. */
    public record Compared(Group group, Group base, Stats.PairedTest auc, Stats.PairedTest logLoss) {
        /** AUC: ours / base - 1. */
        public double aucImprovement() {
            return Stats.mean(group.auc()) / Stats.mean(base.auc()) - 1;
        }

        /** LogLoss is better lower: 1 - ours / base. */
        public double logLossImprovement() {
            return 1 - Stats.mean(group.logLoss()) / Stats.mean(base.logLoss());
        }
    }

    private Comparisons(List<Group> groups, String base) {
        this.groups = groups;
        this.base = base;
    }

    public static Comparisons of(ExperimentResults results) {
        String rowsKey = results.report().rows();
        List<String> select = results.report().selectKeys();
        List<String> variantOrder = results.variants();
        Map<List<String>, Map<String, List<RunResult>>> byGroup = new LinkedHashMap<>();
        for (RunResult run : results.runs()) {
            String row = rowsKey == null ? "" : run.value(rowsKey);
            String variant = run.value(SpecSchema.VARIANT);
            List<String> rest = new ArrayList<>();
            List<String> tuned = new ArrayList<>();
            for (String key : results.cellKeys()) {
                if (select.contains(key)) {
                    tuned.add(key + "=" + run.value(key));
                } else if (!key.equals(rowsKey) && !key.equals(SpecSchema.VARIANT)) {
                    rest.add(key + "=" + run.value(key));
                }
            }
            byGroup.computeIfAbsent(List.of(row, variant, String.join(", ", rest)), k -> new LinkedHashMap<>())
                    .computeIfAbsent(String.join(", ", tuned), k -> new ArrayList<>()).add(run);
        }
        List<String> rowOrder = new ArrayList<>(new LinkedHashSet<>(byGroup.keySet().stream().map(k -> k.get(0)).toList()));
        List<Group> groups = new ArrayList<>();
        byGroup.forEach((k, settings) -> {
            List<Candidate> candidates = new ArrayList<>();
            String best = null;
            double bestAuc = Double.NEGATIVE_INFINITY;
            for (Map.Entry<String, List<RunResult>> e : settings.entrySet()) {
                double val = Stats.mean(e.getValue().stream().mapToDouble(RunResult::valAuc).toArray());
                candidates.add(new Candidate(e.getKey(), val, e.getValue().size()));
                if (best == null || val > bestAuc) { // NaN never wins; ties keep the first in grid order
                    best = e.getKey();
                    bestAuc = Double.isNaN(val) ? Double.NEGATIVE_INFINITY : val;
                }
            }
            groups.add(new Group(k.get(0), k.get(1), k.get(2), settings.get(best), best, candidates));
        });
        List<Group> ordered = new ArrayList<>(groups);
        ordered.sort(Comparator.comparingInt((Group g) -> rowOrder.indexOf(g.row()))
                .thenComparingInt(g -> variantOrder.contains(g.variant()) ? variantOrder.indexOf(g.variant()) : variantOrder.size())
                .thenComparingInt(groups::indexOf));
        return new Comparisons(ordered, results.report().base());
    }

    public List<Group> groups() {
        return groups;
    }

    /** Row values in order ("" once when the report has no rows key). */
    public List<String> rows() {
        return new ArrayList<>(new LinkedHashSet<>(groups.stream().map(Group::row).toList()));
    }

    /** Column labels in order: variants (with any other grid values). */
    public List<String> labels() {
        Set<String> labels = new LinkedHashSet<>();
        groups.forEach(g -> labels.add(g.label()));
        return new ArrayList<>(labels);
    }

    public Group group(String row, String label) {
        return groups.stream().filter(g -> g.row().equals(row) && g.label().equals(label)).findFirst().orElse(null);
    }

    public Group baseOf(Group g) {
        if (base != null && !base.isEmpty()) {
            return groups.stream().filter(o -> o.row().equals(g.row()) && o.variant().equals(base) && o.rest().equals(g.rest()))
                    .findFirst().orElse(null);
        }
        return groups.stream().filter(o -> o.row().equals(g.row())).findFirst().orElse(null);
    }

    public Compared compare(Group g) {
        Group b = baseOf(g);
        if (b == null || b == g) {
            return new Compared(g, null, null, null);
        }
        Map<Long, RunResult> mine = g.bySeed();
        Map<Long, RunResult> theirs = b.bySeed();
        List<Long> seeds = mine.keySet().stream().filter(theirs::containsKey).toList();
        double[] aucA = seeds.stream().mapToDouble(s -> mine.get(s).auc()).toArray();
        double[] aucB = seeds.stream().mapToDouble(s -> theirs.get(s).auc()).toArray();
        double[] llA = seeds.stream().mapToDouble(s -> mine.get(s).logLoss()).toArray();
        double[] llB = seeds.stream().mapToDouble(s -> theirs.get(s).logLoss()).toArray();
        return new Compared(g, b, Stats.paired(aucA, aucB), Stats.paired(llA, llB));
    }
}
