package org.hitlbm.tree.hts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hitlbm.data.chunk.UserChunks;
import org.hitlbm.data.prep.UserHistory;
import org.hitlbm.text.TextEncoder;
import org.hitlbm.tree.cube.CubeCascade;
import org.hitlbm.tree.llm.Generation;
import org.hitlbm.tree.llm.LlmClient;
import org.hitlbm.tree.prompt.Prompts;

/**
 * Hierarchical tree search (SPEC Algorithm 1): layer t holds Best-of-N samples of prompt^inst fed
 * the kept parent's interest; the SRM rates each child's continuity from its path's previous K
 * interests, the PRM its effectiveness; the best {@code beamWidth} by S_final are expanded next,
 * and the best final node's path is the user's interest path. Width 1 is the paper's greedy search.
 */
public final class TreeSearch {
    private final LlmClient llm;
    private final Prompts prompts;
    private final TextEncoder encoder;
    private final RatingModel srm;
    private final RatingModel prm;
    private final SearchSettings settings;
    private final double srmPrior;
    private final int fold;

    /**
     * @param srmPrior the SRM's mean score on its training rows (S_c of first-layer nodes under
     *                 {@link SearchSettings.FirstLayer#PRIOR})
     * @param fold     the cross-fitting fold whose rating models these are, recorded in each tree
     */
    public TreeSearch(LlmClient llm, Prompts prompts, TextEncoder encoder, RatingModel srm, RatingModel prm, SearchSettings settings,
                      double srmPrior, int fold) {
        if (settings.firstLayer() == SearchSettings.FirstLayer.PRIOR && !(srmPrior >= 0 && srmPrior <= 1)) {
            throw new IllegalArgumentException("first-layer S_c from the SRM's prior needs a prior in [0, 1], got " + srmPrior);
        }
        this.llm = llm;
        this.prompts = prompts;
        this.encoder = encoder;
        this.srm = srm;
        this.prm = prm;
        this.settings = settings;
        this.srmPrior = srmPrior;
        this.fold = fold;
    }

    /**
     * Seed of Best-of-N sample {@code sample} at chunk {@code chunk}: its own stream, apart from the
     * cascade's; always even, so it never meets a rated candidate's (odd) seed.
     */
    public static long sampleSeed(long seed, int user, int chunk, int sample) {
        return CubeCascade.callSeed(seed ^ 0x5EED5EEDL, user, chunk * 4096 + sample) & ~1L;
    }

    /** A node while the search runs. */
    private static final class Node {
        final int parent;
        final int sample;
        final String text;
        final float[] vector;
        double continuity = Double.NaN;
        double effectiveness;
        double score;
        boolean chosen;

        Node(int parent, int sample, String text, float[] vector) {
            this.parent = parent;
            this.sample = sample;
            this.text = text;
            this.vector = vector;
        }
    }

    public InterestTree search(UserHistory history, UserChunks chunks, String rawUserId) {
        return grow(new ArrayList<>(), List.of(-1), history, chunks, rawUserId);
    }

    /**
     * The tree of {@code stored} grown by the chunks it lacks (lifelong update): the stored layers
     * are kept as they are (their texts re-encoded through the encoder, a cache hit when it is a
     * cached one), and the search goes on from their best {@code beamWidth} nodes, asking the LLM
     * for the new layers only. A layer's prompts, seeds and ratings depend on nothing after it, so
     * the result is the tree a search of all chunks makes; the chosen path is marked again over all
     * layers, which with a beam wider than 1 may move it in old layers (width 1, the paper's, keeps it).
     *
     * @throws IllegalArgumentException the stored tree is another user's, of another fold, or has more
     *                                  layers than {@code chunks}
     */
    public InterestTree extend(InterestTree stored, UserHistory history, UserChunks chunks, String rawUserId) {
        if (stored.user() != history.user() || stored.fold() != fold || stored.layers().size() > chunks.count()) {
            throw new IllegalArgumentException("the stored tree (user " + stored.user() + ", fold " + stored.fold() + ", "
                    + stored.layers().size() + " layers) cannot grow into user " + history.user() + "'s " + chunks.count()
                    + " chunks under fold " + fold);
        }
        if (stored.layers().isEmpty()) {
            return search(history, chunks, rawUserId);
        }
        List<String> texts = new ArrayList<>();
        stored.layers().forEach(l -> l.candidates().forEach(c -> texts.add(c.text())));
        float[][] vectors = encoder.encode(texts);
        List<List<Node>> layers = new ArrayList<>();
        int at = 0;
        for (TreeLayer l : stored.layers()) {
            List<Node> layer = new ArrayList<>();
            for (Candidate c : l.candidates()) {
                Node n = new Node(c.parent(), c.sample(), c.text(), vectors[at++]);
                n.continuity = c.continuity();
                n.effectiveness = c.effectiveness();
                n.score = c.score();
                layer.add(n);
            }
            layers.add(layer);
        }
        return grow(layers, best(layers.get(layers.size() - 1), settings.beamWidth()), history, chunks, rawUserId);
    }

    /** Searches the layers from {@code layers.size()} on, expanding {@code beam} (nodes of the last layer; -1 = the root). */
    private InterestTree grow(List<List<Node>> layers, List<Integer> beam, UserHistory history, UserChunks chunks, String rawUserId) {
        for (int t = layers.size(); t < chunks.count(); t++) {
            List<String> texts = new ArrayList<>();
            List<int[]> origin = new ArrayList<>(); // {parent, sample}
            for (int b = 0; b < beam.size(); b++) {
                int parent = beam.get(b);
                String parentText = parent < 0 ? null : layers.get(t - 1).get(parent).text;
                String prompt = prompts.interest(history, chunks, t, parentText);
                for (int s = 0; s < settings.expansions(); s++) {
                    int sample = b * settings.expansions() + s;
                    Generation g = llm.generate(prompt, sampleSeed(settings.seed(), history.user(), t, sample), settings.temperature(),
                            settings.maxTokens());
                    if (g.usable()) { // a child the output guards rejected is not a candidate
                        texts.add(g.text());
                        origin.add(new int[] {parent, sample});
                    }
                }
            }
            if (texts.isEmpty()) {
                // every child of every kept node rejected: the first kept node's interest carries on, as in the cascade
                int parent = beam.get(0);
                texts.add(parent < 0 ? "" : layers.get(t - 1).get(parent).text);
                origin.add(new int[] {parent, 0});
            }
            float[][] vectors = encoder.encode(texts);
            List<Node> layer = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                layer.add(new Node(origin.get(i)[0], origin.get(i)[1], texts.get(i), vectors[i]));
            }
            rate(layers, layer, t);
            layers.add(layer);
            beam = best(layer, settings.beamWidth());
        }
        layers.forEach(layer -> layer.forEach(n -> n.chosen = false));
        markPath(layers);
        List<TreeLayer> out = new ArrayList<>();
        for (int t = 0; t < layers.size(); t++) {
            List<Candidate> candidates = new ArrayList<>();
            for (Node n : layers.get(t)) {
                candidates.add(new Candidate(n.parent, n.sample, n.text, n.continuity, n.effectiveness, n.score, n.chosen));
            }
            out.add(new TreeLayer(t, candidates));
        }
        return new InterestTree(history.user(), rawUserId, settings.alpha(), fold, out);
    }

    private void rate(List<List<Node>> previousLayers, List<Node> layer, int t) {
        float[][] prmX = new float[layer.size()][];
        for (int i = 0; i < layer.size(); i++) {
            prmX[i] = RatingFeatures.prm(layer.get(i).vector);
        }
        double[] effectiveness = prm.score(prmX);
        double[] continuity = null;
        if (t > 0) {
            float[][] srmX = new float[layer.size()][];
            for (int i = 0; i < layer.size(); i++) {
                srmX[i] = RatingFeatures.srm(pathVectors(previousLayers, layer.get(i).parent, settings.historyK()), layer.get(i).vector);
            }
            continuity = srm.score(srmX);
        }
        for (int i = 0; i < layer.size(); i++) {
            Node n = layer.get(i);
            n.effectiveness = effectiveness[i];
            n.continuity = continuity != null ? continuity[i] : switch (settings.firstLayer()) {
                case PRIOR -> srmPrior;
                case ONE -> 1.0;
                case EFFECTIVENESS -> n.effectiveness;
            };
            n.score = settings.alpha() * n.continuity + (1 - settings.alpha()) * n.effectiveness;
        }
    }

    /** The vectors of the last K nodes on the path ending at {@code parent} of the previous layer, oldest first. */
    private static List<float[]> pathVectors(List<List<Node>> layers, int parent, int k) {
        List<float[]> out = new ArrayList<>();
        int index = parent;
        for (int t = layers.size() - 1; t >= 0 && out.size() < k && index >= 0; t--) {
            Node n = layers.get(t).get(index);
            out.add(0, n.vector);
            index = n.parent;
        }
        return out;
    }

    /** Indices of the best nodes by S_final; ties keep generation order, so the search is deterministic. */
    static List<Integer> best(List<Node> layer, int width) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < layer.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -layer.get(i).score).thenComparing(i -> i));
        return order.subList(0, Math.min(width, order.size()));
    }

    private static void markPath(List<List<Node>> layers) {
        if (layers.isEmpty()) {
            return;
        }
        int index = best(layers.get(layers.size() - 1), 1).get(0);
        for (int t = layers.size() - 1; t >= 0; t--) {
            Node n = layers.get(t).get(index);
            n.chosen = true;
            index = n.parent;
        }
    }
}
