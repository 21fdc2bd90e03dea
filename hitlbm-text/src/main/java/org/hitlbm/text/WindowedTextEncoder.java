package org.hitlbm.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The long-context encoder of RQ7 ("&lt;base&gt;-long"): a text longer than the base model's 510 word pieces is cut
 * into windows of at most 510 (between words), each window is encoded by the base encoder, and the window vectors
 * are averaged, weighted by their word-piece counts so a short tail window does not count as much as a full one,
 * then L2-normalised. A text that fits in one window gets exactly the base encoder's vector.
 */
public final class WindowedTextEncoder implements TextEncoder {
    public static final String SUFFIX = "-long";

    private final OnnxTextEncoder base;
    private final TokenWindows windows;

    /** The base stays owned by the caller: closing this does not close it. */
    public WindowedTextEncoder(OnnxTextEncoder base) {
        this(base, new TokenWindows(base.model()));
    }

    WindowedTextEncoder(OnnxTextEncoder base, TokenWindows windows) {
        this.base = base;
        this.windows = windows;
    }

    @Override
    public String name() {
        return base.name() + SUFFIX;
    }

    @Override
    public int dimension() {
        return base.dimension();
    }

    @Override
    public float[][] encode(List<String> texts) {
        List<List<TokenWindows.Window>> perText = new ArrayList<>(texts.size());
        List<String> all = new ArrayList<>();
        for (String text : texts) {
            List<TokenWindows.Window> split = windows.split(text);
            perText.add(split);
            for (TokenWindows.Window w : split) {
                all.add(w.text());
            }
        }
        float[][] windowVectors = base.encode(all); // one batch, so all cores stay busy
        float[][] out = new float[texts.size()][];
        int next = 0;
        for (int i = 0; i < out.length; i++) {
            List<TokenWindows.Window> split = perText.get(i);
            out[i] = split.size() == 1 ? windowVectors[next] : weightedMean(split, windowVectors, next);
            next += split.size();
        }
        return out;
    }

    private float[] weightedMean(List<TokenWindows.Window> split, float[][] vectors, int first) {
        double[] sum = new double[dimension()];
        for (int w = 0; w < split.size(); w++) {
            float[] v = vectors[first + w];
            int weight = split.get(w).tokens();
            for (int d = 0; d < sum.length; d++) {
                sum[d] += weight * (double) v[d];
            }
        }
        double norm = 0;
        for (double s : sum) {
            norm += s * s;
        }
        norm = Math.sqrt(norm);
        float[] mean = new float[sum.length];
        for (int d = 0; d < mean.length; d++) {
            mean[d] = norm == 0 ? 0f : (float) (sum[d] / norm);
        }
        return mean;
    }

    @Override
    public void close() {
        windows.close();
    }
}
