package org.hitlbm.nn.train;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * Keeps the C heap's freed memory for reuse during training (glibc's {@code mallopt}): tensors up to
 * 32 MB come from the heap instead of fresh {@code mmap}s, and freed memory at the heap's top stays
 * mapped instead of going back to the kernel after every batch.
 *
 * <p>Why: DJL frees a batch's tensors together when the batch's manager closes, so each batch grows
 * the heap and the next one faults the same pages in again. glibc's adaptive thresholds then mapped
 * and unmapped xDeepFM's 11 MB interaction tensors every step: 14 s of an epoch's 66 s CPU time
 * in the kernel, against 1.3 s with these settings, and 7.4k against 9.9k samples/s
 * ({@code bench backbones --only xdeepfm}). Peak memory is unchanged; what was freed is only kept.
 * Where there is no glibc (musl, macOS, Windows) nothing is changed.
 */
public final class NativeHeap {
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;
    /** Above a training batch's largest tensors here; a thread's 64 MB heap could not serve much more anyway. */
    static final int MMAP_THRESHOLD = 32 << 20;
    static final int TRIM_THRESHOLD = 1 << 30;

    private static Boolean applied;

    private NativeHeap() {
    }

    /** Applies the thresholds once per process; true when glibc took both. */
    public static synchronized boolean keepFreedMemory() {
        if (applied == null) {
            applied = apply();
        }
        return applied;
    }

    private static boolean apply() {
        if (!Platform.isLinux() || Boolean.getBoolean("hitlbm.nativeHeap.default")) {
            return false;
        }
        try {
            Function mallopt = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("mallopt");
            return mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD}) == 1
                    && mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD}) == 1;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false; // no glibc: its defaults are not ours to change
        }
    }
}
