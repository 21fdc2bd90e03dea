package org.hitlbm.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Gradients must not depend on when the JVM collects garbage. DJL 0.36's PyTorch engine turns a
 * Java number operand ({@code x.div(8f)}) into a tensor over a direct buffer without copying and
 * closes it right after the op; autograd keeps that tensor for the backward pass of mul, div,
 * maximum and pow, so a collection between forward and backward hands backward freed memory:
 * NaN losses at random (the rq4 FiGNN/DCNv2 cells) or silently wrong gradients. Here a
 * collection is forced between the two and the gradients must come out bit for bit as without.
 */
class GradientUnderGcTest {

    /** Gradient of sum(f(x)^2) w.r.t. x, with or without a collection plus fresh direct buffers before backward. */
    private static float[] gradient(NDManager manager, Function<NDArray, NDArray> f, float[] input, Shape shape, boolean collect)
            throws InterruptedException {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(input, shape);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray loss = f.apply(x).square().sum();
                if (collect) {
                    scribbleOverFreedBuffers();
                }
                collector.backward(loss);
            }
            return x.getGradient().toFloatArray();
        }
    }

    /** Frees what only a Cleaner still holds, then reuses such memory with a value no layer produces. */
    private static void scribbleOverFreedBuffers() throws InterruptedException {
        List<ByteBuffer> reuse = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(20);
            for (int i = 0; i < 64; i++) {
                reuse.add(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putFloat(0, Float.NaN));
            }
        }
        assertEquals(192, reuse.size());
    }

    private static void assertGcDoesNotChangeGradients(Function<NDArray, NDArray> f, Shape shape) throws InterruptedException {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            float[] input = manager.randomNormal(shape).toFloatArray();
            float[] reference = gradient(manager, f, input, shape, false);
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(reference, gradient(manager, f, input, shape, true), 0f, "attempt " + i);
            }
        }
    }

    @Test
    void multiHeadAttentionScaling() throws InterruptedException {
        try (NDManager params = NDManager.newBaseManager("PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(3);
            MultiHeadAttention attention = BlocksTesting.ready(new MultiHeadAttention(16, 4, 0f), params);
            assertGcDoesNotChangeGradients(x -> attention.apply(x, x, null), new Shape(2, 5, 16));
        }
    }

    @Test
    void factorizationMachineHalf() throws InterruptedException {
        assertGcDoesNotChangeGradients(FactorizationMachine::pairwiseInteractions, new Shape(4, 6, 8));
    }

    @Test
    void scaledLossTerm() throws InterruptedException {
        assertGcDoesNotChangeGradients(x -> ScalarOperands.times(x.sum(), 0.25f), new Shape(3, 4));
    }

    @Test
    void maskedMeanOverACountOfAtLeastOne() throws InterruptedException {
        assertGcDoesNotChangeGradients(x -> ScalarOperands.atLeast(x, 0.5f).sum(), new Shape(3, 4));
    }

    @Test
    void constantsLiveOnTheOperandsManager() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch"); NDManager step = manager.newSubManager()) {
            NDArray x = step.create(new float[] {1, 2});
            NDArray c = ScalarOperands.constant(x, 3f);
            assertEquals(step, c.getManager());
            assertEquals(x.getDataType(), c.getDataType());
            assertArrayEquals(new float[] {0.5f, 1f}, ScalarOperands.dividedBy(x, 2f).toFloatArray(), 0f);
        }
    }
}
