package org.hitlbm.tree.prompt;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hitlbm.data.Domain;
import org.hitlbm.data.PreparedData;
import org.hitlbm.tree.TreeFixtures;
import org.hitlbm.tree.llm.offline.OfflinePromptCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default prompts are the paper's (Fig. 2 and 3); the offline stand-in reads them, never the other way round. */
class PaperPromptsTest {
    private static final PreparedData DATA = TreeFixtures.data(4);

    @TempDir
    Path dir;

    /** Text of a template with its placeholders, as shipped. */
    private static String shipped(Domain domain, PromptKind kind) {
        return PromptTemplates.load(domain, null).template(kind);
    }

    @Test
    void noTemplateAsksForWhatOnlyTheStandInNeeds() {
        for (Domain domain : Domain.values()) {
            for (PromptKind kind : PromptKind.values()) {
                String t = shipped(domain, kind);
                assertFalse(t.contains("Interest profile"), domain + " " + kind + " asks for the stand-in's profile line");
                assertFalse(t.contains("{{user}}"), domain + " " + kind + " writes demographics the paper's prompts do not have");
                assertTrue(t.startsWith("### Task Instruction\n") && t.strip().endsWith("### Task Output"), domain + " " + kind);
            }
        }
    }

    @Test
    void theBookTemplatesAreFigures2And3AsPrinted() {
        String rule = "If the user's rating is greater than {{positive_above}}, it is considered that the user likes the book; if the"
                + " rating is less than or equal to {{positive_above}}, it is considered that the user dislikes the book.";
        inOrder(shipped(Domain.BOOKS, PromptKind.INTEREST_NEXT), "### Task Instruction",
                "User's previous book interest summary and current book viewing history are listed below. Book viewing history"
                        + " includes the Book title, category, and the user's rating. " + rule,
                "### Task Input", "[Previous Interest Summary]", "{{previous}}", "[Current Book Viewing History]", "{{history}}",
                "[Task] Analyze user's preferences on books about factors like genre, author, writing style, theme, setting, length"
                        + " and complexity, time period, literary quality, critical acclaim",
                "If the user's interests have changed, describe the content of this change and analyze the reasons behind the shift"
                        + " in interests.", "### Task Output");
        inOrder(shipped(Domain.BOOKS, PromptKind.ITEM), "Introduce book {{title}}, which is {{genres}} and describe its attributes"
                + " including but not limited to genre, author, writing style, theme, setting, length and complexity, time period,"
                + " literary quality, critical acclaim.", "### Task Input\nNone");
        inOrder(shipped(Domain.BOOKS, PromptKind.SEQ), "Based on the user's previous book preferences and interest changes, please"
                + " determine whether the user will like the target book. Output only Yes or No.",
                "[Previous book preferences and interest changes]", "{{previous_interests}}", "[Target Book]", "{{target}}");
        inOrder(shipped(Domain.BOOKS, PromptKind.POINT), "Based on the user's current book preferences and interest changes, please"
                + " determine whether the user will like the target book. Output only Yes or No.",
                "[Current book preferences and interest changes]", "{{interest}}", "[Target Book]", "{{target}}");
        inOrder(shipped(Domain.BOOKS, PromptKind.HIST), "User's current book viewing history are listed below. Book viewing history"
                + " includes the Book title, category, and the user's rating. " + rule, "[Current book viewing history]", "{{history}}",
                "[Target Book]", "{{target}}", "Based on the user's reading history, please determine whether the user will like the"
                        + " target book. Output only Yes or No.");
    }

    @Test
    void itemLinesHaveTheFiguresShapesAndDemographicsAreAnOption() {
        Prompts paper = TreeFixtures.prompts(DATA);
        var h = DATA.dataset().histories().get(0);
        var item = DATA.dataset().raw().item(h.items()[0]);
        String point = paper.point("anything", item);
        assertTrue(point.contains("[Target Movie]\nMovie: \"" + item.title() + "\", genres: \""), point);
        String first = paper.interest(h, DATA.chunks().get(0), 0, null);
        assertTrue(first.contains("\nmovie title: " + item.title() + ", genres: "), first);
        assertFalse(first.contains("[User]"), "no demographics by default");
        Prompts withUser = new Prompts(PromptTemplates.load(Domain.MOVIES, null), DATA.dataset().raw(), 3, true);
        String prompt = withUser.interest(h, DATA.chunks().get(0), 0, null);
        assertTrue(prompt.contains("[User] "), "llm.userFeatures writes them: " + prompt);
        assertTrue(prompt.contains("[User] ") && prompt.indexOf("[User] ") < prompt.indexOf("movie title: "));
        assertNotEquals(first, prompt);
    }

    @Test
    void theStandInReadsTheShippedTemplatesAndRefusesOnesItCannot() throws Exception {
        for (Domain domain : Domain.values()) {
            assertDoesNotThrow(() -> OfflinePromptCheck.check(PromptTemplates.load(domain, null), domain, 3));
        }
        // an edit that drops the history heading: the stand-in would find no behaviors
        String edited = shipped(Domain.MOVIES, PromptKind.INTEREST_NEXT).replace("[Current Movie Viewing History]", "[Recently watched]");
        Files.writeString(dir.resolve(PromptKind.INTEREST_NEXT.fileName()), edited);
        PromptException e = assertThrows(PromptException.class,
                () -> OfflinePromptCheck.check(PromptTemplates.load(Domain.MOVIES, dir), Domain.MOVIES, 3));
        assertTrue(e.getMessage().contains(dir.resolve("interest-next.txt").toString()) && e.getMessage().contains("history"),
                e.getMessage());
        // an edit it can still read is fine
        Files.writeString(dir.resolve(PromptKind.INTEREST_NEXT.fileName()), edited.replace("[Recently watched]",
                "[Current Movie Viewing History]").replace("Provide clear explanations", "Explain"));
        assertDoesNotThrow(() -> OfflinePromptCheck.check(PromptTemplates.load(Domain.MOVIES, dir), Domain.MOVIES, 3));
        assertNotEquals(PromptTemplates.load(Domain.MOVIES, null).contentHash(), PromptTemplates.load(Domain.MOVIES, dir).contentHash(),
                "an edited template is another cache key");
    }

    private static void inOrder(String text, String... parts) {
        int at = 0;
        for (String part : List.of(parts)) {
            int found = text.indexOf(part, at);
            assertTrue(found >= 0, "missing (in order): " + part + "\nin:\n" + text);
            at = found + part.length();
        }
    }
}
