package org.hitlbm.tree.hts;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One fold's fitted SRM and PRM as the tree store keeps them ({@link TreeStore#saveRatingModels}):
 * their weights, what the fits reported, the SRM prior, and the held-out fold's labels and scores
 * (for the pooled out-of-fold AUC), so a process that reads them searches and reports as the one
 * that fitted them.
 */
record FittedFold(int trainUsers, RatingModel.RatingFit srm, RatingModel.RatingFit prm, double srmPrior, int[] srmHeldLabels,
                  double[] srmHeldScores, int[] prmHeldLabels, double[] prmHeldScores, byte[] srmWeights, byte[] prmWeights) {
    private static final int FORMAT = 1;

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeInt(trainUsers);
            write(out, srm);
            write(out, prm);
            out.writeDouble(srmPrior);
            write(out, srmHeldLabels, srmHeldScores);
            write(out, prmHeldLabels, prmHeldScores);
            out.writeInt(srmWeights.length);
            out.write(srmWeights);
            out.writeInt(prmWeights.length);
            out.write(prmWeights);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException the bytes are not a stored fold of this format */
    static FittedFold fromBytes(byte[] body) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException("format " + format + ", this build reads " + FORMAT);
            }
            int trainUsers = in.readInt();
            RatingModel.RatingFit srm = fit(in);
            RatingModel.RatingFit prm = fit(in);
            double prior = in.readDouble();
            int[] srmLabels = labels(in);
            double[] srmScores = scores(in, srmLabels.length);
            int[] prmLabels = labels(in);
            double[] prmScores = scores(in, prmLabels.length);
            byte[] srmWeights = in.readNBytes(length(in));
            byte[] prmWeights = in.readNBytes(length(in));
            if (in.read() != -1) {
                throw new IllegalArgumentException("bytes after the end");
            }
            return new FittedFold(trainUsers, srm, prm, prior, srmLabels, srmScores, prmLabels, prmScores, srmWeights, prmWeights);
        } catch (IOException e) {
            throw new IllegalArgumentException("cut short (" + e.getMessage() + ")", e);
        }
    }

    private static void write(DataOutputStream out, RatingModel.RatingFit fit) throws IOException {
        out.writeInt(fit.trainRows());
        out.writeInt(fit.validationRows());
        out.writeDouble(fit.validationAuc());
        out.writeDouble(fit.positiveRate());
    }

    private static RatingModel.RatingFit fit(DataInputStream in) throws IOException {
        return new RatingModel.RatingFit(in.readInt(), in.readInt(), in.readDouble(), in.readDouble());
    }

    private static void write(DataOutputStream out, int[] labels, double[] scores) throws IOException {
        out.writeInt(labels.length);
        for (int label : labels) {
            out.writeByte(label);
        }
        for (double score : scores) {
            out.writeDouble(score);
        }
    }

    private static int[] labels(DataInputStream in) throws IOException {
        int[] labels = new int[length(in)];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = in.readByte();
        }
        return labels;
    }

    private static double[] scores(DataInputStream in, int n) throws IOException {
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = in.readDouble();
        }
        return scores;
    }

    private static int length(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("a length of " + n);
        }
        return n;
    }
}
