package org.hitlbm.tree.prompt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitlbm.data.Domain;
import org.hitlbm.data.Item;
import org.hitlbm.data.RawDataset;
import org.hitlbm.data.UserProfile;
import org.hitlbm.data.chunk.UserChunks;
import org.hitlbm.data.prep.UserHistory;

/**
 * Builds the paper's prompts from data: CUBE's interest prompts (Eq. 2), item knowledge, and the
 * three Yes/No rating prompts of HTS (Eq. 4). User demographics are not in the paper's prompts;
 * with {@code userFeatures} they open the history block (or fill a template's {@code {{user}}}).
 */
public final class Prompts {
    private final PromptTemplates templates;
    private final RawDataset raw;
    private final double positiveAbove;
    private final boolean userFeatures;

    /** The paper's prompts: no demographics. */
    public Prompts(PromptTemplates templates, RawDataset raw, double positiveAbove) {
        this(templates, raw, positiveAbove, false);
    }

    /** @param userFeatures also write the user's gender, age and occupation where the history is */
    public Prompts(PromptTemplates templates, RawDataset raw, double positiveAbove, boolean userFeatures) {
        this.templates = templates;
        this.raw = raw;
        this.positiveAbove = positiveAbove;
        this.userFeatures = userFeatures;
    }

    public PromptTemplates templates() {
        return templates;
    }

    public Domain domain() {
        return raw.domain();
    }

    /** prompt^inst for chunk {@code chunk}; {@code previous} is Inst_{chunk-1}, null for the first chunk. */
    public String interest(UserHistory history, UserChunks chunks, int chunk, String previous) {
        PromptKind kind = previous == null ? PromptKind.INTEREST_FIRST : PromptKind.INTEREST_NEXT;
        Map<String, String> v = withHistory(kind, history.user(), historyLines(history, chunks, chunk));
        if (previous != null) {
            v.put("previous", previous);
        }
        return templates.render(kind, v);
    }

    /**
     * prompt^inst over behaviors [start, end) with no previous summary: a summary of that stretch
     * alone (LIBER's per-segment summaries, KAR's recent window).
     */
    public String interestOver(UserHistory history, int start, int end) {
        return templates.render(PromptKind.INTEREST_FIRST, withHistory(PromptKind.INTEREST_FIRST, history.user(),
                historyLines(history, start, end)));
    }

    public String item(Item item) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("title", item.title());
        v.put("genres", ItemLines.genres(item));
        return templates.render(PromptKind.ITEM, v);
    }

    /** prompt^seq: the previous K interests, oldest first. */
    public String seq(List<String> previousInterests, Item target) {
        Map<String, String> v = common(0);
        List<String> numbered = new ArrayList<>();
        for (int i = 0; i < previousInterests.size(); i++) {
            numbered.add("<Interest " + (i + 1) + ">\n" + previousInterests.get(i));
        }
        v.put("previous_interests", String.join("\n\n", numbered));
        v.put("target", ItemLines.target(raw.domain(), target));
        return templates.render(PromptKind.SEQ, v);
    }

    public String point(String interest, Item target) {
        Map<String, String> v = common(0);
        v.put("interest", interest);
        v.put("target", ItemLines.target(raw.domain(), target));
        return templates.render(PromptKind.POINT, v);
    }

    public String hist(UserHistory history, UserChunks chunks, int chunk, Item target) {
        Map<String, String> v = withHistory(PromptKind.HIST, history.user(), historyLines(history, chunks, chunk));
        v.put("target", ItemLines.target(raw.domain(), target));
        return templates.render(PromptKind.HIST, v);
    }

    private Map<String, String> common(int user) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("positive_above", ItemLines.formatRating((float) positiveAbove));
        v.put("user", userFeatures && user != 0 ? userLine(raw.user(user)) : "");
        return v;
    }

    /** The history block; with userFeatures and no {{user}} in the template, the user line opens it. */
    private Map<String, String> withHistory(PromptKind kind, int user, String lines) {
        Map<String, String> v = common(user);
        String userLine = v.get("user");
        boolean prefix = !userLine.isEmpty() && !templates.uses(kind, "user");
        v.put("history", prefix ? userLine + "\n" + lines : lines);
        return v;
    }

    private String historyLines(UserHistory history, UserChunks chunks, int chunk) {
        return historyLines(history, chunks.start(chunk), chunks.end(chunk));
    }

    private String historyLines(UserHistory history, int start, int end) {
        StringBuilder sb = new StringBuilder();
        for (int p = start; p < end; p++) {
            sb.append(ItemLines.line(raw.domain(), raw.item(history.items()[p]), history.ratings()[p])).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /** "[User] gender: F, age: 25-34, occupation: writer", or "" when nothing is known. */
    static String userLine(UserProfile u) {
        List<String> parts = new ArrayList<>();
        if (u.gender() != null) {
            parts.add("gender: " + u.gender());
        }
        if (u.age() != null) {
            parts.add("age: " + u.age());
        }
        if (u.occupation() != null) {
            parts.add("occupation: " + u.occupation());
        }
        return parts.isEmpty() ? "" : "[User] " + String.join(", ", parts);
    }
}
