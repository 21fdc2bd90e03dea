package org.hitlbm.nn.train;

/** Tracks the best validation AUC and says when patience has run out. */
public final class EarlyStopping {
    private final int patience;
    private double bestAuc = Double.NEGATIVE_INFINITY;
    private int bestEpoch = 0;

    public EarlyStopping(int patience) {
        this.patience = patience;
    }

    /** @return true when {@code auc} is a new best (NaN never is) */
    public boolean observe(int epoch, double auc) {
        if (auc > bestAuc) {
            bestAuc = auc;
            bestEpoch = epoch;
            return true;
        }
        if (bestEpoch == 0) {
            bestEpoch = epoch; // keep some epoch even when validation AUC is undefined
        }
        return false;
    }

    public boolean shouldStop(int epoch) {
        return epoch - bestEpoch >= patience;
    }

    public int bestEpoch() {
        return bestEpoch;
    }

    public double bestAuc() {
        return bestAuc;
    }
}
