package org.hitlbm.tree.hts;

import java.util.List;

/** All candidates generated for one chunk (one layer of the tree), in generation order. */
public record TreeLayer(int chunk, List<Candidate> candidates) {

    public Candidate chosen() {
        return candidates.stream().filter(Candidate::chosen).findFirst()
                .orElseThrow(() -> new IllegalStateException("layer " + chunk + " has no chosen candidate"));
    }
}
