package org.hitlbm.backbones.linear;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hitlbm.data.sample.CtrSamples;
import org.hitlbm.data.sample.FeatureSpace;

/** Names the one-hot (and bag-of-history) features of one sample for a linear model. */
final class OneHotFeatures {
    private final FeatureSpace space;
    private final boolean userFeatures;
    private final boolean historyFeatures;

    OneHotFeatures(FeatureSpace space, boolean userFeatures, boolean historyFeatures) {
        this.space = space;
        this.userFeatures = userFeatures;
        this.historyFeatures = historyFeatures;
    }

    /** Feature name to value; repeated names (two recent items of one category) add up. */
    Map<String, Double> of(CtrSamples s, int row) {
        Map<String, Double> f = new LinkedHashMap<>();
        int item = s.item[row];
        f.put("item=" + item, 1.0);
        f.put("cat=" + space.category(item), 1.0);
        if (userFeatures) {
            int user = s.user[row];
            putKnown(f, "gender=", space.gender(user));
            putKnown(f, "age=", space.age(user));
            putKnown(f, "occ=", space.occupation(user));
        }
        if (historyFeatures) {
            int count = s.recentCount(row);
            for (int j = 0; j < s.recentLength; j++) {
                int recent = s.recentItems[row * s.recentLength + j];
                if (recent == 0) {
                    continue;
                }
                int rating = s.recentRatings[row * s.recentLength + j];
                String liked = rating > 3 ? "+" : "-";
                f.merge("hist=" + recent + liked, 1.0 / count, Double::sum);
                f.merge("histcat=" + space.category(recent) + liked, 1.0 / count, Double::sum);
                f.merge("histrating=" + rating, 1.0 / count, Double::sum);
            }
            // the target's category among recent behaviors: the one cross a linear model cannot learn
            int targetCategory = space.category(item);
            double sameCategory = 0;
            for (int j = 0; j < s.recentLength; j++) {
                int recent = s.recentItems[row * s.recentLength + j];
                if (recent != 0 && space.category(recent) == targetCategory) {
                    sameCategory += (s.recentRatings[row * s.recentLength + j] > 3 ? 1.0 : -1.0) / count;
                }
            }
            if (sameCategory != 0) {
                f.put("samecat", sameCategory);
            }
        }
        return f;
    }

    private static void putKnown(Map<String, Double> f, String prefix, int id) {
        if (id != 0) {
            f.put(prefix + id, 1.0);
        }
    }
}
