package org.hitlbm.experiments.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.hitlbm.data.PreparedData;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan's counts are the calls a run then makes, and after the run the cache answers every one of them. */
class LlmPlanTest {
    @TempDir
    Path dir;

    private ResolvedConfig config() throws IOException {
        Path spec = dir.resolve("plan.yaml");
        Files.writeString(spec, """
                dataset:
                  name: synthetic
                  minUserInteractions: 20
                  synthetic: {users: 16, items: 150, minBehaviors: 60, maxBehaviors: 120}
                chunking: {size: 20}
                encoder: {name: bge-small-en-v1.5-q}
                tree: {expansions: 3, ratingCandidates: 2}
                fusion: {name: tif}
                backbone: {name: din}
                train: {epochs: 1}
                tracking: {enabled: false}
                paths: {results: %s, cache: %s}
                """.formatted(dir.resolve("results"), dir.resolve("cache")));
        return new SpecLoader().load(spec).runs().get(0).config();
    }

    @Test
    void thePlanCountsTheCallsARunMakes() throws IOException {
        ResolvedConfig config = config();
        PreparedData data;
        long hits;
        long misses;
        try (Pipeline.Run run = new Pipeline().open(config, Reporter.SILENT)) {
            data = run.output(Pipeline.PREPARE);
            LlmPlan.Result before = LlmPlan.plan(config, data, null);
            assertEquals(List.of("cascade", "item knowledge", "rating data", "search"), before.stages().stream().map(LlmPlan.StageLine::stage).toList());
            assertEquals(0, before.total().cached(), "a fresh cache holds nothing");
            assertEquals(before.chunks(), before.stage("cascade").orElseThrow().calls(), "one cascade call per chunk");
            assertEquals(before.chunks() * 3, before.stage("search").orElseThrow().calls(), "greedy search: expansions per layer");
            assertTrue(before.total().promptTokens() > 0 && before.total().completionTokens() > 0);

            InterestSession session = run.session();
            run.output(Pipeline.VECTORS); // every LLM stage of a run: cascade, rating data, search, item knowledge
            hits = session.calls().hits();
            misses = session.calls().misses();
            assertEquals(before.total().calls(), hits + misses, "the plan's calls are the run's (" + hits + " repeats within the run)");
        }

        LlmPlan.Result after = LlmPlan.plan(config, data, null);
        for (LlmPlan.StageLine s : after.stages()) {
            assertEquals(s.calls(), s.cached(), s.stage() + ": the cache answers every call the run made");
            assertEquals(0, s.promptTokens(), s.stage());
        }
        assertTrue(after.estimates().source().contains("cached generations of this model"), after.estimates().source());
        assertEquals(List.of("item knowledge", "search"), after.stages().stream().map(LlmPlan.StageLine::stage).toList(),
                "with every tree stored the run asks neither the cascade nor the rating data: not even counted");

        // without the trees: cascade and rating data are replayed from the cache, the search's first layer is found there too
        try (Stream<Path> files = Files.walk(dir.resolve("cache").resolve("trees"))) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        LlmPlan.Result noTrees = LlmPlan.plan(config, data, null);
        LlmPlan.StageLine cascade = noTrees.stage("cascade").orElseThrow();
        LlmPlan.StageLine rating = noTrees.stage("rating data").orElseThrow();
        LlmPlan.StageLine search = noTrees.stage("search").orElseThrow();
        assertEquals(cascade.calls(), cascade.cached());
        assertEquals(rating.calls(), rating.cached());
        assertEquals(data.dataset().numUsers() * 3L, search.cached(), "layer 1's prompts are known: found in the cache");
        assertEquals(noTrees.total().calls(), hits + misses);
    }
}
