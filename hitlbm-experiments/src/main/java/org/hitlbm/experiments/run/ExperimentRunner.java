package org.hitlbm.experiments.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitlbm.data.DataFormatException;
import org.hitlbm.experiments.pipeline.Pipeline;
import org.hitlbm.experiments.pipeline.Reporter;
import org.hitlbm.experiments.pipeline.TrainStage;
import org.hitlbm.experiments.spec.ExperimentSpec;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.RunPlan;
import org.hitlbm.experiments.spec.SpecException;
import org.hitlbm.experiments.tracking.GitInfo;
import org.hitlbm.experiments.tracking.LocalRunRecord;
import org.hitlbm.experiments.tracking.MlflowSync;
import org.hitlbm.experiments.tracking.RunKeys;
import org.hitlbm.experiments.tracking.TrackedRun;
import org.hitlbm.experiments.tracking.Tracker;
import org.hitlbm.nn.train.EpochReport;
import org.hitlbm.nn.train.TrainingListener;
import org.hitlbm.tree.llm.LlmException;

/**
 * Runs the selected runs of a spec: each asks the pipeline for its train stage (data, interests,
 * trees and vectors as the cell needs them, shared by cells with the same settings), then writes
 * local results and tracks them. A run already finished with the same config is skipped, so a
 * killed grid picks up where it stopped.
 */
public final class ExperimentRunner {
    private final Reporter reporter;
    private final boolean force;
    private Pipeline pipeline;

    public ExperimentRunner(Reporter reporter, boolean force) {
        this.reporter = reporter;
        this.force = force;
    }

    /** What happened to the selected runs; {@code reused} of the finished ones were copied from another experiment. */
    public record Outcome(int finished, int reused, int skipped, int failed, Path resultsDir, double seconds) {
    }

    public Outcome run(ExperimentSpec spec, List<RunPlan> plans, Tracker tracker) {
        if (plans.isEmpty()) {
            throw new SpecException(spec.file() + ": nothing to run" + (spec.nothingToRun() == null ? "" : ": " + spec.nothingToRun()));
        }
        Path resultsRoot = Path.of(plans.get(0).config().string("paths.results"));
        ResultsWriter results = new ResultsWriter(resultsRoot, spec.name());
        int leftovers = org.hitlbm.data.io.TempFiles.sweep(resultsRoot);
        if (leftovers > 0) {
            reporter.info("removed " + leftovers + " temporary file(s) a killed run left under " + resultsRoot);
        }
        Map<RunPlan, String> yamls = new java.util.HashMap<>();
        List<ResultsWriter.Planned> planned = new ArrayList<>();
        for (RunPlan p : spec.runs()) {
            String yaml = p.config().toYaml();
            yamls.put(p, yaml);
            planned.add(new ResultsWriter.Planned(RunKeys.folder(RunKeys.runKey(yaml)), p.name(), p.cell().index(), p.seed()));
        }
        results.writeExperiment(spec, planned);
        FinishedRuns reusable = force ? null : FinishedRuns.index(resultsRoot);
        SafeTracker safeTracker = new SafeTracker(tracker, reporter, results.experimentDir().toString());
        ProgressLine progress = new ProgressLine(reporter, plans.size());
        pipeline = new Pipeline();
        List<String> gridKeys = spec.cellKeys();
        int finished = 0;
        int reused = 0;
        int skipped = 0;
        int failed = 0;
        int notTracked = 0;
        reporter.info("experiment " + spec.name() + ": " + plans.size() + " run(s) of " + spec.cells().size()
                + " cell(s) x " + spec.seeds().size() + " seed(s); results in " + results.experimentDir()
                + "; tracking: " + tracker.describe());
        for (int i = 0; i < plans.size(); i++) {
            RunPlan plan = plans.get(i);
            progress.runStarted(i + 1, "cell " + plan.cell().index() + "/" + plan.cellCount() + " seed " + plan.seed());
            String yaml = yamls.computeIfAbsent(plan, p -> p.config().toYaml());
            String folder = RunKeys.folder(RunKeys.runKey(yaml));
            StoredRun existing = StoredRun.read(results.runDir(folder));
            if (!force && existing.finished()) {
                progress.message(plan.name() + " already finished with this config (" + folder + "); skipped (--force reruns it)");
                progress.skipped();
                skipped++;
                if (!Files.exists(results.runDir(folder).resolve(MlflowSync.MARKER_FILE))) {
                    notTracked++;
                }
                continue;
            }
            if (existing.started() && !existing.finished()) {
                progress.message(plan.name() + ": " + folder + " holds no finished run (" + existing.problem() + "); training it again");
            }
            Path source = reusable == null ? null : reusable.find(yaml);
            if (source != null && !source.toAbsolutePath().equals(results.runDir(folder).toAbsolutePath())) {
                try {
                    reuse(spec, plan, folder, yaml, FinishedRuns.verified(source, yaml), results, safeTracker);
                    progress.message(plan.name() + " trained the same settings and seed as " + source + ": copied, not retrained");
                    progress.runEnded();
                    results.writeSummary(gridKeys);
                    reused++;
                    finished++;
                    continue;
                } catch (RuntimeException e) {
                    progress.message("cannot copy " + source + " (" + e.getMessage() + "); training " + plan.name() + " instead");
                }
            }
            try {
                runOne(spec, plan, folder, yaml, results, safeTracker, progress);
                if (reusable != null) {
                    reusable.record(results.runDir(folder), yaml);
                }
                finished++;
            } catch (DataFormatException | SpecException | LlmException | org.hitlbm.tree.prompt.PromptException e) {
                throw e; // bad data, config or LLM backend fails every run alike: stop now, nothing is lost
            } catch (RuntimeException e) {
                failed++;
                reporter.error("run " + plan.name() + " FAILED: " + e);
            } finally {
                progress.runEnded();
                results.writeSummary(gridKeys);
            }
        }
        if (notTracked > 0 && !(tracker instanceof org.hitlbm.experiments.tracking.NoTracker) && !safeTracker.failed()) {
            reporter.info(notTracked + " skipped run(s) finished before without tracking; upload them with `sync-mlflow "
                    + results.experimentDir() + "`");
        }
        results.writeSummary(gridKeys); // also when every run was skipped: the summary shows the spec as it is now
        safeTracker.close();
        return new Outcome(finished, reused, skipped, failed, results.experimentDir(), progress.elapsedSeconds());
    }

    /** Copies a finished run (verified just now) that trained exactly this config and seed. */
    private void reuse(ExperimentSpec spec, RunPlan plan, String folder, String yaml, StoredRun verifiedSource, ResultsWriter results,
                       SafeTracker tracker) {
        Path source = verifiedSource.dir();
        ResolvedConfig config = plan.config();
        Map<String, String> params = config.flatten();
        Map<String, String> tags = tags(config, plan, yaml);
        tags.put("reused_from", source.toString());
        // metrics first, config last: a copy killed half-way has no config.yaml and is not taken as finished
        Path metricsFile = results.copyMetrics(source.resolve("metrics.json"), spec.name(), folder, plan.name(), params, tags);
        results.writeConfig(folder, yaml);
        TrackedRun tracked = tracker.startRun(spec.name(), plan.name(), params, tags);
        Map<String, Double> finalMetrics = readRecord(metricsFile).finalMetrics();
        tracked.logMetrics(finalMetrics, finalMetrics.getOrDefault("epochs_run", 0.0).intValue());
        tracked.logArtifact(results.runDir(folder).resolve("config.yaml"), "config.yaml");
        tracked.logArtifact(metricsFile, "metrics.json");
        tracked.finish("FINISHED");
        if (tracked.runId() != null) {
            MlflowSync.markSynced(results.runDir(folder), tracked.trackingUri(), tracked.runId());
        }
    }

    private void runOne(ExperimentSpec spec, RunPlan plan, String folder, String yaml, ResultsWriter results, SafeTracker tracker,
                        ProgressLine progress) {
        ResolvedConfig config = plan.config();
        String started = Instant.now().toString();
        results.clearMetrics(folder); // an earlier attempt's record must not stand for this one
        results.writeConfig(folder, yaml);
        Map<String, String> params = config.flatten();
        Map<String, String> tags = tags(config, plan, yaml);
        List<RunRecord.Epoch> history = new ArrayList<>();
        TrackedRun tracked = tracker.startRun(spec.name(), plan.name(), params, tags);
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochReport report) {
                history.add(new RunRecord.Epoch(report.epoch(), report.metrics()));
                tracked.logMetrics(report.metrics(), report.epoch());
                progress.epoch(report);
            }
        };
        // the stages' own lines ("data prepared ...") carry this run's label, as the runner's do
        Reporter labelled = new Reporter.Forwarding(reporter) {
            @Override
            public void info(String line) {
                progress.message(line);
            }
        };
        try (Pipeline.Run run = pipeline.open(config, labelled)) {
            TrainStage.Trained trained = run.output(new TrainStage(listener, results.runDir(folder).resolve("checkpoint")));
            Map<String, Double> finalMetrics = trained.metrics();
            progress.message(String.format("%s done: best epoch %d, val AUC %.4f, test AUC %.4f, test LogLoss %.4f",
                    plan.name(), trained.result().bestEpoch(), finalMetrics.get("val.auc"), finalMetrics.get("test.auc"),
                    finalMetrics.get("test.logloss")));
            RunRecord record = new RunRecord(spec.name(), plan.name(), "FINISHED", started, Instant.now().toString(),
                    params, tags, history, finalMetrics, null);
            finishTracked(tracked, results, folder, record, finalMetrics, trained.result().bestEpoch(), "FINISHED");
        } catch (RuntimeException e) {
            RunRecord record = new RunRecord(spec.name(), plan.name(), "FAILED", started, Instant.now().toString(),
                    params, tags, history, Map.of(), String.valueOf(e));
            finishTracked(tracked, results, folder, record, Map.of(), history.size(), "FAILED");
            throw e;
        }
    }

    private static LocalRunRecord readRecord(Path metricsJson) {
        try {
            return LocalRunRecord.read(metricsJson);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + metricsJson, e);
        }
    }

    private void finishTracked(TrackedRun tracked, ResultsWriter results, String folder, RunRecord record,
                               Map<String, Double> finalMetrics, int step, String status) {
        Path metricsFile = results.writeMetrics(folder, record);
        Path runDir = results.runDir(folder);
        tracked.logMetrics(finalMetrics, step);
        tracked.logArtifact(runDir.resolve("config.yaml"), "config.yaml");
        tracked.logArtifact(metricsFile, "metrics.json");
        tracked.finish(status);
        if (tracked.runId() != null) {
            MlflowSync.markSynced(runDir, tracked.trackingUri(), tracked.runId());
        }
    }

    private static Map<String, String> tags(ResolvedConfig config, RunPlan plan, String yaml) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(RunKeys.TAG, RunKeys.runKey(yaml));
        tags.put("git.commit", GitInfo.commit(Path.of("").toAbsolutePath()));
        tags.put("dataset", config.string("dataset.name"));
        tags.put("backbone", config.string("backbone.name"));
        tags.put("fusion", config.string("fusion.name"));
        if (config.string(org.hitlbm.experiments.spec.SpecSchema.VARIANT) != null) {
            tags.put("variant", config.string(org.hitlbm.experiments.spec.SpecSchema.VARIANT));
        }
        tags.put("llm.backend", config.string("llm.backend"));
        tags.put("cell", String.valueOf(plan.cell().index()));
        tags.put("seed", String.valueOf(plan.seed()));
        plan.cell().assignment().forEach((k, v) -> tags.put("grid." + k, String.valueOf(v)));
        return tags;
    }
}
