package org.hitlbm.experiments.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.hitlbm.text.EncoderBench;
import org.hitlbm.text.Encoders;

/** {@code bench encoders}: texts/s per encoder on fixed synthetic interest texts. */
final class BenchEncoders {
    private final PrintStream out;

    BenchEncoders(PrintStream out) {
        this.out = out;
    }

    int run(String only, int texts, Path table) {
        List<String> names = only == null ? Encoders.names().stream().filter(n -> !n.equals("none")).toList()
                : Arrays.stream(only.split(",")).map(String::trim).toList();
        List<EncoderBench.Row> rows = EncoderBench.run(out, names, texts);
        StringBuilder md = new StringBuilder("# bench encoders\n\n").append(texts)
                .append(" synthetic interest texts (60-120 words), after a warm-up, ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ").append(Instant.now()).append(".\n\n| encoder | texts/s | dimension |\n|---|---|---|\n");
        for (EncoderBench.Row r : rows) {
            md.append(String.format("| %s | %.1f | %d |%n", r.encoder(), r.textsPerSecond(), r.dimension()));
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
