package org.hitlbm.experiments.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.hitlbm.backbones.Backbone;
import org.hitlbm.backbones.Backbones;
import org.hitlbm.backbones.bench.BackboneBench;
import org.hitlbm.backbones.nn.NeuralBackbone;
import org.hitlbm.data.PreparedData;
import org.hitlbm.experiments.pipeline.Pipeline;
import org.hitlbm.experiments.pipeline.Reporter;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.nn.train.StepTimes;

/** {@code bench backbones}: the throughput table, printed and written as Markdown. */
final class BenchBackbones {
    private final PrintStream out;
    private final PrintStream err;
    private final Reporter reporter;

    BenchBackbones(PrintStream out, PrintStream err, Reporter reporter) {
        this.out = out;
        this.err = err;
        this.reporter = reporter;
    }

    /** @param config a spec cell whose prepared data is measured, or null for MovieLens-shaped synthetic rows */
    int run(String only, ResolvedConfig config, BackboneBench.Options options, Path table) {
        List<String> names = only == null ? null : Arrays.stream(only.split(",")).map(String::trim).toList();
        List<Backbone> selected = Backbones.all().stream()
                .filter(b -> names == null ? b instanceof NeuralBackbone : names.contains(b.name())).toList();
        if (selected.isEmpty()) {
            err.println("error: no backbone matches " + only + "; registered: " + Backbones.names());
            return 2;
        }
        String source;
        PreparedData data;
        if (config == null) {
            data = BackboneBench.movieLensShaped();
            source = "synthetic rows shaped like MovieLens-100K";
        } else {
            try (Pipeline.Run run = new Pipeline().open(config, reporter)) {
                data = run.output(Pipeline.PREPARE);
            }
            source = config.string("dataset.name") + " (" + config.string("dataset.path") + ")";
        }
        BackboneBench bench = new BackboneBench(data, options);
        String setting = String.format("%s: %,d training samples, batch %d, %d recent behaviors, backbone defaults, %d epochs"
                        + " (the first a warm-up), threads %s, %d cores", source, bench.trainingRows(), options.batchSize(),
                data.samples().recentLength, options.epochs(), options.threads() == 0 ? "auto" : options.threads(),
                Runtime.getRuntime().availableProcessors());
        out.println("bench backbones on " + setting);
        List<BackboneBench.Row> rows = bench.run(selected, r -> out.println("  " + line(r, options.contention())));
        StringBuilder md = new StringBuilder("# bench backbones\n\n");
        md.append("Training samples/s over the timed epochs (validation excluded), where the time went, and peak memory, on ")
                .append(setting).append(", ").append(Instant.now()).append(".\n\n| backbone | samples/s | threads | assemble | forward | backward | step |")
                .append(options.contention() ? " beside a busy core | slowdown |" : "").append(" peak RSS MB | peak heap MB |\n|---|---|---|---|---|---|---|")
                .append(options.contention() ? "---|---|" : "").append("---|---|\n");
        for (BackboneBench.Row r : rows) {
            StepTimes t = r.times();
            md.append(String.format("| %s | %.0f | %d | %.0f%% | %.0f%% | %.0f%% | %.0f%% |", r.backbone(), r.samplesPerSecond(), t.threads(),
                    share(t.assemble(), t), share(t.forward(), t), share(t.backward(), t), share(t.step(), t)));
            if (options.contention()) {
                md.append(String.format(" %.0f (%d thread%s) | %.2fx |", r.contended(), r.contendedThreads(), r.contendedThreads() == 1 ? "" : "s",
                        r.slowdown()));
            }
            md.append(String.format(" %d | %d |%n", r.peakRssMb(), r.peakHeapMb()));
        }
        try {
            Files.createDirectories(table.toAbsolutePath().getParent());
            Files.writeString(table, md.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + table, e);
        }
        out.println("table written to " + table);
        return 0;
    }

    private static String line(BackboneBench.Row r, boolean contention) {
        StepTimes t = r.times();
        String line = String.format("%-8s %8.0f samples/s  %d thread%s  assemble %2.0f%% forward %2.0f%% backward %2.0f%% step %2.0f%%"
                        + "  peak RSS %4d MB", r.backbone(), r.samplesPerSecond(), t.threads(), t.threads() == 1 ? " " : "s",
                share(t.assemble(), t), share(t.forward(), t), share(t.backward(), t), share(t.step(), t), r.peakRssMb());
        return contention ? line + String.format("  beside a busy core %8.0f samples/s with %d (%.2fx slower)", r.contended(),
                r.contendedThreads(), r.slowdown()) : line;
    }

    private static double share(double part, StepTimes t) {
        return 100 * part / t.training();
    }
}
