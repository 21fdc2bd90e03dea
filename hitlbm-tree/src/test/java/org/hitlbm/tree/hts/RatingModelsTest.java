package org.hitlbm.tree.hts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.hitlbm.tree.hts.RatingModel.RatingFit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RatingModelsTest {
    private static final int ROWS = 600;
    private static final int DIM = 32;

    private RatingModel model;

    @AfterEach
    void closeModel() throws Exception {
        if (model instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** Gaussian vectors, label 1 when a fixed random projection is positive, 10% of labels flipped. */
    record Problem(float[][] x, int[] y) {
        static Problem synthetic(int rows, long seed) {
            Random random = new Random(seed);
            float[] w = new float[DIM];
            for (int j = 0; j < DIM; j++) {
                w[j] = (float) random.nextGaussian();
            }
            float[][] x = new float[rows][DIM];
            int[] y = new int[rows];
            for (int i = 0; i < rows; i++) {
                double dot = 0;
                for (int j = 0; j < DIM; j++) {
                    x[i][j] = (float) random.nextGaussian();
                    dot += w[j] * x[i][j];
                }
                y[i] = dot > 0 ? 1 : 0;
                if (random.nextDouble() < 0.1) {
                    y[i] = 1 - y[i];
                }
            }
            return new Problem(x, y);
        }

        double positiveRate() {
            int p = 0;
            for (int label : y) {
                p += label;
            }
            return (double) p / y.length;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "logistic"})
    void learnsTheSyntheticProblemAndReportsTheSplit(String kind) {
        Problem p = Problem.synthetic(ROWS, 1);
        model = RatingModels.create(kind, 64);
        RatingFit fit = model.fit(p.x(), p.y(), 7);
        assertTrue(fit.validationAuc() > 0.8, kind + " validation AUC " + fit.validationAuc());
        assertEquals(p.positiveRate(), fit.positiveRate(), 0.0);
        assertEquals(ROWS, fit.trainRows() + fit.validationRows());
        assertEquals(90, fit.validationRows(), 2); // 15% of each class
        double[] scores = model.score(p.x());
        assertEquals(ROWS, scores.length);
        for (double s : scores) {
            assertTrue(s >= 0 && s <= 1, "score out of [0,1]: " + s);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "logistic"})
    void sameSeedGivesIdenticalScores(String kind) throws Exception {
        Problem p = Problem.synthetic(300, 2);
        Problem fresh = Problem.synthetic(50, 3);
        model = RatingModels.create(kind, 32);
        RatingFit first = model.fit(p.x(), p.y(), 11);
        double[] a = model.score(fresh.x());
        RatingModel other = RatingModels.create(kind, 32);
        try {
            RatingFit second = other.fit(p.x(), p.y(), 11);
            assertArrayEquals(a, other.score(fresh.x()));
            assertEquals(first, second);
        } finally {
            if (other instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
        model.fit(p.x(), p.y(), 11); // a refit of the same instance is the same model again
        assertArrayEquals(a, model.score(fresh.x()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "logistic"})
    void tinySetTrainsOnAllRowsWithoutValidation(String kind) {
        Problem p = Problem.synthetic(12, 4);
        model = RatingModels.create(kind, 16);
        RatingFit fit = model.fit(p.x(), p.y(), 1);
        assertEquals(12, fit.trainRows());
        assertEquals(0, fit.validationRows());
        assertTrue(Double.isNaN(fit.validationAuc()));
        assertEquals(p.positiveRate(), fit.positiveRate(), 0.0);
        assertEquals(12, model.score(p.x()).length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "logistic"})
    void constantLabelsDoNotCrash(String kind) throws Exception {
        Problem p = Problem.synthetic(100, 5);
        for (int label = 0; label <= 1; label++) {
            int[] y = new int[p.y().length];
            java.util.Arrays.fill(y, label);
            model = RatingModels.create(kind, 16);
            RatingFit fit = model.fit(p.x(), y, 3);
            assertTrue(Double.isNaN(fit.validationAuc()));
            assertEquals(label, fit.positiveRate(), 0.0);
            assertTrue(fit.validationRows() > 0);
            for (double s : model.score(p.x())) {
                assertTrue(s >= 0 && s <= 1);
            }
            closeModel();
        }
    }

    @Test
    void factoryKnowsTheKinds() {
        assertInstanceOf(MlpRatingModel.class, RatingModels.create("mlp", 128));
        assertEquals(128, ((MlpRatingModel) RatingModels.create("MLP", 128)).hiddenUnits());
        assertInstanceOf(LogisticRatingModel.class, RatingModels.create("logistic", 128));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RatingModels.create("svm", 8));
        assertTrue(e.getMessage().contains("mlp") && e.getMessage().contains("logistic"), e.getMessage());
    }

    @Test
    void rejectsBadInput() {
        model = new MlpRatingModel();
        assertThrows(IllegalStateException.class, () -> model.score(new float[1][4]));
        assertThrows(IllegalArgumentException.class, () -> model.fit(new float[2][4], new int[3], 1));
        assertThrows(IllegalArgumentException.class, () -> model.fit(new float[][] {{1f}, {1f, 2f}}, new int[2], 1));
        assertThrows(IllegalArgumentException.class, () -> model.fit(new float[2][2], new int[] {0, 2}, 1));
    }

    @Test
    void stratifiedSplitIsSeededAndKeepsTheBalance() {
        Problem p = Problem.synthetic(400, 6);
        RatingHoldout a = RatingHoldout.split(p.y(), 9);
        RatingHoldout b = RatingHoldout.split(p.y(), 9);
        assertArrayEquals(a.validation, b.validation);
        int positivesHeld = 0;
        for (int row : a.validation) {
            positivesHeld += p.y()[row];
        }
        long positives = Math.round(p.positiveRate() * 400);
        assertEquals(Math.round(positives * 0.15), positivesHeld);
        assertEquals(Math.round((400 - positives) * 0.15), a.validation.length - positivesHeld);
    }
}
