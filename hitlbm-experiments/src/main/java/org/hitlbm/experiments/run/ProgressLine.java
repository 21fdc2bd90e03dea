package org.hitlbm.experiments.run;

import java.util.Map;
import org.hitlbm.data.io.Printable;
import org.hitlbm.experiments.pipeline.Reporter;
import org.hitlbm.nn.train.EpochReport;

/**
 * One line per epoch: which run of how many, the epoch, the latest validation metric, and an ETA
 * for the whole selection from the time spent so far. Labels and messages may quote names and
 * errors from data or result files, so each line is printed through {@link Printable}: control
 * characters are shown ({@code \x1b}), not sent to the terminal.
 */
final class ProgressLine {
    private final Reporter reporter;
    private final int totalRuns;
    private final long startNanos = System.nanoTime();
    private int finishedRuns;
    private double finishedSeconds;
    private long runStartNanos;
    private String runLabel = "";

    ProgressLine(Reporter reporter, int totalRuns) {
        this.reporter = reporter;
        this.totalRuns = totalRuns;
    }

    void runStarted(int runNumber, String label) {
        runStartNanos = System.nanoTime();
        runLabel = "[run " + runNumber + "/" + totalRuns + " " + label + "]";
    }

    void runEnded() {
        finishedRuns++;
        finishedSeconds += (System.nanoTime() - runStartNanos) / 1e9;
    }

    void skipped() {
        finishedRuns++;
    }

    void epoch(EpochReport report) {
        double runSeconds = (System.nanoTime() - runStartNanos) / 1e9;
        double perEpoch = runSeconds / report.epoch();
        double thisRunLeft = perEpoch * (report.maxEpochs() - report.epoch());
        double perRun = finishedRuns > 0 && finishedSeconds > 0 ? finishedSeconds / finishedRuns : perEpoch * report.maxEpochs();
        double eta = thisRunLeft + perRun * (totalRuns - finishedRuns - 1);
        StringBuilder line = new StringBuilder(runLabel).append(" epoch ").append(report.epoch()).append('/').append(report.maxEpochs());
        for (Map.Entry<String, Double> m : report.metrics().entrySet()) {
            line.append("  ").append(m.getKey()).append(' ').append(String.format("%.4f", m.getValue()));
        }
        line.append(report.best() ? " *" : "  ");
        line.append(String.format("  %.1fs/epoch", perEpoch));
        if (report.times().threads() > 0) {
            line.append("  ").append(report.times().threads()).append(report.times().threads() == 1 ? " thread" : " threads");
        }
        line.append("  ETA <= ").append(clock(eta));
        reporter.info(Printable.line(line));
    }

    void message(String text) {
        reporter.info(Printable.text(runLabel.isEmpty() ? text : runLabel + " " + text));
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
