package org.hitlbm.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode run(String fusion, String status, double auc) throws Exception {
        return JSON.readTree("{\"status\": \"" + status + "\", \"params\": {\"fusion.name\": \"" + fusion + "\"},"
                + " \"final\": {\"test.auc\": " + auc + ", \"test.logloss\": 0.5}}");
    }

    @Test
    void groupsSeedsOfACellIntoMeanAndSampleStd() throws Exception {
        String md = ResultsWriter.cellTable(List.of(run("none", "FINISHED", 0.70), run("tif", "FINISHED", 0.72),
                run("none", "FINISHED", 0.74), run("tif", "FAILED", 0.99)), List.of("fusion.name"));
        // none: mean 0.72, sample std sqrt(((0.02)^2 * 2) / 1) = 0.0283
        assertTrue(md.contains("| none | 2 | 0.7200 ± 0.0283 | 0.5000 ± 0.0000 |"), md);
        assertTrue(md.contains("| tif | 1 | 0.7200 | 0.5000 |"), "a failed run counts for nothing: " + md);
        assertFalse(md.contains("0.99"));
    }

    @Test
    void meanAndStdByHand() {
        assertEquals("2.0000 ± 1.0000", ResultsWriter.meanStd(new double[] {1, 2, 3}));
        assertEquals("5.0000", ResultsWriter.meanStd(new double[] {5}));
    }
}
