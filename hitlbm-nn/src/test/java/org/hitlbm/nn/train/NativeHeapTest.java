package org.hitlbm.nn.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

class NativeHeapTest {
    private static boolean glibc() {
        try {
            NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("gnu_get_libc_version");
            return Platform.isLinux();
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    /** Whether glibc served {@code bytes} with mmap: bit 1 of the chunk's size word, just before the block. */
    private static boolean mmapped(long bytes) {
        long block = Native.malloc(bytes);
        try {
            return (new Pointer(block).getLong(-8) & 2) != 0;
        } finally {
            Native.free(block);
        }
    }

    @Test
    void blocksBelowTheThresholdComeFromTheHeapAndLargerOnesAreMapped() {
        assumeTrue(glibc(), "glibc only");
        assertTrue(NativeHeap.keepFreedMemory());
        assertTrue(NativeHeap.keepFreedMemory(), "a second call answers the same");
        assertFalse(mmapped(16L << 20), "16 MB (xDeepFM's products are 11 MB) from the heap");
        assertTrue(mmapped(NativeHeap.MMAP_THRESHOLD + (16L << 20)), "above the threshold: its own mapping");
    }
}
