package org.hitlbm.tree.llm.offline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hitlbm.tree.llm.Generation;
import org.hitlbm.tree.llm.LlmClient;
import org.hitlbm.tree.llm.YesNo;
import org.hitlbm.tree.prompt.ItemLines;

/**
 * The embedded default: a deterministic statistical profiler standing in for an LLM. It is NOT a
 * language model. It reads the paper's prompts (Fig. 2 and 3: the item lines of a viewing history,
 * the previous summary, a target item; see {@link OfflinePromptCheck} for exactly what it needs)
 * and writes summaries in the structure of Fig. 2 (per aspect: previous interests, current chunk,
 * analysis of the change), ending with its own machine-readable genre profile line. No prompt
 * asks for that line: it is how the stand-in writes, so that later prompts, the Yes/No prompts
 * and the check against the synthetic truth can read its summaries back.
 *
 * <p>At temperature 0 the profile is the chunk's liked-genre mix blended with the previous
 * profile; at temperature > 0 a seeded draw varies the blend, perturbs the weights and now and
 * then drops or invents a genre, so Best-of-N candidates differ in quality as LLM samples do.
 * {@link #yesProbability} is a calibrated affinity between the context (profiles, or raw history
 * in prompt^hist) and the target item's genres.
 */
public final class OfflineProfiler implements LlmClient {
    /** Bumped whenever what it writes for a prompt changes: the LLM cache keys on the model name. */
    public static final String MODEL = "offline-profiler-v2";
    private static final Pattern THRESHOLD = Pattern.compile("greater than ([0-9.]+)");
    private static final Pattern ITEM_INSTRUCTION = Pattern.compile("Introduce (movie|book) (.*), which is (.*?),? and describe");
    static final String INTEREST_MARKER = "[Task] Analyze";
    static final String PREVIOUS_MARKER = "[Previous Interest Summary]";
    /** The history section: "[Current Movie Viewing History]" (Fig. 2) or "[Current book viewing history]" (Fig. 3). */
    private static final Pattern HISTORY_MARKER = Pattern.compile("\\[Current (?:movie|book) (?:viewing|reading) history]",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TARGET_MARKER = Pattern.compile("\\[Target (?:Movie|Book)]");
    /** Blend of the previous profile at temperature 0: the new chunk dominates, the past lingers. */
    private static final double PREVIOUS_SHARE = 0.3;
    /** Logistic calibration of P(Yes) over affinity (the share of the profile on the target's genres). */
    private static final double SLOPE = 8;
    private static final double MIDPOINT = 0.2;

    @Override
    public String backend() {
        return "offline";
    }

    @Override
    public String model() {
        return MODEL;
    }

    /** An item-knowledge prompt as read: "movie" or "book", title, genres. */
    record ItemPrompt(String kind, String title, String genres) {
    }

    /** prompt^inst as read: the previous summary's profile (empty for the first chunk), the chunk's items, the rating threshold. */
    record InterestPrompt(GenreProfile previous, List<ItemLines.Parsed> items, double threshold) {
    }

    /** A Yes/No prompt as read: the target (empty when unreadable), the interest profiles before it, the history items, the threshold. */
    record YesNoPrompt(java.util.Optional<ItemLines.Parsed> target, List<GenreProfile> profiles, List<ItemLines.Parsed> items,
                       double threshold) {
    }

    static java.util.Optional<ItemPrompt> readItem(String prompt) {
        Matcher m = ITEM_INSTRUCTION.matcher(prompt);
        return m.find() ? java.util.Optional.of(new ItemPrompt(m.group(1), m.group(2), m.group(3))) : java.util.Optional.empty();
    }

    static boolean isInterest(String prompt) {
        return prompt.contains(INTEREST_MARKER);
    }

    static InterestPrompt readInterest(String prompt) {
        Matcher history = HISTORY_MARKER.matcher(prompt);
        int historyAt = history.find() ? history.start() : -1;
        int previousAt = prompt.indexOf(PREVIOUS_MARKER);
        String previousText = previousAt >= 0 && historyAt > previousAt ? prompt.substring(previousAt, historyAt) : "";
        List<ItemLines.Parsed> items = ItemLines.parseAll(historyAt >= 0 ? prompt.substring(historyAt) : prompt);
        return new InterestPrompt(GenreProfile.parseLast(previousText), items, threshold(prompt));
    }

    static YesNoPrompt readYesNo(String prompt) {
        Matcher marker = TARGET_MARKER.matcher(prompt);
        int target = -1;
        while (marker.find()) {
            target = marker.start();
        }
        if (target < 0) {
            return new YesNoPrompt(java.util.Optional.empty(), List.of(), List.of(), threshold(prompt));
        }
        String context = prompt.substring(0, target);
        return new YesNoPrompt(ItemLines.parseTarget(prompt.substring(target)), GenreProfile.parseAll(context), ItemLines.parseAll(context),
                threshold(prompt));
    }

    @Override
    public Generation generate(String prompt, long seed, double temperature, int maxTokens) {
        String text;
        java.util.Optional<ItemPrompt> item = readItem(prompt);
        if (item.isPresent()) {
            text = itemKnowledge(item.get().kind(), item.get().title(), item.get().genres());
        } else if (isInterest(prompt)) {
            text = interestSummary(readInterest(prompt), seed, temperature);
        } else {
            text = yesProbability(prompt) >= 0.5 ? "Yes" : "No";
        }
        text = truncateWords(text, maxTokens);
        return new Generation(text, words(prompt), words(text));
    }

    /** The stand-in's probability is its whole answer: all mass on Yes or No. */
    @Override
    public YesNo.Answer yesNo(String prompt) {
        return YesNo.Answer.certain(yesProbability(prompt));
    }

    @Override
    public double yesProbability(String prompt) {
        YesNoPrompt read = readYesNo(prompt);
        if (read.target().isEmpty()) {
            return 0.5;
        }
        GenreProfile profile;
        if (!read.profiles().isEmpty()) {
            List<GenreProfile> profiles = read.profiles();
            profile = profiles.get(0);
            for (int i = 1; i < profiles.size(); i++) {
                profile = profile.mix(profiles.get(i), (double) i / (i + 1)); // running mean
            }
        } else {
            profile = chunkProfile(read.items(), read.threshold());
        }
        double affinity = 0;
        for (String g : read.target().get().genres()) {
            affinity += profile.weight(g);
        }
        return 1 / (1 + Math.exp(-SLOPE * (affinity - MIDPOINT)));
    }

    private String interestSummary(InterestPrompt read, long seed, double temperature) {
        GenreProfile previous = read.previous();
        List<ItemLines.Parsed> items = read.items();
        double threshold = read.threshold();
        GenreProfile current = chunkProfile(items, threshold);
        SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        double share = previous.isEmpty() ? 0 : temperature == 0 ? PREVIOUS_SHARE
                : clamp(PREVIOUS_SHARE + temperature * (random.nextDouble() - 0.5), 0, 0.9);
        GenreProfile profile = previous.isEmpty() ? current : previous.mix(current, share);
        if (temperature > 0) {
            profile = perturb(profile, current, random, temperature);
        }
        profile = profile.top(0.03);
        return render(previous, current, items, threshold, profile);
    }

    /** Liked items push their genres up, disliked ones down a little; what stays positive is the mix. */
    static GenreProfile chunkProfile(List<ItemLines.Parsed> items, double threshold) {
        Map<String, Double> evidence = new LinkedHashMap<>();
        for (ItemLines.Parsed item : items) {
            boolean liked = Double.isNaN(item.rating()) || item.rating() > threshold;
            for (String g : item.genres()) {
                evidence.merge(g, (liked ? 1.0 : -0.4) / item.genres().size(), Double::sum);
            }
        }
        return GenreProfile.of(evidence);
    }

    /** Sampling noise: multiplicative jitter, and with a chance growing with temperature a dropped or invented genre. */
    private static GenreProfile perturb(GenreProfile profile, GenreProfile current, SplittableRandom random, double temperature) {
        Map<String, Double> w = new LinkedHashMap<>();
        profile.weights().forEach((g, x) -> w.put(g, x * Math.exp(0.8 * temperature * gaussian(random))));
        List<String> genres = profile.genresByWeight();
        if (!genres.isEmpty() && random.nextDouble() < 0.35 * temperature) {
            w.remove(genres.get(random.nextInt(Math.min(2, genres.size()))));
        }
        List<String> others = new ArrayList<>(current.weights().keySet());
        others.removeAll(w.keySet());
        if (!others.isEmpty() && random.nextDouble() < 0.35 * temperature) {
            w.put(others.get(random.nextInt(others.size())), 0.1 + 0.3 * random.nextDouble());
        }
        GenreProfile out = GenreProfile.of(w);
        return out.isEmpty() ? profile : out;
    }

    private static String render(GenreProfile previous, GenreProfile current, List<ItemLines.Parsed> items, double threshold,
                                 GenreProfile profile) {
        StringBuilder sb = new StringBuilder("### Analysis of User's Preferences\n\n#### Genre:\n");
        sb.append("Previous Interests: ").append(previous.isEmpty() ? "none recorded" : describe(previous)).append('\n');
        sb.append("Current History: ").append(likedAndDisliked(items, threshold)).append('\n');
        sb.append("Analysis: ").append(analysis(previous, profile)).append("\n\n");
        double meanRating = items.stream().filter(i -> !Double.isNaN(i.rating())).mapToDouble(ItemLines.Parsed::rating).average().orElse(Double.NaN);
        long liked = items.stream().filter(i -> i.rating() > threshold).count();
        sb.append("#### Rating behaviour:\n").append(String.format(Locale.ROOT,
                "%d items, %d liked; mean rating %.1f.%n%n", items.size(), liked, meanRating));
        sb.append("#### Conclusion\n").append("The user currently enjoys ").append(describe(profile.top(0.1))).append(".\n");
        sb.append(profile.line());
        return sb.toString();
    }

    private static String analysis(GenreProfile previous, GenreProfile now) {
        if (previous.isEmpty()) {
            return "First chunk: the main interests are " + describe(now.top(0.1)) + ".";
        }
        List<String> notes = new ArrayList<>();
        for (String g : now.genresByWeight()) {
            double delta = now.weight(g) - previous.weight(g);
            if (previous.weight(g) == 0 && now.weight(g) >= 0.1) {
                notes.add("a new interest in " + g + " emerges");
            } else if (delta > 0.08) {
                notes.add("interest in " + g + " grows");
            } else if (now.weight(g) >= 0.2 && Math.abs(delta) <= 0.08) {
                notes.add("interest in " + g + " remains strong");
            }
        }
        for (String g : previous.genresByWeight()) {
            if (previous.weight(g) >= 0.1 && now.weight(g) < previous.weight(g) / 2) {
                notes.add("interest in " + g + " fades");
            }
        }
        return notes.isEmpty() ? "The user's interests are stable." : capitalise(String.join("; ", notes)) + ".";
    }

    private static String likedAndDisliked(List<ItemLines.Parsed> items, double threshold) {
        Map<String, Integer> liked = new LinkedHashMap<>();
        Map<String, Integer> disliked = new LinkedHashMap<>();
        for (ItemLines.Parsed item : items) {
            Map<String, Integer> target = item.rating() > threshold ? liked : disliked;
            item.genres().forEach(g -> target.merge(g, 1, Integer::sum));
        }
        return "liked " + counts(liked) + "; disliked " + counts(disliked);
    }

    private static String counts(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return "nothing";
        }
        List<String> parts = new ArrayList<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(5).forEach(e -> parts.add(e.getKey() + " (" + e.getValue() + ")"));
        return String.join(", ", parts);
    }

    private static String describe(GenreProfile p) {
        List<String> parts = new ArrayList<>();
        for (String g : p.genresByWeight()) {
            parts.add(g + " " + Math.round(p.weight(g) * 100) + "%");
        }
        return parts.isEmpty() ? "nothing in particular" : String.join(", ", parts);
    }

    private static String itemKnowledge(String kind, String title, String genres) {
        return "\"" + title + "\" is a " + genres.replace(" | ", "/") + " " + kind + ".\n\n#### Genre:\n" + genres
                + "\n\n(Item text by the offline stand-in: title and genres only, no world knowledge.)";
    }

    private static double threshold(String prompt) {
        Matcher m = THRESHOLD.matcher(prompt);
        return m.find() ? Double.parseDouble(m.group(1)) : 3;
    }

    private static double gaussian(SplittableRandom r) {
        double u = Math.max(1e-12, r.nextDouble());
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static double clamp(double x, double lo, double hi) {
        return Math.max(lo, Math.min(hi, x));
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static int words(String s) {
        String t = s.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    private static String truncateWords(String text, int maxTokens) {
        String[] w = text.split("(?<=\\s)");
        if (w.length <= maxTokens) {
            return text;
        }
        return String.join("", java.util.Arrays.copyOf(w, maxTokens)).strip();
    }
}
