package org.hitlbm.experiments.pipeline;

import java.util.List;
import org.hitlbm.experiments.spec.ResolvedConfig;

/**
 * One step of the method ({@link Pipeline#STAGES}): what it reads from the config, the key its
 * output is cached under, and how it computes that output from the outputs of earlier stages,
 * which it asks its context for ({@link StageContext#output}) when, and only when, it needs them.
 *
 * @param <O> what the stage produces
 */
public interface Stage<O> {
    /** Short and stable: prepare, interests, tree, vectors, train. */
    String name();

    /**
     * The spec keys (or whole sections, e.g. {@code llm}) the output depends on. A stage may leave
     * out of its key the keys of such a section that cannot change what it produces (how LLM calls
     * are made, where files lie); {@code paths.*} says where a cache lies, not what it holds.
     */
    List<String> settings();

    /** Derived from {@link #settings()} and the code's version of the stage (PipelineVersions): equal keys, equal outputs. */
    String cacheKey(ResolvedConfig config);

    /** Computes the output; {@code ctx} gives the config, the reporter, earlier outputs and the LLM and encoder. */
    O compute(StageContext ctx);

    /**
     * Whether the pipeline keeps the output for later requests in the same JVM. Stages whose
     * output is large and already stored piece by piece (LLM calls, trees per user) say no: their
     * store answers a repeat, and tells the reporter it did.
     */
    default boolean memoized() {
        return true;
    }
}
