package org.hitlbm.data.sample;

import java.io.Serializable;
import org.hitlbm.data.Item;
import org.hitlbm.data.RawDataset;
import org.hitlbm.data.UserProfile;

/**
 * The categorical fields every CTR model sees, as dense ids (0 = unknown or padding): the target
 * item and its category, the recent behaviors (sharing the item id space) with their ratings, and
 * the user profile fields where the dataset has them.
 */
public final class FeatureSpace implements Serializable {
    /** Ratings are 1..5 in every supported dataset; 0 pads. */
    public static final int RATING_VOCABULARY = 6;

    private final int itemVocabulary;
    private final int userVocabulary;
    private final Vocabulary categories = new Vocabulary();
    private final Vocabulary genders = new Vocabulary();
    private final Vocabulary ages = new Vocabulary();
    private final Vocabulary occupations = new Vocabulary();
    private final int[] itemCategory;
    private final int[] userGender;
    private final int[] userAge;
    private final int[] userOccupation;

    public FeatureSpace(RawDataset raw) {
        itemVocabulary = raw.numItems() + 1;
        userVocabulary = raw.numUsers() + 1;
        itemCategory = new int[itemVocabulary];
        for (Item item : raw.items()) {
            itemCategory[item.id()] = categories.add(item.category());
        }
        userGender = new int[userVocabulary];
        userAge = new int[userVocabulary];
        userOccupation = new int[userVocabulary];
        for (UserProfile user : raw.users()) {
            userGender[user.id()] = genders.add(user.gender());
            userAge[user.id()] = ages.add(user.age());
            userOccupation[user.id()] = occupations.add(user.occupation());
        }
    }

    public int itemVocabulary() {
        return itemVocabulary;
    }

    public int userVocabulary() {
        return userVocabulary;
    }

    public Vocabulary categories() {
        return categories;
    }

    public Vocabulary genders() {
        return genders;
    }

    public Vocabulary ages() {
        return ages;
    }

    public Vocabulary occupations() {
        return occupations;
    }

    public int category(int item) {
        return itemCategory[item];
    }

    public int gender(int user) {
        return userGender[user];
    }

    public int age(int user) {
        return userAge[user];
    }

    public int occupation(int user) {
        return userOccupation[user];
    }

    /** True when at least one user profile field is known (MovieLens yes, Amazon no). */
    public boolean hasUserProfiles() {
        return genders.size() > 1 || ages.size() > 1 || occupations.size() > 1;
    }

    /** A rating as a field id: 1..5 rounded and clamped. */
    public static int ratingId(float rating) {
        return Math.max(1, Math.min(5, Math.round(rating)));
    }
}
