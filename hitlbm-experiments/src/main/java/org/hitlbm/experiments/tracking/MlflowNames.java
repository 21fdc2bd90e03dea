package org.hitlbm.experiments.tracking;

/**
 * MLflow's server-side limits on keys and values. A request that breaks one is rejected as a whole,
 * so a single odd config key would otherwise lose every param of a run.
 */
final class MlflowNames {
    /** Max params (and tags) per log-batch request. */
    static final int MAX_PARAMS_PER_BATCH = 100;
    /** Max metrics per log-batch request. */
    static final int MAX_METRICS_PER_BATCH = 1000;
    static final int MAX_PARAM_VALUE_LENGTH = 6000;
    static final int MAX_TAG_VALUE_LENGTH = 8000;
    static final int MAX_KEY_LENGTH = 250;

    private MlflowNames() {
    }

    /**
     * Keys may hold alphanumerics and {@code _ - . space / :}; anything else becomes '_'. Keys are
     * also checked as paths (no empty, "." or ".." segments, no leading or trailing '/').
     */
    static String key(String raw) {
        StringBuilder cleaned = new StringBuilder(raw.length());
        for (char c : raw.toCharArray()) {
            boolean allowed = (c < 128 && Character.isLetterOrDigit(c)) || "_-. /:".indexOf(c) >= 0;
            cleaned.append(allowed ? c : '_');
        }
        StringBuilder normalised = new StringBuilder();
        for (String segment : cleaned.toString().split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (normalised.length() > 0) {
                normalised.append('/');
            }
            normalised.append(segment.equals("..") ? "__" : segment);
        }
        String key = normalised.length() == 0 ? "_" : normalised.toString();
        return key.length() > MAX_KEY_LENGTH ? key.substring(0, MAX_KEY_LENGTH) : key;
    }

    static String truncate(String value, int maxLength) {
        String text = value == null ? "" : value;
        return text.length() > maxLength ? text.substring(0, maxLength) : text;
    }
}
