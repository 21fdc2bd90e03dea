package org.hitlbm.experiments.pipeline;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hitlbm.data.PreparedData;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.fusion.fuse.ChunkVectors;
import org.hitlbm.text.CachedTextEncoder;
import org.hitlbm.text.Encoders;
import org.hitlbm.text.VectorCache;

/**
 * The method's stages in order (SPEC): prepare (dataset to chunks and CTR samples), interests
 * (the CUBE cascade's text per chunk), tree (HTS: rating models and the search), vectors (the
 * fused texts, from the {@code fusion.interests} source, and item knowledge, encoded), train (one
 * CTR model on one cell). A front end opens a {@link Run} for a config and asks it for a stage's
 * output; the stage asks for what it needs. Within a run every output is computed once; outputs
 * of {@linkplain Stage#memoized() memoized} stages are kept for later runs of the same pipeline,
 * so grid cells that share their settings share the work.
 */
public final class Pipeline {
    public static final Stage<PreparedData> PREPARE = new PrepareStage();
    public static final Stage<ChunkTexts> INTERESTS = InterestsStage.ALL_USERS;
    public static final Stage<SearchedTrees> TREE = TreeStage.ALL_USERS;
    public static final Stage<ChunkVectors> VECTORS = new VectorsStage();
    public static final Stage<TrainStage.Trained> TRAIN = TrainStage.UNOBSERVED;
    public static final List<Stage<?>> STAGES = List.of(PREPARE, INTERESTS, TREE, VECTORS, TRAIN);

    private final Map<String, Object> kept = new HashMap<>();

    /** Everything asked for this config, reported to {@code reporter}; close it to release the LLM and encoder side. */
    public Run open(ResolvedConfig config, Reporter reporter) {
        return new Run(config, reporter);
    }

    /**
     * The config's settings key over {@code settings} (spec keys and sections), less {@code excluded}:
     * {@link ResolvedConfig#settingsKeyWithout} with a section as its dotted prefix.
     */
    public static String settingsKey(ResolvedConfig config, Set<String> excluded, List<String> settings) {
        return config.settingsKeyWithout(excluded, settings.stream().map(s -> config.get(s) instanceof Map ? s + "." : s)
                .toArray(String[]::new));
    }

    /**
     * One config's requests. Asked from one thread at a time; the session and encoder it hands out
     * may be used from a stage's worker threads.
     */
    public final class Run implements StageContext, AutoCloseable {
        private final ResolvedConfig config;
        private final Reporter reporter;
        private final Map<String, Object> outputs = new HashMap<>();
        /** Per computation in progress (innermost first), what it opened; the last entry is the request's own. */
        private final Deque<List<Runnable>> opened = new ArrayDeque<>();
        private InterestSession session;
        private VectorCache vectorCache;
        private CachedTextEncoder encoder;

        private Run(ResolvedConfig config, Reporter reporter) {
            this.config = config;
            this.reporter = reporter;
            opened.push(new ArrayList<>());
        }

        @Override
        public ResolvedConfig config() {
            return config;
        }

        @Override
        public Reporter reporter() {
            return reporter;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <O> O output(Stage<O> stage) {
            String key = stage.name() + "|" + stage.cacheKey(config);
            Object done = outputs.get(key);
            if (done == null && stage.memoized()) {
                done = kept.get(key);
            }
            if (done != null) {
                return (O) done;
            }
            opened.push(new ArrayList<>());
            O out;
            try {
                out = stage.compute(this);
            } catch (RuntimeException | Error e) {
                close(opened.pop(), e);
                throw e;
            }
            close(opened.pop(), null);
            outputs.put(key, out);
            if (stage.memoized()) {
                kept.put(key, out);
            }
            return out;
        }

        @Override
        public boolean showsProgress() {
            return opened.size() == 2; // the request's entry and the one stage it asked for
        }

        @Override
        public InterestSession session() {
            if (session == null) {
                InterestSession s = new InterestSession(config, output(PREPARE));
                session = s;
                own(() -> {
                    session = null;
                    s.close();
                });
            }
            return session;
        }

        @Override
        public VectorCache vectorCache() {
            if (vectorCache == null) {
                String server = InterestSession.serverStore(config);
                VectorCache c = server != null ? VectorCache.onServer(server, InterestSession.serverPassword(config), reporter::warn)
                        : VectorCache.open(Path.of(config.string("paths.cache")).resolve("vectors.sqlite"), reporter::warn);
                vectorCache = c;
                own(() -> {
                    vectorCache = null;
                    c.close();
                });
            }
            return vectorCache;
        }

        @Override
        public CachedTextEncoder encoder() {
            if (encoder == null) {
                CachedTextEncoder e = new CachedTextEncoder(Encoders.byName(config.string("encoder.name")), vectorCache());
                encoder = e;
                own(() -> {
                    encoder = null;
                    e.close();
                });
            }
            return encoder;
        }

        private void own(Runnable close) {
            opened.peek().add(close);
        }

        /** Closes what one computation opened, newest first, as try-with-resources would. */
        private static void close(List<Runnable> closing, Throwable failure) {
            RuntimeException first = null;
            for (int i = closing.size() - 1; i >= 0; i--) {
                try {
                    closing.get(i).run();
                } catch (RuntimeException e) {
                    if (failure != null) {
                        failure.addSuppressed(e);
                    } else if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }

        /** Releases what the front end opened itself (stages release theirs when they end). */
        @Override
        public void close() {
            List<Runnable> own = new ArrayList<>(opened.peek());
            opened.peek().clear();
            close(own, null);
        }
    }
}
