package org.hitlbm.backbones.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.hitlbm.backbones.CtrData;
import org.hitlbm.data.DataPipeline;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.chunk.ChunkingConfig;
import org.hitlbm.data.prep.PreprocessConfig;
import org.hitlbm.data.prep.Split;
import org.hitlbm.data.sample.CtrSamples;
import org.hitlbm.data.sample.FeatureSpace.Field;
import org.hitlbm.data.sample.FeatureSpace;
import org.hitlbm.data.synthetic.SyntheticConfig;
import org.hitlbm.data.synthetic.SyntheticGenerator;
import org.junit.jupiter.api.Test;

/** The fields are declared once (FeatureSpace.Field); tables, packing and widths follow that list. */
class BlocksFeatureFieldsTest {
    private static final PreparedData DATA = new DataPipeline(PreprocessConfig.movieLensDefaults(), ChunkingConfig.byCount(50), 5)
            .prepare(SyntheticGenerator.generate(SyntheticConfig.defaults().withUsers(5).withItems(50)));

    /** Seeded weights depend on this order (names shown without DJL's child ordinals): a change here changes every result. */
    @Test
    void tablesAreCreatedInTheDeclaredOrderUnderTheirOldNames() {
        FeatureEmbeddings embeddings = new FeatureEmbeddings(DATA.features(), 4, 0, true);
        assertEquals(List.of("items", "categories", "genders", "ages", "occupations", "ratings",
                "firstOrder_items", "firstOrder_categories", "firstOrder_genders", "firstOrder_ages",
                "firstOrder_occupations", "firstOrder_bias"),
                embeddings.getParameters().keys().stream().map(k -> k.replaceAll("(^|_)\\d{2}", "$1")).toList());
        FeatureSpace space = DATA.features();
        assertEquals(space.itemVocabulary(), space.vocabularySize(Field.ITEM));
        assertEquals(space.categories().size(), space.vocabularySize(Field.CATEGORY));
    }

    @Test
    void inputPositionsAndWidthsDeriveFromTheFieldList() {
        assertEquals(List.of(Field.ITEM, Field.CATEGORY), Inputs.ITEM_FIELDS);
        assertEquals(List.of(Field.GENDER, Field.AGE, Field.OCCUPATION), Inputs.USER_FIELD_LIST);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, new int[] {Inputs.ITEM, Inputs.target(Field.CATEGORY), Inputs.USER,
                Inputs.HISTORY_ITEMS, Inputs.history(Field.CATEGORY), Inputs.HISTORY_RATINGS, Inputs.HISTORY_MASK, Inputs.SIDE});
        assertEquals(7, FeatureEmbeddings.BASE_FIELDS);
        FeatureEmbeddings embeddings = new FeatureEmbeddings(DATA.features(), 4, 8);
        assertEquals(8, embeddings.numFields());
        assertEquals(8 * 4, embeddings.flatWidth());
        assertEquals(2 * 4, embeddings.targetWidth());
        assertEquals(3 * 4, embeddings.userWidth());
    }

    @Test
    void batchPacksEachFieldFromTheFeatureSpace() {
        int[] rows = Arrays.copyOf(DATA.samples().rows(Split.TRAIN), 3);
        CtrData data = new CtrData(DATA.features(), DATA.samples(), rows, null);
        CtrSamples s = DATA.samples();
        FeatureSpace f = DATA.features();
        int k = s.recentLength;
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDList in = Inputs.batch(manager, data, new int[] {0, 1, 2}, 0, 3);
            assertEquals(Inputs.SIDE, in.size());
            assertEquals(new Shape(3, Inputs.USER_FIELDS), in.get(Inputs.USER).getShape());
            long[] user = in.get(Inputs.USER).toLongArray();
            long[] category = in.get(Inputs.target(Field.CATEGORY)).toLongArray();
            long[] historyCategories = in.get(Inputs.history(Field.CATEGORY)).toLongArray();
            for (int i = 0; i < 3; i++) {
                int row = rows[i];
                assertEquals(f.category(s.item[row]), category[i]);
                assertEquals(f.age(s.user[row]), user[i * Inputs.USER_FIELDS + 1]);
                for (int j = 0; j < k; j++) {
                    int h = s.recentItems[row * k + j];
                    assertEquals(h == 0 ? 0 : f.category(h), historyCategories[i * k + j]);
                }
            }
        }
    }
}
