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

/** {@code bench backbones}: the throughput table, printed and written as Markdown. */
final class BenchBackbones {
    private final PrintStream out;
    private final PrintStream err;

    BenchBackbones(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String what, String only, int users, int batch, Path table) {
        if (!"backbones".equals(what)) {
            err.println("error: unknown benchmark '" + what + "'; available: backbones");
            return 2;
        }
        List<String> names = only == null ? null : Arrays.stream(only.split(",")).map(String::trim).toList();
        List<Backbone> selected = Backbones.all().stream()
                .filter(b -> names == null ? b instanceof NeuralBackbone : names.contains(b.name())).toList();
        if (selected.isEmpty()) {
            err.println("error: no backbone matches " + only + "; registered: " + Backbones.names());
            return 2;
        }
        List<BackboneBench.Row> rows = new BackboneBench(out).run(selected, users, batch);
        StringBuilder md = new StringBuilder("# bench backbones\n\n");
        md.append("Training samples/s (one epoch after a warm-up epoch, validation excluded) and peak memory, batch ")
                .append(batch).append(", 5 recent behaviors, embedding 32, ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ").append(Instant.now()).append(".\n\n| backbone | samples/s | peak RSS MB | peak heap MB |\n|---|---|---|---|\n");
        for (BackboneBench.Row r : rows) {
            md.append(String.format("| %s | %.0f | %d | %d |%n", r.backbone(), r.samplesPerSecond(), r.peakRssMb(), r.peakHeapMb()));
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
}
