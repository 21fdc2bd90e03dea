package org.hitlbm.experiments.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hitlbm.backbones.Backbone;
import org.hitlbm.backbones.Backbones;
import org.hitlbm.data.DataFormatException;
import org.hitlbm.data.io.DatasetReaders;
import org.hitlbm.experiments.pipeline.PrintingReporter;
import org.hitlbm.experiments.pipeline.Reporter;
import org.hitlbm.experiments.run.ExperimentRunner;
import org.hitlbm.experiments.spec.Cell;
import org.hitlbm.experiments.spec.ExperimentSpec;
import org.hitlbm.experiments.spec.RunPlan;
import org.hitlbm.experiments.spec.SpecException;
import org.hitlbm.experiments.spec.SpecLoader;
import org.hitlbm.experiments.tracking.MlflowSync;
import org.hitlbm.experiments.tracking.MlflowTracker;
import org.hitlbm.experiments.tracking.NoTracker;
import org.hitlbm.experiments.tracking.Tracker;
import org.hitlbm.experiments.tracking.TrackingUnavailableException;
import org.hitlbm.tree.llm.LlmException;

/** The hitlbm command line: run, validate, list, sync-mlflow, and the pipeline's stages one at a time (interests, hts, tree). */
public final class Main {
    private final PrintStream out;
    private final PrintStream err;
    /** What the pipeline, the runner and the commands report, printed. */
    private final Reporter reporter;

    @Parameter(names = {"-h", "--help"}, help = true, description = "show usage")
    private boolean help;

    /** Everything printed shows control characters rather than sending them (titles and LLM text reach the terminal). */
    public Main(PrintStream out, PrintStream err) {
        this.out = org.hitlbm.data.io.VisibleControls.wrap(out);
        this.err = org.hitlbm.data.io.VisibleControls.wrap(err);
        this.reporter = new PrintingReporter(this.out, this.err);
    }

    /** Ends with System.exit: native engines loaded later (LLMs) may keep non-daemon threads alive. */
    public static void main(String[] args) {
        java.util.Optional<Integer> child = ChildJvm.runIfUseful(Main.class.getName(), args);
        if (child.isPresent()) {
            System.exit(child.get());
        }
        // nothing may be downloaded at run time; DJL finds the bundled PyTorch natives on the class path
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl", System.getProperty("org.slf4j.simpleLogger.log.ai.djl", "warn"));
        int code = new Main(System.out, System.err).execute(args);
        System.out.flush();
        System.exit(code);
    }

    @Parameters(commandDescription = "run every cell of a spec (or one cell, or one shard)")
    static final class RunCommand {
        @Parameter(description = "SPEC.yaml", required = true, arity = 1)
        List<String> spec = new ArrayList<>();
        @Parameter(names = "--cell", description = "run only this cell (1-based)")
        Integer cell;
        @Parameter(names = "--shard", description = "i/n: run every n-th cell starting at cell i, for splitting a grid over machines")
        String shard;
        @Parameter(names = "--set", splitter = WholeValue.class, description = "override a key, e.g. --set train.epochs=5 (repeatable)")
        List<String> overrides = new ArrayList<>();
        @Parameter(names = "--force", description = "rerun runs that already finished with the same config")
        boolean force;
        @Parameter(names = "--max-cells", description = "refuse a grid of more cells than this (checked before it is expanded)")
        long maxCells = SpecLoader.DEFAULT_MAX_CELLS;
    }

    @Parameters(commandDescription = "check a spec and print its cells, without running anything")
    static final class ValidateCommand {
        @Parameter(description = "SPEC.yaml", required = true, arity = 1)
        List<String> spec = new ArrayList<>();
        @Parameter(names = "--set", splitter = WholeValue.class, description = "override a key (repeatable)")
        List<String> overrides = new ArrayList<>();
        @Parameter(names = "--show-config", description = "print each cell's resolved config")
        boolean showConfig;
        @Parameter(names = "--max-cells", description = "refuse a grid of more cells than this (checked before it is expanded)")
        long maxCells = SpecLoader.DEFAULT_MAX_CELLS;
    }

    @Parameters(commandDescription = "list registered datasets, backbones, fusions, encoders and LLM backends")
    static final class ListCommand {
    }

    @Parameters(commandDescription = "benchmarks: `bench backbones` (training samples/s, peak memory), `bench encoders` (texts/s),"
            + " `bench pipeline` (each stage's time and memory as users grow), `bench serving --fusion DIR` (embed latency and"
            + " throughput of a saved fusion, onnxruntime against DJL)")
    static final class BenchCommand {
        @Parameter(description = "backbones|encoders|pipeline", required = true, arity = 1)
        List<String> what = new ArrayList<>();
        @Parameter(names = "--only", description = "comma-separated names (default: every neural backbone / every encoder)")
        String only;
        @Parameter(names = "--spec", description = "bench backbones: measure on this spec's prepared data (default: synthetic rows shaped like MovieLens-100K)")
        String spec;
        @Parameter(names = "--cell", description = "with --spec: which cell's data (default 1)")
        int cell = 1;
        @Parameter(names = "--set", splitter = WholeValue.class, description = "with --spec: override a key (repeatable)")
        List<String> overrides = new ArrayList<>();
        @Parameter(names = "--batch", description = "batch size")
        int batch = 256;
        @Parameter(names = "--epochs", description = "epochs per backbone; all but the first are timed")
        int epochs = 3;
        @Parameter(names = "--threads", description = "training threads (0 = auto, as train.threads); bench serving: threads inside"
                + " each call on both engines (0 = 1)")
        int threads = 0;
        @Parameter(names = "--contention", description = "measure each backbone again while another process keeps one core busy")
        boolean contention;
        @Parameter(names = "--torch-profile", description = "bench backbones: record epoch 2 of an extra run per backbone with PyTorch's profiler to PREFIX-BACKBONE.json (Chrome trace)")
        String torchProfile;
        @Parameter(names = "--out", description = "where to write the Markdown table")
        String out;
        @Parameter(names = "--texts", description = "texts per encoder")
        int texts = 300;
        @Parameter(names = "--users", description = "bench pipeline: comma-separated user counts")
        String users = "1000,5000,20000";
        @Parameter(names = "--profile", description = "bench pipeline: the synthetic world's shape, ml-1m or amazon-book")
        String profile = "ml-1m";
        @Parameter(names = "--fusion", description = "bench serving: a saved fusion folder (checkpoint/fusion of a run, or fusion/ of an export)")
        String fusion;
    }

    /** Options shared by the commands that work with one cell of a spec. */
    abstract static class OneCellCommand {
        @Parameter(description = "SPEC.yaml", required = true, arity = 1)
        List<String> spec = new ArrayList<>();
        @Parameter(names = "--cell", description = "which cell's settings to use (default 1)")
        int cell = 1;
        @Parameter(names = "--set", splitter = WholeValue.class, description = "override a key (repeatable)")
        List<String> overrides = new ArrayList<>();

        org.hitlbm.experiments.spec.ResolvedConfig config() {
            return cellConfig(spec.get(0), overrides, cell);
        }
    }

    @Parameters(commandDescription = "generate (or read from the cache) every user's CUBE interests and every item's knowledge")
    static final class InterestsCmd extends OneCellCommand {
        @Parameter(names = "--users", description = "only the first N users and their items (a quick look at a real model)")
        int users = Integer.MAX_VALUE;
        @Parameter(names = "--no-items", description = "interests only: skip item knowledge (and encoding its texts)")
        boolean noItems;
        @Parameter(names = "--shard", description = "i/n: every n-th user from the i-th, and every n-th of their items, for"
                + " splitting the LLM work over machines (default: from SLURM_ARRAY_TASK_ID/COUNT or JOB_COMPLETION_INDEX"
                + " with HITLBM_SHARD_COUNT)")
        String shard;
    }

    @Parameters(commandDescription = "print one user's chunks and the interest of each")
    static final class ShowUserCmd extends OneCellCommand {
        @Parameter(names = "--user", description = "dense user id", required = true)
        int user;
    }

    @Parameters(commandDescription = "before a run: LLM calls and tokens per stage, what the cache holds, and the wall time at"
            + " given or measured throughput")
    static final class PlanCmd extends OneCellCommand {
        @Parameter(names = "--tokens-per-second", description = "P,G: prompt and generated tokens per second of the backend")
        String tokensPerSecond;
        @Parameter(names = "--probe", description = "measure the throughput with two uncached calls to the configured backend")
        boolean probe;
        @Parameter(names = "--completion-tokens", description = "tokens of one generation (default: the mean of this model's cached"
                + " generations, else llm.maxTokens)")
        Integer completionTokens;
    }

    @Parameters(commandDescription = "write the exact train/valid/test CTR rows of a cell as CSV or Parquet, for another framework"
            + " on identical data")
    static final class ExportSamplesCmd extends OneCellCommand {
        @Parameter(names = "--out", description = "directory for train, valid and test files and vocabularies.csv", required = true)
        String out;
        @Parameter(names = "--format", description = "csv or parquet (GZIP pages, config and code version in the footer)")
        String format = "csv";
    }

    @Parameters(commandDescription = "write each user's lifelong interests (per chunk: time range, text, S_final, the vector"
            + " fusion reads) and each item's knowledge text and vector as Parquet, for a serving system")
    static final class ExportCmd extends OneCellCommand {
        @Parameter(names = "--out", description = "directory for users.parquet and items.parquet (and fusion/ when the cell's"
                + " run saved its trained fusion)", required = true)
        String out;
        @Parameter(names = "--seed", description = "which of the spec's seeds' run to export (default: the first); with"
                + " seedScope: pipeline the seed also picks the interests")
        Long seed;

        /** The run of this cell with the chosen seed (the first seed by default). */
        private org.hitlbm.experiments.spec.RunPlan chosenRun(ExperimentSpec loaded) {
            List<org.hitlbm.experiments.spec.RunPlan> runs = loaded.select(cell, null, null);
            if (seed == null) {
                return runs.get(0);
            }
            return runs.stream().filter(r -> r.seed() == seed).findFirst().orElseThrow(() -> new SpecException(
                    loaded.file() + ": --seed " + seed + " is not one of the spec's seeds " + loaded.seeds()));
        }

        @Override
        org.hitlbm.experiments.spec.ResolvedConfig config() {
            return chosenRun(new SpecLoader().load(Path.of(spec.get(0)), overrides)).config();
        }

        /** Where that run, with train.checkpoint, saved its trained fusion. */
        Path trainedFusion() {
            ExperimentSpec loaded = new SpecLoader().load(Path.of(spec.get(0)), overrides);
            org.hitlbm.experiments.spec.ResolvedConfig config = chosenRun(loaded).config();
            return new org.hitlbm.experiments.run.ResultsWriter(Path.of(config.string("paths.results")), loaded.name())
                    .runDir(org.hitlbm.experiments.tracking.RunKeys.folder(org.hitlbm.experiments.tracking.RunKeys.runKey(config.toYaml())))
                    .resolve("checkpoint").resolve("fusion");
        }
    }

    @Parameters(commandDescription = "HTS for every user: rating data, SRM/PRM, the tree search; trees cached per user")
    static final class HtsCmd extends OneCellCommand {
        @Parameter(names = "--shard", description = "i/n: search every n-th user from the i-th (the rating models still learn from"
                + " every user); default: from SLURM_ARRAY_TASK_ID/COUNT or JOB_COMPLETION_INDEX with HITLBM_SHARD_COUNT")
        String shard;
    }

    @Parameters(commandDescription = "lifelong update: add behaviours that arrived later and grow each user's tree by the chunks"
            + " they close, asking the LLM for the new layers only; the earlier run's rating models are reused")
    static final class UpdateCmd extends OneCellCommand {
        @Parameter(names = "--behaviors", description = "file of the new behaviours: user id, item id, rating, timestamp per line"
                + " (tab- or '::'-separated, or Amazon review JSON lines; the dataset's ids); added to dataset.appended")
        String behaviors;
        @Parameter(names = "--to", splitter = WholeValue.class, description = "KEY=VALUE of the updated data instead of (or"
                + " besides) --behaviors, e.g. dataset.timeFraction=1 (repeatable; dataset keys only)")
        List<String> to = new ArrayList<>();
        @Parameter(names = "--refit-rating-models", description = "fit SRM/PRM again on the updated data's training split")
        boolean refit;
        @Parameter(names = "--shard", description = "i/n: grow every n-th user's tree from the i-th (default: from the"
                + " environment, as hts)")
        String shard;
        @Parameter(names = "--dry-run", description = "update nothing: per user the chunks pending (CSV), and the LLM calls and"
                + " tokens an update of everyone would cost")
        boolean dryRun;
        @Parameter(names = "--report", description = "--dry-run's CSV (default: paths.results/<experiment>/staleness.csv)")
        String report;
    }

    @Parameters(commandDescription = "search one user's interest tree and write it as a self-contained HTML page")
    static final class TreeCmd extends OneCellCommand {
        @Parameter(names = "--user", description = "dense user id", required = true)
        int user;
        @Parameter(names = "--out", description = "HTML file (default results/trees/<experiment>-user-<U>.html)")
        String out;
    }

    @Parameters(commandDescription = "upload local results of an experiment to MLflow (runs not yet uploaded)")
    static final class SyncCommand {
        @Parameter(description = "results/<experiment>", required = true, arity = 1)
        List<String> dir = new ArrayList<>();
        @Parameter(names = "--uri", description = "tracking server (default: $MLFLOW_TRACKING_URI)")
        String uri = System.getenv("MLFLOW_TRACKING_URI");
    }

    @Parameters(commandDescription = "tables in the paper's shapes, the chart, mean ± std and paired t-tests of an experiment's"
            + " results: results/<experiment>/report.md and PNG; also logged to MLflow when a server is set")
    static final class ReportCmd {
        @Parameter(description = "results/<experiment>", required = true, arity = 1)
        List<String> dir;
        @Parameter(names = "--uri", description = "tracking server (default: $MLFLOW_TRACKING_URI; unset = files only)")
        String uri = System.getenv("MLFLOW_TRACKING_URI");
    }

    /** Keeps a --set value whole: a YAML list such as [1, 2] holds commas that are not separators. */
    public static final class WholeValue implements com.beust.jcommander.converters.IParameterSplitter {
        @Override
        public List<String> split(String value) {
            return List.of(value);
        }
    }

    public int execute(String... args) {
        RunCommand run = new RunCommand();
        ValidateCommand validate = new ValidateCommand();
        ListCommand list = new ListCommand();
        SyncCommand sync = new SyncCommand();
        BenchCommand bench = new BenchCommand();
        InterestsCmd interests = new InterestsCmd();
        ShowUserCmd showUser = new ShowUserCmd();
        HtsCmd hts = new HtsCmd();
        PlanCmd plan = new PlanCmd();
        ExportSamplesCmd exportSamples = new ExportSamplesCmd();
        ExportCmd export = new ExportCmd();
        TreeCmd tree = new TreeCmd();
        UpdateCmd update = new UpdateCmd();
        ReportCmd report = new ReportCmd();
        JCommander commander = JCommander.newBuilder().programName("java -jar hitlbm.jar").addObject(this)
                .addCommand("run", run).addCommand("validate", validate).addCommand("list", list)
                .addCommand("sync-mlflow", sync).addCommand("bench", bench)
                .addCommand("interests", interests).addCommand("show-user", showUser)
                .addCommand("plan", plan).addCommand("export-samples", exportSamples).addCommand("export", export).addCommand("hts", hts).addCommand("tree", tree).addCommand("update", update).addCommand("report", report).build();
        try {
            commander.parse(args);
        } catch (ParameterException e) {
            err.println("error: " + e.getMessage());
            err.println(usage(commander));
            return 2;
        }
        String command = commander.getParsedCommand();
        if (help || command == null) {
            out.println(usage(commander));
            return help ? 0 : 2;
        }
        try {
            return switch (command) {
                case "run" -> run(run);
                case "validate" -> validate(validate);
                case "list" -> list();
                case "sync-mlflow" -> sync(sync);
                case "report" -> {
                    new org.hitlbm.experiments.report.ReportCommand(out, err).run(Path.of(report.dir.get(0)), report.uri);
                    yield 0;
                }
                case "interests" -> interests(interests);
                case "export-samples" -> {
                    new ExportSamplesCommand(out, reporter).run(exportSamples.config(), Path.of(exportSamples.out),
                            ExportSamplesCommand.Format.parse(exportSamples.format));
                    yield 0;
                }
                case "export" -> {
                    new ExportCommand(out, reporter).run(export.config(), Path.of(export.out), export.trainedFusion());
                    yield 0;
                }
                case "plan" -> {
                    new PlanCommand(out, reporter).run(plan.config(), plan.tokensPerSecond, plan.probe, plan.completionTokens);
                    yield 0;
                }
                case "hts" -> {
                    new HtsCommand(reporter).run(hts.config(), null, userShard(hts.shard), null);
                    yield 0;
                }
                case "tree" -> {
                    org.hitlbm.experiments.spec.ResolvedConfig config = tree.config();
                    Path html = Path.of(tree.out != null ? tree.out : config.string("paths.results") + "/trees/"
                            + config.string("tracking.experiment") + "-user-" + tree.user + ".html");
                    new HtsCommand(reporter).run(config, tree.user, html);
                    yield 0;
                }
                case "update" -> {
                    update(update);
                    yield 0;
                }
                case "show-user" -> {
                    new ShowUserCommand(out, reporter).run(showUser.config(), showUser.user);
                    yield 0;
                }
                case "bench" -> "serving".equals(bench.what.get(0)) ? new BenchServing(out, err).run(bench.fusion, bench.batch,
                        bench.threads == 0 ? 1 : bench.threads,
                        Path.of(bench.out == null ? "results/bench/serving.md" : bench.out))
                        : "pipeline".equals(bench.what.get(0)) ? benchPipeline(bench) : "encoders".equals(bench.what.get(0))
                        ? new BenchEncoders(out).run(bench.only, bench.texts, Path.of(bench.out == null ? "results/bench/encoders.md" : bench.out))
                        : benchBackbones(bench);
                default -> 2;
            };
        } catch (SpecException e) {
            err.println("spec error: " + e.getMessage());
            return 2;
        } catch (org.hitlbm.tree.prompt.PromptException e) {
            err.println("prompt error: " + e.getMessage());
            return 2;
        } catch (DataFormatException e) {
            err.println("data error: " + e.getMessage());
            return 3;
        } catch (TrackingUnavailableException e) {
            err.println("tracking error: " + e.getMessage());
            return 4;
        } catch (LlmException e) {
            err.println("llm error: " + e.getMessage());
            return 5;
        } catch (org.hitlbm.data.io.StorageException e) {
            err.println("storage error: " + e.getMessage());
            return 6;
        } catch (java.io.UncheckedIOException e) {
            err.println("storage error: " + oneLine(e.getMessage()) + " (" + org.hitlbm.data.io.StorageException.cause(e.getCause()) + ")");
            return 6;
        } catch (OutOfMemoryError e) {
            err.println("error: out of memory (" + oneLine(e.getMessage()) + "); give the JVM more with -Xmx or shrink the spec");
            return 7;
        } catch (RuntimeException e) {
            // a defect, not an input problem: one line, the class says where to look
            err.println("internal error: " + e.getClass().getName() + ": " + oneLine(e.getMessage()));
            return 7;
        }
    }

    private int benchPipeline(BenchCommand bench) {
        List<Integer> users = new ArrayList<>();
        for (String n : bench.users.split(",")) {
            try {
                users.add(Integer.parseInt(n.trim()));
            } catch (NumberFormatException e) {
                throw new SpecException("--users: '" + n.trim() + "' is not a number of users");
            }
        }
        if (users.stream().anyMatch(n -> n < 10)) {
            throw new SpecException("--users: at least 10 users per size");
        }
        return new BenchPipeline(out).run(users, bench.profile, bench.overrides,
                Path.of(bench.out == null ? "results/bench/pipeline.md" : bench.out));
    }

    private int benchBackbones(BenchCommand bench) {
        if (!"backbones".equals(bench.what.get(0))) {
            err.println("error: unknown benchmark '" + bench.what.get(0) + "'; available: backbones, encoders, pipeline, serving");
            return 2;
        }
        if (bench.epochs < 2 || bench.threads < 0 || bench.batch < 1) {
            err.println("error: bench backbones needs --epochs >= 2, --threads >= 0 and --batch >= 1");
            return 2;
        }
        org.hitlbm.experiments.spec.ResolvedConfig config = bench.spec == null ? null : cellConfig(bench.spec, bench.overrides, bench.cell);
        return new BenchBackbones(out, err, reporter).run(bench.only, config,
                new org.hitlbm.backbones.bench.BackboneBench.Options(bench.batch, bench.epochs, bench.threads, bench.contention,
                        bench.torchProfile),
                Path.of(bench.out == null ? "results/bench/backbones.md" : bench.out));
    }

    /** The first line of a message, without control characters. */
    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String first = message.lines().findFirst().orElse("");
        return first.length() > 300 ? first.substring(0, 300) + "..." : first;
    }

    /** {@code --shard i/n}, else what an array job's environment says, else every user. */
    private static org.hitlbm.data.UserShard userShard(String option) {
        if (option != null) {
            try {
                return org.hitlbm.data.UserShard.parse(option);
            } catch (IllegalArgumentException e) {
                throw new SpecException("--shard " + e.getMessage());
            }
        }
        try {
            return org.hitlbm.data.UserShard.fromEnvironment(System.getenv()).orElse(org.hitlbm.data.UserShard.ALL);
        } catch (IllegalArgumentException e) {
            throw new SpecException("shard from the environment: " + e.getMessage());
        }
    }

    private int run(RunCommand c) {
        ExperimentSpec spec = new SpecLoader().maxCells(c.maxCells).load(Path.of(c.spec.get(0)), c.overrides);
        Integer shardIndex = null;
        Integer shardCount = null;
        if (c.shard != null) {
            String[] parts = c.shard.split("/");
            try {
                shardIndex = Integer.parseInt(parts[0].trim());
                shardCount = Integer.parseInt(parts[1].trim());
            } catch (RuntimeException e) {
                throw new SpecException("--shard " + c.shard + ": expected i/n, e.g. --shard 1/4");
            }
        }
        if (spec.nothingToRun() != null) {
            out.println(spec.file() + ": nothing to run: " + spec.nothingToRun() + ". " + spec.description());
            return 0;
        }
        List<RunPlan> plans = spec.select(c.cell, shardIndex, shardCount);
        Cell first = spec.cells().get(0);
        try (Tracker tracker = connect(first.config().bool("tracking.enabled") ? first.config().string("tracking.uri") : null)) {
            ExperimentRunner.Outcome outcome = new ExperimentRunner(reporter, c.force).run(spec, plans, tracker);
            out.printf("done: %d finished, %d skipped, %d failed in %.1fs%s; summary: %s%n", outcome.finished(), outcome.skipped(),
                    outcome.failed(), outcome.seconds(), outcome.reused() == 0 ? ""
                            : " (" + outcome.reused() + " of the finished copied from runs that trained the same settings)",
                    outcome.resultsDir().resolve("summary.md"));
            return outcome.failed() == 0 ? 0 : 1;
        }
    }

    /** An unreachable server is a warning: the runs still happen and write local results. */
    private Tracker connect(String uri) {
        if (uri == null || uri.isBlank()) {
            return new NoTracker();
        }
        try {
            return MlflowTracker.connect(uri);
        } catch (TrackingUnavailableException e) {
            err.println("WARNING: " + e.getMessage());
            return new NoTracker();
        }
    }

    /** Generates interests and, when a tracking server is set, logs the call counts as an MLflow run. */
    private int interests(InterestsCmd c) {
        org.hitlbm.experiments.spec.ResolvedConfig config = c.config();
        org.hitlbm.data.UserShard shard = userShard(c.shard);
        if (!shard.isAll() && c.users != Integer.MAX_VALUE) {
            throw new SpecException("--users and --shard: choose one");
        }
        InterestsCommand.Result r = new InterestsCommand(reporter).run(config,
                shard.isAll() ? org.hitlbm.data.UserShard.firstUsers(c.users) : shard, !c.noItems);
        String uri = config.bool("tracking.enabled") ? config.string("tracking.uri") : null;
        try (Tracker tracker = connect(uri)) {
            java.util.Map<String, String> tags = java.util.Map.of("command", "interests", "llm.backend", config.string("llm.backend"),
                    "dataset", config.string("dataset.name"));
            var run = tracker.startRun(config.string("tracking.experiment"), "interests-" + config.string("llm.backend"),
                    config.flatten(), tags);
            run.logMetrics(java.util.Map.of("llm.cache_hits", (double) r.hits(), "llm.calls", (double) r.calls(),
                    "llm.tokens", (double) r.tokens(), "interests", (double) r.interests(), "interests.seconds", r.seconds()), 0);
            run.finish("FINISHED");
        } catch (TrackingUnavailableException e) {
            err.println("WARNING: interests were generated and cached, but not tracked: " + e.getMessage());
        }
        return 0;
    }

    private void update(UpdateCmd c) {
        org.hitlbm.experiments.spec.ResolvedConfig earlier = c.config();
        List<String> changes = new ArrayList<>();
        for (String change : c.to) {
            if (!change.startsWith("dataset.")) {
                throw new SpecException("--to " + change + ": an update changes the data only (dataset.* keys)");
            }
            changes.add(change);
        }
        if (c.behaviors != null) {
            Path file = Path.of(c.behaviors).toAbsolutePath().normalize(); // dataset.appended's check names it if missing
            String before = earlier.string("dataset.appended");
            changes.add("dataset.appended=" + (before == null || before.isBlank() ? "" : before + ",") + file);
        }
        if (changes.isEmpty()) {
            throw new SpecException("update: give the new behaviours (--behaviors FILE) or the updated data (--to KEY=VALUE)");
        }
        List<String> all = new ArrayList<>(c.overrides);
        all.addAll(changes);
        org.hitlbm.experiments.spec.ResolvedConfig updated = cellConfig(c.spec.get(0), all, c.cell);
        String howToRun = changes.stream().map(s -> "--set " + s).collect(java.util.stream.Collectors.joining(" "));
        if (c.dryRun) {
            Path csv = c.report != null ? Path.of(c.report)
                    : Path.of(updated.string("paths.results")).resolve(updated.string("tracking.experiment")).resolve("staleness.csv");
            new UpdateCommand(out, reporter).dryRun(earlier, updated, userShard(c.shard), csv);
            return;
        }
        new UpdateCommand(out, reporter).run(earlier, updated, c.refit, userShard(c.shard), howToRun);
    }

    private static org.hitlbm.experiments.spec.ResolvedConfig cellConfig(String file, List<String> overrides, int cell) {
        ExperimentSpec spec = new SpecLoader().load(Path.of(file), overrides);
        return spec.select(cell, null, null).get(0).config();
    }

    private int validate(ValidateCommand c) {
        ExperimentSpec spec = new SpecLoader().maxCells(c.maxCells).load(Path.of(c.spec.get(0)), c.overrides);
        out.printf("%s: valid; experiment '%s', %d cell(s) x %d seed(s) = %d run(s)%s%n", spec.file(), spec.name(),
                spec.cells().size(), spec.seeds().size(), spec.runs().size(),
                spec.nothingToRun() == null ? "" : "; nothing to run: " + spec.nothingToRun());
        for (Cell cell : spec.cells()) {
            out.printf("  cell %d: %s%n", cell.index(), cell.assignment().isEmpty() ? "(no grid)" : cell.assignment());
            if (c.showConfig) {
                cell.config().toYaml().lines().forEach(line -> out.println("      " + line));
            }
        }
        return 0;
    }

    private int list() {
        out.println("datasets:");
        out.println("  synthetic      generated users with drifting genre interests and known true interests (the embedded default)");
        for (String name : DatasetReaders.names()) {
            out.println("  " + pad(name) + " reader for the published files (dataset.path)");
        }
        out.println("backbones:");
        for (Backbone b : Backbones.all()) {
            out.println("  " + pad(b.name()) + " " + b.description());
            out.println("  " + pad("") + " params: " + b.defaultParams() + ", default learning rate " + b.defaultLearningRate());
        }
        out.println("fusions:");
        for (String name : org.hitlbm.fusion.fuse.Fusions.names()) {
            out.println("  " + pad(name) + " " + org.hitlbm.fusion.fuse.Fusions.description(name));
            if (!org.hitlbm.fusion.fuse.Fusions.defaultParams(name).isEmpty()) {
                out.println("  " + pad("") + " params: " + org.hitlbm.fusion.fuse.Fusions.defaultParams(name));
            }
        }
        out.println("encoders:");
        for (String name : org.hitlbm.text.Encoders.names()) {
            out.println("  " + name + (name.endsWith("-long") ? "   (512-token windows, averaged)" : ""));
        }
        out.println("llm backends:");
        out.println("  " + pad("offline") + " a deterministic statistical profiler: a documented STAND-IN for an LLM, not an LLM");
        out.println("  " + pad("openai") + " any OpenAI-compatible server (vLLM, TGI /v1, llama.cpp server): llm.baseUrl, llm.model");
        out.println("  " + pad("llamacpp") + " in-process GGUF through llama.cpp: llm.modelPath");
        out.println("  " + pad("llamacpp-server") + " llama.cpp's llama-server started and stopped by the framework: llm.modelPath,"
                + " llm.serverPath (scripts/build-llama-server.sh, scripts/install-models.sh)");
        return 0;
    }

    private int sync(SyncCommand c) {
        if (c.uri == null || c.uri.isBlank()) {
            err.println("error: no tracking server: pass --uri or set MLFLOW_TRACKING_URI");
            return 2;
        }
        Path experimentDir = Path.of(c.dir.get(0));
        if (!java.nio.file.Files.isDirectory(experimentDir)) {
            // before connecting: a typo in the folder is not a tracking problem
            throw new SpecException(experimentDir + ": no such results folder (expected results/<experiment>, written by `run`)");
        }
        try (MlflowTracker tracker = MlflowTracker.connect(c.uri)) {
            MlflowSync.Result result = MlflowSync.sync(Path.of(c.dir.get(0)), tracker);
            result.unreadable().forEach(u -> err.println("WARNING: not uploaded: " + u));
            out.printf("uploaded %d run(s), %d already synced, %d incomplete %s%s%n", result.uploaded(), result.alreadySynced(),
                    result.incomplete().size(), result.incomplete().isEmpty() ? "" : result.incomplete(),
                    result.unreadable().isEmpty() ? "" : ", " + result.unreadable().size() + " not run records (see warnings)");
            return 0;
        }
    }

    private static String pad(String s) {
        return String.format("%-14s", s);
    }

    private static String usage(JCommander commander) {
        StringBuilder sb = new StringBuilder();
        commander.getUsageFormatter().usage(sb);
        return sb.toString();
    }
}
