package org.hitlbm.tree.hts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hitlbm.fusion.encode.TextEncoder;

/** Turns rating examples into SRM and PRM training rows (encoded interests) and fits both. */
public final class RatingTrainer {
    private final TextEncoder encoder;
    private final int historyK;

    public RatingTrainer(TextEncoder encoder, int historyK) {
        this.encoder = encoder;
        this.historyK = historyK;
    }

    /** What training produced, for reports. */
    public record Trained(RatingModel.RatingFit srm, RatingModel.RatingFit prm, int examples) {
    }

    public Trained fit(List<RatingExample> examples, Map<Integer, List<String>> interests, RatingModel srm, RatingModel prm, long seed) {
        Set<String> texts = new LinkedHashSet<>();
        for (RatingExample e : examples) {
            List<String> inst = interests.get(e.user());
            texts.addAll(inst.subList(Math.max(0, e.chunk() - historyK), e.chunk()));
            texts.add(e.interest());
        }
        List<String> textList = new ArrayList<>(texts);
        float[][] vectors = encoder.encode(textList);
        Map<String, float[]> byText = new java.util.HashMap<>();
        for (int i = 0; i < textList.size(); i++) {
            byText.put(textList.get(i), vectors[i]);
        }
        List<float[]> srmX = new ArrayList<>();
        List<Integer> srmY = new ArrayList<>();
        List<Integer> srmUsers = new ArrayList<>();
        List<float[]> prmX = new ArrayList<>();
        List<Integer> prmY = new ArrayList<>();
        List<Integer> prmUsers = new ArrayList<>();
        for (RatingExample e : examples) {
            List<String> inst = interests.get(e.user());
            float[] current = byText.get(e.interest());
            if (e.effectiveness() >= 0) {
                prmX.add(RatingFeatures.prm(current));
                prmY.add(e.effectiveness());
                prmUsers.add(e.user());
            }
            if (e.continuity() >= 0) {
                List<float[]> previous = inst.subList(Math.max(0, e.chunk() - historyK), e.chunk()).stream().map(byText::get).toList();
                srmX.add(RatingFeatures.srm(previous, current));
                srmY.add(e.continuity());
                srmUsers.add(e.user());
            }
        }
        return new Trained(srm.fit(srmX.toArray(float[][]::new), ints(srmY), ints(srmUsers), seed),
                prm.fit(prmX.toArray(float[][]::new), ints(prmY), ints(prmUsers), seed), examples.size());
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
