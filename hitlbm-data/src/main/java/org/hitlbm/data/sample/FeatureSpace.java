package org.hitlbm.data.sample;

import java.io.Serializable;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import org.hitlbm.data.Item;
import org.hitlbm.data.RawDataset;
import org.hitlbm.data.UserProfile;

/**
 * The categorical fields every CTR model sees, as dense ids (0 = unknown or padding): the target
 * item and its category, the recent behaviors (sharing the item id space) with their ratings, and
 * the user profile fields where the dataset has them. The fields are declared once, in
 * {@link Field}; the vocabularies here and the neural models' embedding tables, first-order
 * scalars, field count and input packing all follow that list.
 */
public final class FeatureSpace implements Serializable {
    /** Ratings are 1..5 in every supported dataset; 0 pads. */
    public static final int RATING_VOCABULARY = 6;

    /** What a field describes: the item (the target and every recent behavior have one) or the user. */
    public enum Owner { ITEM, USER }

    /** How an item-owned field reads its raw value (null = unknown). */
    @FunctionalInterface
    public interface ItemAttribute {
        String of(Item item);
    }

    /** How a user-owned field reads its raw value (null = unknown). */
    @FunctionalInterface
    public interface UserAttribute {
        String of(UserProfile user);
    }

    /**
     * The categorical fields, in the order models create their tables: a new field is one line
     * here. {@link #vocabularyName()} names the id space (and a model's embedding table).
     */
    public enum Field {
        /** the item id itself: already dense, no vocabulary */
        ITEM("items"),
        CATEGORY("categories", Item::category),
        GENDER("genders", UserProfile::gender),
        AGE("ages", UserProfile::age),
        OCCUPATION("occupations", UserProfile::occupation);

        private final String vocabularyName;
        private final Owner owner;
        private final ItemAttribute itemAttribute;
        private final UserAttribute userAttribute;

        Field(String vocabularyName) {
            this(vocabularyName, Owner.ITEM, null, null);
        }

        Field(String vocabularyName, ItemAttribute attribute) {
            this(vocabularyName, Owner.ITEM, attribute, null);
        }

        Field(String vocabularyName, UserAttribute attribute) {
            this(vocabularyName, Owner.USER, null, attribute);
        }

        Field(String vocabularyName, Owner owner, ItemAttribute itemAttribute, UserAttribute userAttribute) {
            this.vocabularyName = vocabularyName;
            this.owner = owner;
            this.itemAttribute = itemAttribute;
            this.userAttribute = userAttribute;
        }

        public String vocabularyName() {
            return vocabularyName;
        }

        public Owner owner() {
            return owner;
        }

        /** The item-owned fields in declared order (the target's, and each recent behavior's). */
        public static List<Field> ofItems() {
            return Arrays.stream(values()).filter(f -> f.owner == Owner.ITEM).toList();
        }

        /** The user-owned fields in declared order. */
        public static List<Field> ofUsers() {
            return Arrays.stream(values()).filter(f -> f.owner == Owner.USER).toList();
        }
    }

    private final int itemVocabulary;
    private final int userVocabulary;
    /** Every field but {@link Field#ITEM}: its vocabulary, and the id of each item or user (by dense id). */
    private final EnumMap<Field, Vocabulary> vocabularies = new EnumMap<>(Field.class);
    private final EnumMap<Field, int[]> ids = new EnumMap<>(Field.class);

    public FeatureSpace(RawDataset raw) {
        itemVocabulary = raw.numItems() + 1;
        userVocabulary = raw.numUsers() + 1;
        for (Field field : Field.values()) {
            if (field == Field.ITEM) {
                continue;
            }
            Vocabulary vocabulary = new Vocabulary();
            int[] id;
            if (field.owner == Owner.ITEM) {
                id = new int[itemVocabulary];
                for (Item item : raw.items()) {
                    id[item.id()] = vocabulary.add(field.itemAttribute.of(item));
                }
            } else {
                id = new int[userVocabulary];
                for (UserProfile user : raw.users()) {
                    id[user.id()] = vocabulary.add(field.userAttribute.of(user));
                }
            }
            vocabularies.put(field, vocabulary);
            ids.put(field, id);
        }
    }

    public int itemVocabulary() {
        return itemVocabulary;
    }

    public int userVocabulary() {
        return userVocabulary;
    }

    /** Rows of the field's embedding table: its ids including the reserved 0. */
    public int vocabularySize(Field field) {
        return field == Field.ITEM ? itemVocabulary : vocabularies.get(field).size();
    }

    /** The field's vocabulary; the item id has none (it is already dense). */
    public Vocabulary vocabulary(Field field) {
        if (field == Field.ITEM) {
            throw new IllegalArgumentException("item ids are already dense: no vocabulary");
        }
        return vocabularies.get(field);
    }

    /** The field's id for an item (item-owned fields) or a user (user-owned fields), by dense id. */
    public int id(Field field, int itemOrUser) {
        return field == Field.ITEM ? itemOrUser : ids.get(field)[itemOrUser];
    }

    public Vocabulary categories() {
        return vocabulary(Field.CATEGORY);
    }

    public Vocabulary genders() {
        return vocabulary(Field.GENDER);
    }

    public Vocabulary ages() {
        return vocabulary(Field.AGE);
    }

    public Vocabulary occupations() {
        return vocabulary(Field.OCCUPATION);
    }

    public int category(int item) {
        return id(Field.CATEGORY, item);
    }

    public int gender(int user) {
        return id(Field.GENDER, user);
    }

    public int age(int user) {
        return id(Field.AGE, user);
    }

    public int occupation(int user) {
        return id(Field.OCCUPATION, user);
    }

    /** True when at least one user profile field is known (MovieLens yes, Amazon no). */
    public boolean hasUserProfiles() {
        for (Field field : Field.ofUsers()) {
            if (vocabularySize(field) > 1) {
                return true;
            }
        }
        return false;
    }

    /** A rating as a field id: 1..5 rounded and clamped. */
    public static int ratingId(float rating) {
        return Math.max(1, Math.min(5, Math.round(rating)));
    }
}
