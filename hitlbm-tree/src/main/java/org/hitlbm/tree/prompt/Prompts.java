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
 * three Yes/No rating prompts of HTS (Eq. 4).
 */
public final class Prompts {
    private final PromptTemplates templates;
    private final RawDataset raw;
    private final double positiveAbove;

    public Prompts(PromptTemplates templates, RawDataset raw, double positiveAbove) {
        this.templates = templates;
        this.raw = raw;
        this.positiveAbove = positiveAbove;
    }

    public Domain domain() {
        return raw.domain();
    }

    /** prompt^inst for chunk {@code chunk}; {@code previous} is Inst_{chunk-1}, null for the first chunk. */
    public String interest(UserHistory history, UserChunks chunks, int chunk, String previous) {
        Map<String, String> v = common(history.user());
        v.put("history", historyLines(history, chunks, chunk));
        if (previous == null) {
            return templates.render(PromptKind.INTEREST_FIRST, v);
        }
        v.put("previous", previous);
        return templates.render(PromptKind.INTEREST_NEXT, v);
    }

    /**
     * prompt^inst over behaviors [start, end) with no previous summary: a summary of that stretch
     * alone (LIBER's per-segment summaries, KAR's recent window).
     */
    public String interestOver(UserHistory history, int start, int end) {
        Map<String, String> v = common(history.user());
        v.put("history", historyLines(history, start, end));
        return templates.render(PromptKind.INTEREST_FIRST, v);
    }

    public String item(Item item) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("title", item.title());
        v.put("genres", item.genres().isEmpty() ? "unknown" : String.join(" | ", item.genres()));
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
        v.put("target", ItemLines.line(raw.domain(), target, null));
        return templates.render(PromptKind.SEQ, v);
    }

    public String point(String interest, Item target) {
        Map<String, String> v = common(0);
        v.put("interest", interest);
        v.put("target", ItemLines.line(raw.domain(), target, null));
        return templates.render(PromptKind.POINT, v);
    }

    public String hist(UserHistory history, UserChunks chunks, int chunk, Item target) {
        Map<String, String> v = common(history.user());
        v.put("history", historyLines(history, chunks, chunk));
        v.put("target", ItemLines.line(raw.domain(), target, null));
        return templates.render(PromptKind.HIST, v);
    }

    private Map<String, String> common(int user) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("positive_above", ItemLines.formatRating((float) positiveAbove));
        v.put("user", user == 0 ? "" : userLine(raw.user(user)));
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
