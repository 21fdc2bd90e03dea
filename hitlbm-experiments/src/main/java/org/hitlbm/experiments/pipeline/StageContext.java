package org.hitlbm.experiments.pipeline;

import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.text.CachedTextEncoder;
import org.hitlbm.text.VectorCache;

/**
 * What a stage computes with: one config, a reporter, the outputs of other stages, and the shared
 * resources of the LLM and encoder side. A resource is opened on first use and lives as long as
 * whoever opened it: the stage computation that asked first, or the request when a front end
 * asked before any stage did.
 */
public interface StageContext {
    ResolvedConfig config();

    Reporter reporter();

    /** The stage's output for this config: kept from before, or computed now. */
    <O> O output(Stage<O> stage);

    /**
     * True while computing the stage the caller asked for, false for the stages it needs: a
     * stage shows a ticker (users done, ETA) only for the former, and reports its outcome always.
     */
    boolean showsProgress();

    /** The LLM behind its call cache, the prompts and the CUBE cascade ({@code paths.cache/llm.sqlite}). */
    InterestSession session();

    /** {@code paths.cache/vectors.sqlite}, or the {@code paths.store} database; its warnings go to the reporter. */
    VectorCache vectorCache();

    /** {@code encoder.name} through the vector cache (it also drives SRM/PRM). */
    CachedTextEncoder encoder();
}
