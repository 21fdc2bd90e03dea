package org.hitlbm.data.chunk;

/** How CUBE cuts a user's lifelong history into chunks. */
public enum ChunkMode {
    /** L behaviors per chunk (paper default L = 50); the last chunk may be shorter. */
    COUNT,
    /** One chunk per calendar month (UTC) with behaviors; the industrial setting of the paper. */
    MONTH
}
