package org.hitlbm.tree.llm.offline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitlbm.data.Domain;
import org.hitlbm.data.Item;
import org.hitlbm.tree.prompt.ItemLines;
import org.hitlbm.tree.prompt.PromptException;
import org.hitlbm.tree.prompt.PromptKind;
import org.hitlbm.tree.prompt.PromptTemplates;

/**
 * Can the offline stand-in read these templates? It adapts to the prompts, never the other way
 * round, so an edited template it cannot read must fail loudly rather than silently turn every
 * interest into noise. Each template is rendered with probe values (two history items, a previous
 * summary with a known profile, a target) and read back as {@link OfflineProfiler} reads it; the
 * first template whose probe does not come back is an error naming its file and what is missing.
 */
public final class OfflinePromptCheck {
    private static final Item LIKED = new Item(1, "probe-1", "Probe Liked Title (1999)", List.of("Drama", "Comedy"));
    private static final Item DISLIKED = new Item(2, "probe-2", "Probe Disliked Title (2001)", List.of("Horror"));
    private static final Item TARGET = new Item(3, "probe-3", "Probe Target Title (2003)", List.of("Comedy", "Romance"));

    private OfflinePromptCheck() {
    }

    /** @throws PromptException naming the first template the stand-in cannot read */
    public static void check(PromptTemplates templates, Domain domain, double positiveAbove) {
        String threshold = positiveAbove == Math.rint(positiveAbove) ? String.valueOf((int) positiveAbove) : String.valueOf(positiveAbove);
        String history = ItemLines.line(domain, LIKED, (float) (positiveAbove + 1)) + "\n" + ItemLines.line(domain, DISLIKED,
                (float) Math.max(0, positiveAbove - 1));
        GenreProfile previous = GenreProfile.of(Map.of("Drama", 0.75, "Comedy", 0.25));
        String previousText = "#### Conclusion\nThe user enjoys Drama.\n" + previous.line();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("positive_above", threshold);
        v.put("user", "");
        v.put("history", history);
        v.put("previous", previousText);
        v.put("previous_interests", "<Interest 1>\n" + previousText);
        v.put("interest", previousText);
        v.put("target", ItemLines.target(domain, TARGET));
        v.put("title", TARGET.title());
        v.put("genres", ItemLines.genres(TARGET));
        for (PromptKind kind : PromptKind.values()) {
            String prompt;
            try {
                prompt = templates.render(kind, v);
            } catch (IllegalArgumentException e) {
                throw unreadable(templates, kind, e.getMessage());
            }
            List<String> missing = missing(kind, prompt, positiveAbove, previous);
            if (!missing.isEmpty()) {
                throw unreadable(templates, kind, String.join("; ", missing));
            }
        }
    }

    private static List<String> missing(PromptKind kind, String prompt, double threshold, GenreProfile previous) {
        List<String> missing = new ArrayList<>();
        switch (kind) {
            case ITEM -> {
                var item = OfflineProfiler.readItem(prompt);
                if (item.isEmpty() || !item.get().title().equals(TARGET.title()) || !item.get().genres().equals(ItemLines.genres(TARGET))) {
                    missing.add("no 'Introduce movie|book {{title}}, which is {{genres}} and describe' instruction");
                }
            }
            case INTEREST_FIRST, INTEREST_NEXT -> {
                if (!OfflineProfiler.isInterest(prompt)) {
                    missing.add("no '" + OfflineProfiler.INTEREST_MARKER + "' task line");
                }
                OfflineProfiler.InterestPrompt read = OfflineProfiler.readInterest(prompt);
                if (read.items().size() != 2) {
                    missing.add("the {{history}} item lines are not under a '[Current Movie Viewing History]' (or Book) heading");
                }
                if (read.threshold() != threshold) {
                    missing.add("no 'greater than {{positive_above}}' rating rule");
                }
                if (kind == PromptKind.INTEREST_NEXT && read.previous().distance(previous) > 1e-6) {
                    missing.add("the {{previous}} summary is not between '" + OfflineProfiler.PREVIOUS_MARKER
                            + "' and the history heading");
                }
            }
            case SEQ, POINT, HIST -> {
                OfflineProfiler.YesNoPrompt read = OfflineProfiler.readYesNo(prompt);
                if (read.target().isEmpty() || !read.target().get().title().equals(TARGET.title())) {
                    missing.add("the {{target}} line is not under a '[Target Movie]' (or Book) heading");
                }
                if (kind == PromptKind.HIST) {
                    if (read.items().size() != 2) {
                        missing.add("the {{history}} item lines are not before the target heading");
                    }
                    if (read.threshold() != threshold) {
                        missing.add("no 'greater than {{positive_above}}' rating rule");
                    }
                } else if (read.profiles().isEmpty() || read.profiles().get(0).distance(previous) > 1e-6) {
                    missing.add("the interest text ({{" + (kind == PromptKind.SEQ ? "previous_interests" : "interest")
                            + "}}) is not before the target heading");
                }
            }
            default -> throw new IllegalStateException("unchecked prompt kind " + kind);
        }
        return missing;
    }

    private static PromptException unreadable(PromptTemplates templates, PromptKind kind, String why) {
        return new PromptException("prompt " + templates.origin(kind) + ": the offline stand-in cannot read it: " + why
                + " (it adapts to the paper's prompt structure; edit the template back, or use a real LLM backend)");
    }
}
