package org.hitlbm.data.prep;

/** Which part of the time line a behavior falls in. */
public enum Split {
    TRAIN, VALIDATION, TEST;

    private static final Split[] VALUES = values();

    public byte code() {
        return (byte) ordinal();
    }

    public static Split of(byte code) {
        return VALUES[code];
    }
}
