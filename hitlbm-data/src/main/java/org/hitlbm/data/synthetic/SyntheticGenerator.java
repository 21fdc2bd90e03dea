package org.hitlbm.data.synthetic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.hitlbm.data.Domain;
import org.hitlbm.data.GroundTruth;
import org.hitlbm.data.Interaction;
import org.hitlbm.data.RawDataset;
import org.hitlbm.data.UserProfile;
import org.hitlbm.data.io.MovieLensCodes;

/**
 * The synthetic world of SPEC.md: users move through interest regimes over genres, pick items whose
 * genres match their current regime (plus some exploration) and rate them by that match plus noise.
 * The regime behind every behavior is kept as {@link GroundTruth}. Fully determined by the seed.
 */
public final class SyntheticGenerator {
    /** The genre list; a config with {@code genres = k} uses the first k. */
    public static final List<String> GENRES = List.of(
            "Drama", "Comedy", "Action", "Thriller", "Romance", "Sci-Fi", "Horror", "Adventure", "Crime",
            "Animation", "Documentary", "Fantasy", "Mystery", "War", "Western", "Musical", "Film-Noir", "Children's");

    /** 2000-01-01 and 2004-01-01 UTC: users start somewhere in 2000-2003, like MovieLens-1M's era. */
    private static final long FIRST_START = 946_684_800L;
    private static final long LAST_START = 1_072_915_200L;
    /** With drift on, the choice distribution is rebuilt every this many behaviors (not every one: cost). */
    private static final int DRIFT_REFRESH = 10;
    /** Approximate MovieLens-1M age mix, in {@link MovieLensCodes#AGE_BUCKETS} order. */
    private static final double[] AGE_MIX = {0.04, 0.18, 0.35, 0.20, 0.09, 0.08, 0.06};

    private final SyntheticConfig config;
    private final List<String> genres;

    public SyntheticGenerator(SyntheticConfig config) {
        this.config = config;
        this.genres = GENRES.subList(0, config.genres());
    }

    /** Generates the dataset of {@code config}. */
    public static RawDataset generate(SyntheticConfig config) {
        return new SyntheticGenerator(config).generate();
    }

    public RawDataset generate() {
        SplittableRandom root = new SplittableRandom(config.seed());
        SyntheticCatalogue catalogue = new SyntheticCatalogue(config, genres, root.split());
        List<UserProfile> users = new ArrayList<>(config.users());
        List<Interaction> interactions = new ArrayList<>(config.users() * config.maxBehaviorsPerUser());
        Map<Integer, long[]> truthTimes = new HashMap<>();
        Map<Integer, float[][]> truthWeights = new HashMap<>();
        for (int u = 1; u <= config.users(); u++) {
            // One independent stream per user: a user's history does not depend on the ones before.
            SplittableRandom rng = root.split();
            users.add(profile(u, rng));
            UserHistory h = simulate(u, catalogue, rng);
            interactions.addAll(h.interactions);
            truthTimes.put(u, h.times);
            truthWeights.put(u, h.weights);
        }
        GroundTruth truth = new GroundTruth(genres, truthTimes, truthWeights);
        return new RawDataset("synthetic", Domain.MOVIES, catalogue.items, users, interactions, truth);
    }

    private record UserHistory(List<Interaction> interactions, long[] times, float[][] weights) {
    }

    private UserHistory simulate(int user, SyntheticCatalogue catalogue, SplittableRandom rng) {
        int n = rng.nextInt(config.minBehaviorsPerUser(), config.maxBehaviorsPerUser() + 1);
        int regimes = Math.min(n, rng.nextInt(config.minRegimesPerUser(), config.maxRegimesPerUser() + 1));
        int[] lengths = InterestRegime.segmentLengths(n, regimes, rng);
        List<Interaction> out = new ArrayList<>(n);
        long[] times = new long[n];
        float[][] weights = new float[n][];
        ItemChooser chooser = new ItemChooser(catalogue, config.temperature());
        long t = rng.nextLong(FIRST_START, LAST_START);
        InterestRegime regime = null;
        int step = 0;
        for (int length : lengths) {
            regime = InterestRegime.draw(genres.size(), regime, rng);
            InterestRegime target = config.drift() > 0 ? InterestRegime.draw(genres.size(), regime, rng) : null;
            float[] constant = SyntheticMath.toFloat(regime.weights()); // shared: GroundTruth hands out copies
            for (int j = 0; j < length; j++, step++) {
                double[] w = target == null ? regime.weights() : drifted(regime, target, j);
                if (j == 0 || (target != null && j % DRIFT_REFRESH == 0)) {
                    chooser.refresh(w);
                }
                int item = rng.nextDouble() < config.exploration() ? chooser.uniform(rng) : chooser.pick(rng);
                double affinity = Math.min(1.0, catalogue.affinity(item, w) / chooser.maxAffinity());
                long rating = Math.round(1 + 4 * affinity + config.ratingNoise() * rng.nextGaussian());
                rating = Math.max(1, Math.min(5, rating));
                out.add(new Interaction(user, item + 1, rating, t));
                times[step] = t;
                weights[step] = target == null ? constant : SyntheticMath.toFloat(w);
                t += gap(rng);
            }
        }
        return new UserHistory(out, times, weights);
    }

    /** Slow drift: after j behaviors the regime has moved 1 - (1 - drift)^j of the way to its target. */
    private double[] drifted(InterestRegime from, InterestRegime to, int j) {
        double lambda = 1 - Math.pow(1 - config.drift(), j);
        double[] a = from.weights();
        double[] b = to.weights();
        double[] w = new double[a.length];
        for (int g = 0; g < a.length; g++) {
            w[g] = (1 - lambda) * a[g] + lambda * b[g];
        }
        return w;
    }

    /** Mostly minutes apart (a session), sometimes hours to days (a return), so months pass per user. */
    private static long gap(SplittableRandom rng) {
        return rng.nextDouble() < 0.75 ? rng.nextLong(60, 2 * 3600) : rng.nextLong(6 * 3600, 5 * 86_400);
    }

    private static UserProfile profile(int id, SplittableRandom rng) {
        String gender = rng.nextDouble() < 0.7 ? "M" : "F";
        double u = rng.nextDouble();
        int age = 0;
        double cumulative = AGE_MIX[0];
        while (age < AGE_MIX.length - 1 && u >= cumulative) {
            cumulative += AGE_MIX[++age];
        }
        String occupation = MovieLensCodes.OCCUPATIONS.get(rng.nextInt(MovieLensCodes.OCCUPATIONS.size()));
        return new UserProfile(id, "u" + id, gender, MovieLensCodes.AGE_BUCKETS.get(age), occupation);
    }
}
