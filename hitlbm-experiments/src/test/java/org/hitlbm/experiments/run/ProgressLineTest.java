package org.hitlbm.experiments.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.hitlbm.experiments.pipeline.PrintingReporter;
import org.hitlbm.nn.train.EpochReport;
import org.junit.jupiter.api.Test;

/** Issue 13, item 8: progress lines carry no terminal escape from names or messages. */
class ProgressLineTest {
    @Test
    void controlCharactersInLabelsAndMessagesArePrintedVisibly() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressLine progress = new ProgressLine(new PrintingReporter(out, out), 2);
        progress.runStarted(1, "cell \u001b]0;pwned\u0007 1/2");
        progress.epoch(new EpochReport(1, 2, Map.of("val.auc", 0.7), 1.0, true));
        progress.message("cannot copy /runs/\u001b[2J\u009b31m (gone)");
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(printed.chars().anyMatch(c -> c == 0x1b || c == 0x07 || c == 0x9b), printed);
        assertTrue(printed.contains("cell \\x1b]0;pwned\\x07 1/2") && printed.contains("/runs/\\x1b[2J\\u009b31m"), printed);
    }
}
