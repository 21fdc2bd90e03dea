package org.hitlbm.experiments.pipeline;

import java.util.List;
import java.util.Map;

/**
 * One LLM text per chunk of every user, oldest chunk first.
 *
 * @param texts  user id to texts (the map's own order is the order the encoder sees them in)
 * @param scores user id to each chunk's S_final where the source has one (the tree's path); empty otherwise
 */
public record ChunkTexts(Map<Integer, List<String>> texts, Map<Integer, double[]> scores) {
}
