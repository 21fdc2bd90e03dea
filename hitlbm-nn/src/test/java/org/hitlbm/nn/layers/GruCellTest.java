package org.hitlbm.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class GruCellTest {

    @Test
    void zeroUpdateScaleKeepsThePreviousStateExactly() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            GruCell cell = bound(manager, 6, 4);
            NDArray x = manager.randomNormal(new Shape(3, 6));
            NDArray h = manager.randomNormal(new Shape(3, 4));
            NDArray next = cell.step(cell.projectInput(x), h, manager.zeros(new Shape(3, 1)));
            assertArrayEquals(h.toFloatArray(), next.toFloatArray(), 0f);
        }
    }

    @Test
    void augruMovesTheStateInProportionToTheAttentionWeight() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            GruCell cell = bound(manager, 6, 4);
            NDArray x = manager.randomNormal(new Shape(2, 6));
            NDArray h = manager.randomNormal(new Shape(2, 4));
            NDArray full = cell.apply(x, h);
            NDArray attention = manager.create(new float[] {0.25f, 0.7f}, new Shape(2, 1));
            NDArray scaled = cell.step(cell.projectInput(x), h, attention);
            // h' = (1 - a u) h + a u c, so h' - h = a (h'(a=1) - h)
            assertArrayEquals(full.sub(h).mul(attention).toFloatArray(), scaled.sub(h).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void leftPaddedStepsDoNotChangeDiensExtractorStates() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            GruCell cell = bound(manager, 6, 4);
            NDArray behaviors = manager.randomNormal(new Shape(2, 3, 6));
            NDArray padded = NDArrays.concat(new NDList(manager.randomNormal(new Shape(2, 2, 6)), behaviors), 1);
            NDArray mask = manager.create(new float[] {0, 0, 1, 1, 1, 0, 0, 1, 1, 1}, new Shape(2, 5));
            NDArray plain = cell.unroll(behaviors, manager.ones(new Shape(2, 3)));
            NDArray masked = cell.unroll(padded, mask);
            assertArrayEquals(manager.zeros(new Shape(2, 2, 4)).toFloatArray(), masked.get(":, 0:2, :").toFloatArray(), 0f);
            assertArrayEquals(plain.toFloatArray(), masked.get(":, 2:, :").toFloatArray(), 1e-6f);
        }
    }

    @Test
    void unrollIsTheCellStepByStepAndFinalStateItsLastState() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            GruCell cell = bound(manager, 6, 4);
            NDArray sequence = manager.randomNormal(new Shape(3, 4, 6));
            NDArray scales = manager.randomUniform(0f, 1f, new Shape(3, 4));
            NDArray h = manager.zeros(new Shape(3, 4));
            NDList expected = new NDList();
            for (int t = 0; t < 4; t++) {
                h = cell.step(cell.projectInput(sequence.get(":, {}, :", t)), h, scales.get(":, {}:{}", t, t + 1));
                expected.add(h);
            }
            assertArrayEquals(NDArrays.stack(expected, 1).toFloatArray(), cell.unroll(sequence, scales).toFloatArray(), 1e-6f);
            assertArrayEquals(h.toFloatArray(), cell.finalState(sequence, scales).toFloatArray(), 1e-6f);
        }
    }

    private static GruCell bound(NDManager manager, int in, int hidden) {
        GruCell cell = new GruCell(in, hidden);
        cell.initialize(manager, DataType.FLOAT32);
        cell.bind(new ParameterStore(manager, false), false);
        return cell;
    }
}
