package org.hitlbm.experiments.report;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitlbm.experiments.run.ResultsWriter;
import org.hitlbm.experiments.tracking.MlflowTracker;
import org.hitlbm.experiments.tracking.TrackedRun;
import org.hitlbm.experiments.tracking.TrackingUnavailableException;

/**
 * {@code report results/<experiment>}: report.md in the paper's table shapes, the PNG chart the
 * spec's {@code report.chart} asks for, both beside the runs; with a tracking server, the same
 * files as artifacts of an MLflow run named "report" in the experiment.
 */
public final class ReportCommand {
    static final String MARKDOWN = "report.md";
    static final String BARS = "auc-bars.png";
    static final String SCALE = "auc-by-llm-size.png";

    private final PrintStream out;
    private final PrintStream err;

    public ReportCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** What was written, and the MLflow run that holds it (null without a server). */
    public record Result(Path markdown, List<Path> figures, String mlflowRunId) {
    }

    public Result run(Path resultsDir, String trackingUri) {
        System.setProperty("java.awt.headless", "true"); // charts are drawn off screen
        ExperimentResults results = ExperimentResults.read(resultsDir);
        results.skipped().forEach(s -> err.println("report: left out " + s));
        Comparisons comparisons = Comparisons.of(results);
        String title = results.report().title() != null ? results.report().title() : results.name();
        List<Path> figures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!results.runs().isEmpty()) {
            switch (results.report().chart()) {
                case "bars" -> {
                    figures.add(resultsDir.resolve(BARS));
                    ReportCharts.bars(comparisons, title, results.report().rows(), figures.get(0));
                }
                case "scale" -> {
                    figures.add(resultsDir.resolve(SCALE));
                    List<String> unsized = ReportCharts.scale(results, title, results.report().x(), figures.get(0));
                    unsized.forEach(name -> notes.add("not on the chart: `" + name + "` (" + results.report().x()
                            + ") has no size such as 7B or 500M in its name"));
                }
                default -> { }
            }
        }
        String md = ReportTables.markdown(results, comparisons, figures.stream().map(f -> f.getFileName().toString()).toList(), notes);
        Path markdown = ResultsWriter.writeAtomically(resultsDir.resolve(MARKDOWN), md);
        out.println("report: " + markdown + (figures.isEmpty() ? "" : ", " + figures));
        String runId = trackingUri == null || trackingUri.isBlank() ? null : track(results, trackingUri, markdown, figures);
        return new Result(markdown, figures, runId);
    }

    /** An unreachable server is a warning: the report is already on disk. */
    private String track(ExperimentResults results, String uri, Path markdown, List<Path> figures) {
        try (MlflowTracker tracker = MlflowTracker.connect(uri)) {
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("command", "report");
            tags.put("runs", String.valueOf(results.runs().size()));
            TrackedRun run = tracker.startRun(results.name(), "report", Map.of(), tags);
            run.logArtifact(markdown, "report/" + MARKDOWN);
            for (Path figure : figures) {
                run.logArtifact(figure, "report/" + figure.getFileName());
            }
            run.finish("FINISHED");
            out.println("report logged to MLflow at " + uri + ", experiment '" + results.name() + "', run " + run.runId());
            return run.runId();
        } catch (TrackingUnavailableException e) {
            err.println("WARNING: the report was written but not logged to MLflow: " + e.getMessage());
            return null;
        }
    }
}
