package org.hitlbm.data;

import java.io.Serializable;

/**
 * Side information about a user; any field is null when the dataset does not have it.
 *
 * @param id         dense user id (1-based)
 * @param rawId      the id as the source files spell it
 * @param gender     e.g. "M"/"F" (MovieLens)
 * @param age        age or age bucket as text (MovieLens-1M uses buckets, 100K exact ages)
 * @param occupation occupation as text (MovieLens-1M codes are mapped to their names)
 */
public record UserProfile(int id, String rawId, String gender, String age, String occupation) implements Serializable {
    public static UserProfile anonymous(int id, String rawId) {
        return new UserProfile(id, rawId, null, null, null);
    }
}
