package org.hitlbm.tree;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.hitlbm.data.DataPipeline;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.chunk.ChunkingConfig;
import org.hitlbm.data.prep.PreprocessConfig;
import org.hitlbm.data.synthetic.SyntheticConfig;
import org.hitlbm.data.synthetic.SyntheticGenerator;
import org.hitlbm.tree.llm.ForwardingLlmClient;
import org.hitlbm.tree.llm.Generation;
import org.hitlbm.tree.llm.LlmClient;
import org.hitlbm.tree.llm.YesNo;
import org.hitlbm.tree.llm.offline.OfflineProfiler;
import org.hitlbm.tree.prompt.PromptTemplates;
import org.hitlbm.tree.prompt.Prompts;

/** Small synthetic data and a recording client for tree tests. */
public final class TreeFixtures {
    private TreeFixtures() {
    }

    public static PreparedData data(int users) {
        return new DataPipeline(PreprocessConfig.movieLensDefaults(), ChunkingConfig.byCount(40), 5)
                .prepare(SyntheticGenerator.generate(SyntheticConfig.defaults().withUsers(users).withItems(200)));
    }

    public static Prompts prompts(PreparedData data) {
        return new Prompts(PromptTemplates.load(data.dataset().raw().domain(), null), data.dataset().raw(), 3);
    }

    /** Wraps a client, records every prompt, and can fail after a number of calls (a simulated kill). */
    public static final class Recording extends ForwardingLlmClient {
        public final List<String> prompts = new ArrayList<>();
        public final AtomicInteger calls = new AtomicInteger();
        private final int failAfter;

        public Recording(LlmClient inner, int failAfter) {
            super(inner);
            this.failAfter = failAfter;
        }

        public Recording() {
            this(new OfflineProfiler(), Integer.MAX_VALUE);
        }

        @Override
        public synchronized Generation generate(String prompt, long seed, double temperature, int maxTokens) {
            if (calls.get() >= failAfter) {
                throw new IllegalStateException("killed after " + failAfter + " calls");
            }
            calls.incrementAndGet();
            prompts.add(prompt);
            return inner.generate(prompt, seed, temperature, maxTokens);
        }

        @Override
        public double yesProbability(String prompt) {
            return yesNo(prompt).probability();
        }

        @Override
        public synchronized YesNo.Answer yesNo(String prompt) {
            calls.incrementAndGet();
            prompts.add(prompt);
            return inner.yesNo(prompt);
        }
    }
}
