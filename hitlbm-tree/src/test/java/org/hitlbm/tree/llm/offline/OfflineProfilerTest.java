package org.hitlbm.tree.llm.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hitlbm.data.Item;
import org.hitlbm.data.PreparedData;
import org.hitlbm.tree.TreeFixtures;
import org.hitlbm.tree.prompt.Prompts;
import org.junit.jupiter.api.Test;

class OfflineProfilerTest {
    private static final PreparedData DATA = TreeFixtures.data(12);
    private final OfflineProfiler offline = new OfflineProfiler();
    private final Prompts prompts = TreeFixtures.prompts(DATA);

    private String firstChunkPrompt() {
        return prompts.interest(DATA.dataset().histories().get(0), DATA.chunks().get(0), 0, null);
    }

    @Test
    void sameSeedSameTextAndGreedyIgnoresTheSeed() {
        String prompt = firstChunkPrompt();
        assertEquals(offline.generate(prompt, 7, 0.9, 512).text(), offline.generate(prompt, 7, 0.9, 512).text());
        assertEquals(offline.generate(prompt, 1, 0, 512).text(), offline.generate(prompt, 2, 0, 512).text());
    }

    @Test
    void differentSeedsGiveDifferentCandidatesWithReadableProfiles() {
        String prompt = firstChunkPrompt();
        Set<String> texts = new HashSet<>();
        Set<String> profiles = new HashSet<>();
        for (long seed = 0; seed < 10; seed++) {
            String text = offline.generate(prompt, seed, 0.9, 512).text();
            texts.add(text);
            GenreProfile p = GenreProfile.parseLast(text);
            assertFalse(p.isEmpty(), text);
            assertEquals(1.0, p.weights().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
            profiles.add(p.line());
        }
        assertTrue(texts.size() >= 8, "ten seeds gave only " + texts.size() + " distinct candidates");
        assertTrue(profiles.size() >= 8);
    }

    @Test
    void summariesFollowFigure2() {
        String text = offline.generate(prompts.interest(DATA.dataset().histories().get(0), DATA.chunks().get(0), 1,
                offline.generate(firstChunkPrompt(), 0, 0, 512).text()), 0, 0, 512).text();
        assertTrue(text.contains("#### Genre:") && text.contains("Previous Interests:") && text.contains("Current History:")
                && text.contains("Analysis:") && text.contains("#### Conclusion"), text);
        assertFalse(text.contains("Previous Interests: none recorded"), "chunk 2 knows chunk 1: " + text);
    }

    @Test
    void yesProbabilityRisesWithTheTargetsShareOfTheProfile() {
        String interest = "#### Conclusion\n" + GenreProfile.PREFIX + " Drama 0.70, Comedy 0.30";
        Item drama = new Item(1, "d", "A Drama", List.of("Drama"));
        Item horror = new Item(2, "h", "A Horror", List.of("Horror"));
        double liked = offline.yesProbability(prompts.point(interest, drama));
        double unrelated = offline.yesProbability(prompts.point(interest, horror));
        assertTrue(liked > 0.9 && unrelated < 0.2, liked + " vs " + unrelated);
        // prompt^hist reads the raw chunk instead of a profile
        double fromHistory = offline.yesProbability(prompts.hist(DATA.dataset().histories().get(0), DATA.chunks().get(0), 0, drama));
        assertTrue(fromHistory > 0 && fromHistory < 1);
    }

    @Test
    void itemKnowledgeNamesTheItemAndSaysWhatItIs() {
        Item item = DATA.dataset().raw().item(3);
        String text = offline.generate(prompts.item(item), 0, 0, 512).text();
        assertTrue(text.contains(item.title()) && text.contains("offline stand-in"), text);
    }

    @Test
    void itAnswersFromWhatThePromptHoldsNotFromItsWording(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // the stand-in adapts to the prompts: rewording a template (here back to one that asked for its profile
        // line and wrote demographics) changes nothing it writes, so it cannot shape what real LLMs are asked
        org.hitlbm.tree.prompt.PromptTemplates shipped = org.hitlbm.tree.prompt.PromptTemplates.load(org.hitlbm.data.Domain.MOVIES, null);
        String next = shipped.template(org.hitlbm.tree.prompt.PromptKind.INTEREST_NEXT).replace("### Task Input",
                "{{user}}\n### Task Input").replace("shift in interests.", "shift in interests. End with a line \"Interest profile:\""
                + " that lists the genres the user likes with weights that sum to 1.");
        java.nio.file.Files.writeString(dir.resolve("interest-next.txt"), next);
        Prompts reworded = new Prompts(org.hitlbm.tree.prompt.PromptTemplates.load(org.hitlbm.data.Domain.MOVIES, dir),
                DATA.dataset().raw(), 3, true);
        var h = DATA.dataset().histories().get(2);
        var c = DATA.chunks().get(2);
        String previous = offline.generate(prompts.interest(h, c, 0, null), 3, 0.9, 512).text();
        String a = prompts.interest(h, c, 1, previous);
        String b = reworded.interest(h, c, 1, previous);
        org.junit.jupiter.api.Assertions.assertNotEquals(a, b);
        for (long seed = 0; seed < 5; seed++) {
            assertEquals(offline.generate(a, seed, 0.9, 512).text(), offline.generate(b, seed, 0.9, 512).text());
        }
    }

    @Test
    void profileLinesRoundTrip() {
        GenreProfile p = GenreProfile.parseLast("blah\n" + GenreProfile.PREFIX + " Sci-Fi 0.50, Children's 0.25, Film-Noir 0.25");
        assertEquals(0.5, p.weight("Sci-Fi"), 1e-9);
        assertEquals(0.25, p.weight("Children's"), 1e-9);
        assertEquals(p.line(), GenreProfile.parseLast(p.line()).line());
        assertEquals(0, p.distance(GenreProfile.parseLast(p.line())), 1e-9);
    }
}
