package org.hitlbm.tree.prompt;

/** The prompt templates of the paper (Fig. 2 and 3), one file each per domain. */
public enum PromptKind {
    /** prompt^inst for the first chunk (no previous summary). */
    INTEREST_FIRST("interest-first.txt"),
    /** prompt^inst for chunk i > 1, fed Inst_{i-1} (Eq. 2). */
    INTEREST_NEXT("interest-next.txt"),
    /** prompt^item: item knowledge. */
    ITEM("item.txt"),
    /** prompt^seq: previous K interests and a target item, answer Yes/No. */
    SEQ("seq.txt"),
    /** prompt^point: the current interest and a target item. */
    POINT("point.txt"),
    /** prompt^hist: the raw chunk and a target item. */
    HIST("hist.txt");

    private final String fileName;

    PromptKind(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }
}
