package org.hitlbm.text;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Encoding throughput per encoder on {@link SyntheticInterestTexts}, for {@code bench encoders}. */
public final class EncoderBench {
    private static final int WARM_UP_TEXTS = 16;

    /** One encoder's result; texts/s counts the timed batch only (after loading and a warm-up batch). */
    public record Row(String encoder, double textsPerSecond, int dimension) {
    }

    private EncoderBench() {
    }

    public static List<Row> run(PrintStream out, List<String> names, int texts) {
        if (texts < 1) {
            throw new IllegalArgumentException("texts must be at least 1, got " + texts);
        }
        List<String> corpus = SyntheticInterestTexts.generate(texts);
        List<Row> rows = new ArrayList<>();
        for (String name : names) {
            TextEncoder encoder = Encoders.byName(name);
            // warm-up: first calls pay for native allocation and JIT
            encoder.encode(SyntheticInterestTexts.generate(Math.min(WARM_UP_TEXTS, texts)));
            long start = System.nanoTime();
            encoder.encode(corpus);
            double seconds = (System.nanoTime() - start) / 1e9;
            Row row = new Row(name, texts / seconds, encoder.dimension());
            out.printf("%-24s %8.1f texts/s  dim %d  (%d texts, %.2f s)%n", name, row.textsPerSecond(),
                    row.dimension(), texts, seconds);
            rows.add(row);
        }
        return rows;
    }
}
