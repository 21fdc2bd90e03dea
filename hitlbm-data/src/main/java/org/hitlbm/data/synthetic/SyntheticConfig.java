package org.hitlbm.data.synthetic;

/**
 * Sizes and knobs of the synthetic world (SPEC, "The synthetic world"). Ranges are inclusive.
 *
 * @param users               number of users
 * @param items               number of items
 * @param genres              number of genres, taken from the start of {@link SyntheticGenerator#GENRES}
 * @param minBehaviorsPerUser fewest behaviors of one user
 * @param maxBehaviorsPerUser most behaviors of one user
 * @param minRegimesPerUser   fewest interest regimes over a user's life
 * @param maxRegimesPerUser   most interest regimes over a user's life
 * @param minGenresPerItem    fewest genres of one item
 * @param maxGenresPerItem    most genres of one item
 * @param exploration         probability that a behavior picks an item uniformly at random
 * @param drift               per-behavior rate at which a regime moves toward a random other
 *                            distribution (0 = regimes are constant between change points)
 * @param ratingNoise         standard deviation of the Gaussian noise added to the rating
 * @param temperature         softmax temperature of the item choice over normalised affinity
 *                            (smaller = the user sticks closer to the current regime)
 * @param seed                the one seed everything is drawn from
 */
public record SyntheticConfig(int users, int items, int genres,
                              int minBehaviorsPerUser, int maxBehaviorsPerUser,
                              int minRegimesPerUser, int maxRegimesPerUser,
                              int minGenresPerItem, int maxGenresPerItem,
                              double exploration, double drift, double ratingNoise, double temperature,
                              long seed) {

    public SyntheticConfig {
        require(users >= 1, "users must be >= 1, got " + users);
        require(items >= 1, "items must be >= 1, got " + items);
        require(genres >= 2 && genres <= SyntheticGenerator.GENRES.size(),
                "genres must be in 2.." + SyntheticGenerator.GENRES.size() + ", got " + genres);
        require(minBehaviorsPerUser >= 1 && minBehaviorsPerUser <= maxBehaviorsPerUser,
                "behaviors per user must satisfy 1 <= min <= max, got " + minBehaviorsPerUser + ".." + maxBehaviorsPerUser);
        require(minRegimesPerUser >= 1 && minRegimesPerUser <= maxRegimesPerUser,
                "regimes per user must satisfy 1 <= min <= max, got " + minRegimesPerUser + ".." + maxRegimesPerUser);
        require(minGenresPerItem >= 1 && minGenresPerItem <= maxGenresPerItem && maxGenresPerItem <= genres,
                "genres per item must satisfy 1 <= min <= max <= genres, got " + minGenresPerItem + ".." + maxGenresPerItem);
        require(exploration >= 0 && exploration <= 1, "exploration must be in [0, 1], got " + exploration);
        require(drift >= 0 && drift <= 1, "drift must be in [0, 1], got " + drift);
        require(ratingNoise >= 0, "ratingNoise must be >= 0, got " + ratingNoise);
        require(temperature > 0, "temperature must be > 0, got " + temperature);
    }

    /** 200 users, 600 items, 12 genres, 120..260 behaviors, 2..4 regimes, 1..3 genres per item. */
    public static SyntheticConfig defaults() {
        return new SyntheticConfig(200, 600, 12, 120, 260, 2, 4, 1, 3, 0.1, 0.0, 0.6, 0.1, 42L);
    }

    public SyntheticConfig withUsers(int n) {
        return new SyntheticConfig(n, items, genres, minBehaviorsPerUser, maxBehaviorsPerUser, minRegimesPerUser,
                maxRegimesPerUser, minGenresPerItem, maxGenresPerItem, exploration, drift, ratingNoise, temperature, seed);
    }

    public SyntheticConfig withItems(int n) {
        return new SyntheticConfig(users, n, genres, minBehaviorsPerUser, maxBehaviorsPerUser, minRegimesPerUser,
                maxRegimesPerUser, minGenresPerItem, maxGenresPerItem, exploration, drift, ratingNoise, temperature, seed);
    }

    /** Also caps the genres per item at {@code n} so that a small genre count stays valid. */
    public SyntheticConfig withGenres(int n) {
        return new SyntheticConfig(users, items, n, minBehaviorsPerUser, maxBehaviorsPerUser, minRegimesPerUser,
                maxRegimesPerUser, Math.min(minGenresPerItem, n), Math.min(maxGenresPerItem, n), exploration, drift,
                ratingNoise, temperature, seed);
    }

    public SyntheticConfig withBehaviorsPerUser(int min, int max) {
        return new SyntheticConfig(users, items, genres, min, max, minRegimesPerUser,
                maxRegimesPerUser, minGenresPerItem, maxGenresPerItem, exploration, drift, ratingNoise, temperature, seed);
    }

    public SyntheticConfig withRegimesPerUser(int min, int max) {
        return new SyntheticConfig(users, items, genres, minBehaviorsPerUser, maxBehaviorsPerUser, min,
                max, minGenresPerItem, maxGenresPerItem, exploration, drift, ratingNoise, temperature, seed);
    }

    public SyntheticConfig withGenresPerItem(int min, int max) {
        return new SyntheticConfig(users, items, genres, minBehaviorsPerUser, maxBehaviorsPerUser, minRegimesPerUser,
                maxRegimesPerUser, min, max, exploration, drift, ratingNoise, temperature, seed);
    }

    public SyntheticConfig withExploration(double p) {
        return new SyntheticConfig(users, items, genres, minBehaviorsPerUser, maxBehaviorsPerUser, minRegimesPerUser,
                maxRegimesPerUser, minGenresPerItem, maxGenresPerItem, p, drift, ratingNoise, temperature, seed);
    }

    public SyntheticConfig withDrift(double rate) {
        return new SyntheticConfig(users, items, genres, minBehaviorsPerUser, maxBehaviorsPerUser, minRegimesPerUser,
                maxRegimesPerUser, minGenresPerItem, maxGenresPerItem, exploration, rate, ratingNoise, temperature, seed);
    }

    public SyntheticConfig withRatingNoise(double sd) {
        return new SyntheticConfig(users, items, genres, minBehaviorsPerUser, maxBehaviorsPerUser, minRegimesPerUser,
                maxRegimesPerUser, minGenresPerItem, maxGenresPerItem, exploration, drift, sd, temperature, seed);
    }

    public SyntheticConfig withTemperature(double t) {
        return new SyntheticConfig(users, items, genres, minBehaviorsPerUser, maxBehaviorsPerUser, minRegimesPerUser,
                maxRegimesPerUser, minGenresPerItem, maxGenresPerItem, exploration, drift, ratingNoise, t, seed);
    }

    public SyntheticConfig withSeed(long s) {
        return new SyntheticConfig(users, items, genres, minBehaviorsPerUser, maxBehaviorsPerUser, minRegimesPerUser,
                maxRegimesPerUser, minGenresPerItem, maxGenresPerItem, exploration, drift, ratingNoise, temperature, s);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
