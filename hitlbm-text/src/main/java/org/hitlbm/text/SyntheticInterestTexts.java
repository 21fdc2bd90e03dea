package org.hitlbm.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Interest-summary-like texts for timing encoders: 60-120 words each, built from fixed word lists with a fixed
 * seed, so every run and every machine encodes the same texts.
 */
public final class SyntheticInterestTexts {
    private static final String[] OPENERS = {
        "The user enjoys", "This viewer keeps returning to", "Recent ratings show a strong liking for",
        "The user tends to prefer", "Over the last months the user has shifted towards", "The reader favours",
    };
    private static final String[] TOPICS = {
        "romantic comedies", "slow-burning crime dramas", "space opera", "hard science fiction", "classic westerns",
        "animated family films", "psychological thrillers", "historical epics", "jazz biographies", "courtroom dramas",
        "nature documentaries", "superhero blockbusters", "indie coming-of-age stories", "cozy mysteries",
        "military history", "cyberpunk novels", "french new wave cinema", "survival horror", "sports underdog tales",
        "political satire", "fantasy sagas with large casts", "true crime podcasts", "musicals", "heist capers",
    };
    private static final String[] TRAITS = {
        "with strong female leads", "set in small towns", "with non-linear plots", "that end on a hopeful note",
        "with dark humour", "featuring ensemble casts", "based on true events", "with striking cinematography",
        "from the nineteen seventies", "with morally grey heroes", "that move at a brisk pace", "with twist endings",
    };
    private static final String[] DISLIKES = {
        "gratuitous violence", "long running times", "predictable romance subplots", "heavy exposition",
        "musical numbers", "shaky handheld camera work", "open endings", "sequels and remakes",
    };
    private static final String[] FILLER = {
        "and", "often", "especially", "while", "usually", "but", "rarely", "also", "sometimes", "mostly",
    };

    private SyntheticInterestTexts() {
    }

    public static List<String> generate(int count) {
        Random random = new Random(20250713L);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int targetWords = 60 + random.nextInt(61);
            StringBuilder sb = new StringBuilder();
            while (words(sb) < targetWords) {
                sb.append(pick(random, OPENERS)).append(' ').append(pick(random, TOPICS)).append(' ')
                        .append(pick(random, TRAITS)).append(", ").append(pick(random, FILLER)).append(" dislikes ")
                        .append(pick(random, DISLIKES)).append(". ");
            }
            texts.add(trimToWords(sb.toString(), targetWords));
        }
        return texts;
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static int words(CharSequence s) {
        String t = s.toString().trim();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    private static String trimToWords(String text, int n) {
        String[] w = text.trim().split("\\s+");
        return String.join(" ", java.util.Arrays.copyOf(w, Math.min(n, w.length)));
    }
}
