package org.hitlbm.tree.hts;

/**
 * The rating labels of SPEC Eq. 5: continuity D_cont = [AUC_point > AUC_seq] (the current
 * interest predicts the next chunk better than the previous ones), effectiveness
 * D_eff = [AUC_point > AUC_hist] (better than the raw chunk). -1 where an AUC is undefined.
 */
public final class RatingLabels {
    private RatingLabels() {
    }

    public static int continuity(double aucSeq, double aucPoint) {
        return Double.isNaN(aucSeq) || Double.isNaN(aucPoint) ? -1 : aucPoint > aucSeq ? 1 : 0;
    }

    public static int effectiveness(double aucHist, double aucPoint) {
        return Double.isNaN(aucHist) || Double.isNaN(aucPoint) ? -1 : aucPoint > aucHist ? 1 : 0;
    }
}
