package org.hitlbm.tree.prompt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hitlbm.data.Domain;
import org.hitlbm.data.PreparedData;
import org.hitlbm.tree.TreeFixtures;
import org.hitlbm.tree.cube.CubeCascade;
import org.hitlbm.tree.cube.CubeSettings;
import org.hitlbm.tree.hts.RatingDataBuilder;
import org.hitlbm.tree.llm.offline.OfflineProfiler;
import org.junit.jupiter.api.Test;

/**
 * A server's prompt cache reuses the longest common prefix of consecutive prompts. The Yes/No
 * prompts therefore put what many calls share (the chunk, the interest, the previous interests)
 * before what changes from call to call (the target item), and the rating data asks all calls
 * of one kind for a chunk back to back, so consecutive prompts differ only from the target on.
 */
class PrefixCachingOrderTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

    @Test
    void theTargetComesAfterEverySharedPart() {
        for (Domain domain : Domain.values()) {
            for (PromptKind kind : List.of(PromptKind.HIST, PromptKind.SEQ, PromptKind.POINT)) {
                String t = PromptTemplates.load(domain, null).template(kind);
                int target = t.indexOf("{{target}}");
                assertTrue(target > 0, domain + " " + kind);
                Matcher m = PLACEHOLDER.matcher(t);
                while (m.find()) {
                    if (!m.group(1).equals("target") && !m.group(1).equals("positive_above")) {
                        assertTrue(m.start() < target, domain + " " + kind + ": {{" + m.group(1) + "}} after the target");
                    }
                }
            }
        }
    }

    @Test
    void ratingCallsOfOneKindComeBackToBackSharingTheirPrefix() {
        PreparedData data = TreeFixtures.data(4);
        Prompts prompts = TreeFixtures.prompts(data);
        TreeFixtures.Recording llm = new TreeFixtures.Recording();
        CubeCascade cascade = new CubeCascade(new OfflineProfiler(), prompts, new CubeSettings(0.5, 0, 256, 1, 1));
        new RatingDataBuilder(llm, prompts, 2, 1, 1).build(data, cascade.allInterests(data, n -> { }));
        List<String> kinds = new ArrayList<>();
        for (String p : llm.prompts) {
            kinds.add(p.contains("[Current movie viewing history]") ? "hist" : p.contains("[Previous movie preferences") ? "seq" : "point");
        }
        // runs of one kind: hist x n, seq x n, point x n per chunk; never hist, seq, hist, seq
        int switches = 0;
        for (int i = 1; i < kinds.size(); i++) {
            if (!kinds.get(i).equals(kinds.get(i - 1))) {
                switches++;
            }
        }
        long chunks = kinds.stream().filter("hist"::equals).count() / 4;
        assertTrue(chunks > 3, "rated chunks: " + chunks);
        assertTrue(switches <= 3 * chunks, switches + " switches for " + chunks + " chunks: " + kinds);
        for (int i = 1; i < llm.prompts.size(); i++) {
            if (kinds.get(i).equals(kinds.get(i - 1)) && kinds.get(i).equals("point")) {
                String a = llm.prompts.get(i - 1);
                String b = llm.prompts.get(i);
                int shared = 0;
                while (shared < Math.min(a.length(), b.length()) && a.charAt(shared) == b.charAt(shared)) {
                    shared++;
                }
                assertTrue(shared >= a.indexOf("[Target Movie]"), "consecutive point prompts share all up to the target");
            }
        }
    }
}
