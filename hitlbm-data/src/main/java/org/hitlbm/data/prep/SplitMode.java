package org.hitlbm.data.prep;

/** How the time line is cut into train / validation / test. */
public enum SplitMode {
    /** One global timestamp for all users (the paper). */
    GLOBAL_TIME,
    /** Each user's own time-sorted history (the authors' released code). */
    PER_USER_TIME
}
