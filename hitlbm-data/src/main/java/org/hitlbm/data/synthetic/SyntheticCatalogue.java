package org.hitlbm.data.synthetic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.hitlbm.data.Item;

/** The synthetic items: a sparse, L1-normalised genre vector and a made-up title each. */
final class SyntheticCatalogue {
    private static final List<String> ADJECTIVES = List.of(
            "Silent", "Crimson", "Last", "Hidden", "Broken", "Golden", "Midnight", "Lost", "Wild", "Frozen",
            "Distant", "Burning", "Secret", "Endless", "Hollow", "Electric", "Quiet", "Savage", "Velvet", "Iron",
            "Paper", "Glass", "Northern", "Restless");
    private static final List<String> NOUNS = List.of(
            "River", "Empire", "Garden", "Horizon", "Witness", "Harbor", "Machine", "Summer", "Kingdom", "Stranger",
            "Frontier", "Letter", "Promise", "Shadow", "Voyage", "Circus", "Island", "Detective", "Planet", "Orchard",
            "Station", "Requiem", "Carnival", "Lighthouse", "Outlaw", "Symphony", "Labyrinth", "Comet", "Bridge",
            "Mirror");

    /** Per item (index = id - 1): its genre indices, heaviest first, and their weights (sum 1). */
    final int[][] genreIndex;
    final float[][] genreWeight;
    final List<Item> items;

    SyntheticCatalogue(SyntheticConfig config, List<String> genreNames, SplittableRandom rng) {
        int n = config.items();
        genreIndex = new int[n][];
        genreWeight = new float[n][];
        items = new ArrayList<>(n);
        Set<String> usedTitles = new HashSet<>(); // membership only; never iterated
        int[] pool = new int[genreNames.size()];
        for (int i = 0; i < n; i++) {
            int k = rng.nextInt(config.minGenresPerItem(), config.maxGenresPerItem() + 1);
            int[] chosen = SyntheticMath.sample(pool, k, rng);
            float[] w = new float[k];
            for (int j = 0; j < k; j++) {
                w[j] = (float) rng.nextDouble(0.5, 1.0);
            }
            SyntheticMath.sortByWeightDescending(chosen, w);
            SyntheticMath.normalise(w);
            genreIndex[i] = chosen;
            genreWeight[i] = w;
            List<String> names = new ArrayList<>(k);
            for (int g : chosen) {
                names.add(genreNames.get(g));
            }
            String title = uniqueTitle(rng, usedTitles, i + 1);
            items.add(new Item(i + 1, "S" + (i + 1), title, names));
        }
    }

    /** Dot product of an interest distribution with item {@code i}'s (0-based) genre vector. */
    double affinity(int i, double[] interest) {
        int[] g = genreIndex[i];
        float[] w = genreWeight[i];
        double a = 0;
        for (int j = 0; j < g.length; j++) {
            a += interest[g[j]] * w[j];
        }
        return a;
    }

    int size() {
        return genreIndex.length;
    }

    /** "Silent River (1987)"-style titles, redrawn on a clash so titles can identify items in prompts. */
    private static String uniqueTitle(SplittableRandom rng, Set<String> used, int id) {
        for (int attempt = 0; attempt < 20; attempt++) {
            String t = ADJECTIVES.get(rng.nextInt(ADJECTIVES.size())) + " " + NOUNS.get(rng.nextInt(NOUNS.size()))
                    + " (" + rng.nextInt(1950, 2004) + ")";
            if (used.add(t)) {
                return t;
            }
        }
        String t = ADJECTIVES.get(id % ADJECTIVES.size()) + " " + NOUNS.get(id % NOUNS.size()) + " " + id;
        used.add(t);
        return t;
    }
}
