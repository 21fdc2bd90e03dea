package org.hitlbm.data.io;

import java.util.List;
import java.util.Map;

/** The code tables of MovieLens-1M's users.dat (from the dataset's README), as readable text. */
public final class MovieLensCodes {
    /** Age code -> bucket text. */
    public static final Map<String, String> AGES = Map.of(
            "1", "Under 18", "18", "18-24", "25", "25-34", "35", "35-44",
            "45", "45-49", "50", "50-55", "56", "56+");

    /** Age bucket texts in ascending order (for generators that draw from them). */
    public static final List<String> AGE_BUCKETS = List.of(
            "Under 18", "18-24", "25-34", "35-44", "45-49", "50-55", "56+");

    /** Occupation names indexed by their code 0..20. */
    public static final List<String> OCCUPATIONS = List.of(
            "other or not specified", "academic/educator", "artist", "clerical/admin",
            "college/grad student", "customer service", "doctor/health care", "executive/managerial",
            "farmer", "homemaker", "K-12 student", "lawyer", "programmer", "retired", "sales/marketing",
            "scientist", "self-employed", "technician/engineer", "tradesman/craftsman", "unemployed", "writer");

    /** The 19 genres of MovieLens-100K's u.item flags, in flag order (the content of u.genre). */
    public static final List<String> GENRES_100K = List.of(
            "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary",
            "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller",
            "War", "Western");

    private MovieLensCodes() {
    }

    /** Bucket text for an ML-1M age code; an unknown code is kept as it is rather than dropped. */
    public static String age(String code) {
        return AGES.getOrDefault(code.trim(), code.trim());
    }

    /** Occupation name for an ML-1M code; an unknown code is kept as it is. */
    public static String occupation(String code) {
        try {
            int c = Integer.parseInt(code.trim());
            if (c >= 0 && c < OCCUPATIONS.size()) {
                return OCCUPATIONS.get(c);
            }
        } catch (NumberFormatException e) {
            // fall through: keep the text
        }
        return code.trim();
    }
}
