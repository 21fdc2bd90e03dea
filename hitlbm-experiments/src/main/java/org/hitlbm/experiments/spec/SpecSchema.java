package org.hitlbm.experiments.spec;

import static org.hitlbm.data.settings.Setting.of;
import static org.hitlbm.data.settings.Setting.section;
import static org.hitlbm.data.settings.SettingType.BOOL;
import static org.hitlbm.data.settings.SettingType.CHOICE;
import static org.hitlbm.data.settings.SettingType.DOUBLE;
import static org.hitlbm.data.settings.SettingType.INT;
import static org.hitlbm.data.settings.SettingType.OPEN_MAP;
import static org.hitlbm.data.settings.SettingType.STRING;

import org.hitlbm.backbones.Backbone;
import org.hitlbm.backbones.Backbones;
import org.hitlbm.data.io.DatasetReaders;
import org.hitlbm.data.settings.Setting;
import org.hitlbm.data.settings.SettingType;

/**
 * Every key an experiment spec may hold, with SPEC.md's defaults (§4.1.4 and the authors' code
 * where the paper is silent). Sections for the LLM, tree, encoder and fusion are part of the
 * schema from the start so configs keep one shape as those modules arrive.
 */
public final class SpecSchema {
    /** Top-level keys that are not config sections. */
    public static final String EXTENDS = "extends";
    public static final String GRID = "grid";
    public static final String SEEDS = "seeds";
    public static final String DESCRIPTION = "description";
    /** Named bundles of settings crossed with the grid (the competitors of Table 3, the bars of Fig. 5). */
    public static final String VARIANTS = "variants";
    /** How {@code report} shapes the tables and charts (not part of any run's config). */
    public static final String REPORT = "report";
    /** The top-level key of a resolved config that names its variant. */
    public static final String VARIANT = "variant";
    /** What {@code seeds:} vary: {@code training} (CTR initialisation and shuffles) or {@code pipeline} (also LLM sampling and rating models). */
    public static final String SEED_SCOPE = "seedScope";
    public static final java.util.List<String> SEED_SCOPES = java.util.List.of("training", "pipeline");
    /** The top-level key of a resolved config recording the code it ran ({@code pipeline.version}, {@code pipeline.prompts}). */
    public static final String PIPELINE = "pipeline";

    private static final Setting ROOT = section("", "experiment spec",
            section("dataset", "which data and how it is filtered, labelled and split",
                    of("name", CHOICE, "dataset reader").choices(SpecSchema::datasetNames).defaultsTo("synthetic"),
                    of("path", STRING, "directory of the dataset's files (not used by synthetic)"),
                    of("minUserInteractions", INT, "drop users with fewer ratings (paper: 50)").range(0, 1e9).defaultsTo(50L),
                    of("minItemInteractions", INT, "drop items with fewer ratings first (authors' Amazon code: 40)").range(0, 1e9).defaultsTo(0L),
                    of("positiveAbove", DOUBLE, "label 1 when rating > this (MovieLens 3, Amazon 4)").range(0, 10)
                            .defaultsFrom(v -> "amazon-books".equals(v.apply("dataset.name")) ? 4.0 : 3.0),
                    of("split", CHOICE, "one global timestamp (paper) or per-user time (authors' code)")
                            .choices("global-time", "per-user-time").defaultsTo("global-time"),
                    of("testFraction", DOUBLE, "share of the time line for test").range(0.01, 0.9).defaultsTo(0.1),
                    of("validationFraction", DOUBLE, "share of the training period, at its end, for validation").range(0, 0.9).defaultsTo(0.1),
                    of("recentBehaviors", INT, "k most recent behaviors each CTR sample sees").range(0, 1000).defaultsTo(5L),
                    of("timeFraction", DOUBLE, "keep the behaviors of the first share of the dataset's time line (its files or"
                            + " generator): the data as it stood then, for lifelong updates").range(0.01, 1).defaultsTo(1.0),
                    of("appended", STRING, "files of behaviors that arrived later, comma-separated, added after the dataset's"
                            + " own (user id, item id, rating, timestamp per line; what the update command adds)"),
                    section("synthetic", "the generator of the embedded default dataset",
                            of("users", INT, "number of users").range(1, 1e7).defaultsTo(200L),
                            of("items", INT, "number of items").range(2, 1e7).defaultsTo(600L),
                            of("genres", INT, "number of genres").range(2, 18).defaultsTo(12L),
                            of("minBehaviors", INT, "fewest behaviors per user").range(1, 1e6).defaultsTo(120L),
                            of("maxBehaviors", INT, "most behaviors per user").range(1, 1e6).defaultsTo(260L),
                            of("minRegimes", INT, "fewest interest regimes per user").range(1, 100).defaultsTo(2L),
                            of("maxRegimes", INT, "most interest regimes per user").range(1, 100).defaultsTo(4L),
                            of("exploration", DOUBLE, "share of uniformly random picks").range(0, 1).defaultsTo(0.1),
                            of("drift", DOUBLE, "slow drift of interests inside a regime").range(0, 1).defaultsTo(0.0),
                            of("ratingNoise", DOUBLE, "standard deviation of rating noise").range(0, 5).defaultsTo(0.6),
                            of("seed", INT, "generator seed (the data stays fixed across run seeds)").defaultsTo(42L))),
            section("retrieval", "SIM: earlier behaviors retrieved for each CTR sample beside the recent ones",
                    of("behaviors", INT, "behaviors of the target's category taken from the whole earlier history, placed before"
                            + " the dataset.recentBehaviors recent ones (0 = none, the plain backbone)").range(0, 1000).defaultsTo(0L)),
            section("chunking", "CUBE: how a user's lifelong history is cut into chunks",
                    of("mode", CHOICE, "L behaviors per chunk, or one chunk per calendar month").choices("count", "month").defaultsTo("count"),
                    of("size", INT, "L, behaviors per chunk in count mode (paper: 50)").range(1, 1e6).defaultsTo(50L)),
            section("llm", "the interest generator (used by HiT-LBM fusions)",
                    of("backend", CHOICE, "offline is a deterministic stand-in for an LLM, not an LLM")
                            .choices("offline", "openai", "llamacpp", "llamacpp-server").defaultsTo("offline"),
                    of("model", STRING, "model name on the server (paper: Qwen2.5-7B-Instruct)"),
                    of("baseUrl", STRING, "OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1"),
                    of("baseUrls", STRING, "several OpenAI-compatible servers of llm.model, comma-separated, used instead of"
                            + " llm.baseUrl: each request to the one with the fewest in flight; one that fails is taken out and"
                            + " health-checked back (GET /models); llm.concurrency is the total over all of them"),
                    of("healthCheckSeconds", INT, "seconds between health checks of llm.baseUrls").range(1, 3600).defaultsTo(10L),
                    of("apiKeyEnv", STRING, "environment variable holding the API key").defaultsTo("OPENAI_API_KEY"),
                    of("modelPath", STRING, "GGUF file for the llamacpp and llamacpp-server backends"),
                    of("serverPath", STRING, "llama-server binary for the llamacpp-server backend (scripts/build-llama-server.sh"
                            + " prints it); unset = llama-server on PATH, else ~/.cache/hitlbm/llama.cpp/build/bin/llama-server"),
                    of("startupSeconds", INT, "how long the llamacpp-server backend waits for the model to load")
                            .range(1, 86400).defaultsTo(300L),
                    of("cascadeTemperature", DOUBLE, "temperature of the CUBE cascade").range(0, 2).defaultsTo(0.5),
                    of("candidateTemperature", DOUBLE, "temperature of Best-of-N candidates").range(0, 2).defaultsTo(0.9),
                    of("itemTemperature", DOUBLE, "temperature of item knowledge").range(0, 2).defaultsTo(0.0),
                    of("maxTokens", INT, "generation limit").range(1, 1e6).defaultsTo(512L),
                    of("concurrency", INT, "requests in flight").range(1, 1024).defaultsTo(4L),
                    of("timeoutSeconds", INT, "per request").range(1, 86400).defaultsTo(120L),
                    of("maxRetries", INT, "retries on 429/5xx/connection errors, with backoff").range(0, 100).defaultsTo(4L),
                    of("threads", INT, "llama.cpp threads (llamacpp, llamacpp-server)").range(1, 256).defaultsTo(2L),
                    of("contextSize", INT, "llama.cpp context window in tokens (llamacpp, llamacpp-server)").range(256, 1 << 20).defaultsTo(4096L),
                    of("seed", INT, "base seed of every LLM call (each call derives its own); set from seeds under"
                            + " seedScope: pipeline").defaultsTo(1L),
                    of("minYesNoMass", DOUBLE, "output guard: a Yes/No answer whose Yes and No tokens held less first-token"
                            + " probability than this is unusable (NaN, its rating row dropped, counted) rather than normalised to"
                            + " a confident P(Yes); 0 = off").range(0, 1).defaultsTo(0.5),
                    of("minChars", INT, "output guard: a generation shorter than this is degenerate, like an empty one, a"
                            + " repeated n-gram loop or an echoed chat-template token").range(0, 100000).defaultsTo(20L),
                    of("degenerateRetries", INT, "output guard: a degenerate generation is asked again with the next seed this"
                            + " often (not at temperature 0), then recorded as failed and never fed into a later prompt")
                            .range(0, 100).defaultsTo(2L),
                    of("promptDir", STRING, "directory of prompt templates overriding the built-in ones (same file names)"),
                    of("userFeatures", BOOL, "also write the user's gender, age and occupation above the history in the"
                            + " interest and prompt^hist prompts (not in the paper's prompts)").defaultsTo(false)),
            section("tree", "HTS: rating models and the tree search",
                    of("enabled", BOOL, "search the tree (false = one cascade sample per chunk)").defaultsTo(true),
                    of("expansions", INT, "children per node (paper: 10)").range(1, 1000).defaultsTo(10L),
                    of("alpha", DOUBLE, "S_final = alpha*S_c + (1-alpha)*S_e").range(0, 1).defaultsTo(0.5),
                    of("evalItemsPerClass", INT, "N liked and N not liked items per rating sample (paper: 6)").range(1, 1000).defaultsTo(6L),
                    of("historyK", INT, "K previous interests for prompt_seq").range(1, 100).defaultsTo(1L),
                    of("beamWidth", INT, "1 is the paper's greedy search").range(1, 1000).defaultsTo(1L),
                    of("ratingModel", CHOICE, "SRM/PRM classifier").choices("mlp", "logistic").defaultsTo("mlp"),
                    of("ratingCandidates", INT, "M: Best-of-N children per chunk also rated as SRM/PRM data (own seeds), so"
                            + " labels vary among siblings (0 = the paper: the cascade interest only)").range(0, 1000).defaultsTo(0L),
                    of("ratingFolds", INT, "K: users split into K folds; a user's tree is searched only by rating models"
                            + " fitted on the other folds' users (cross-fitting)").range(2, 100).defaultsTo(5L),
                    of("seed", INT, "seeds the rating side: S_t draws, the folds, the rating models' holdout, weights and"
                            + " shuffles; set from seeds under seedScope: pipeline").defaultsTo(1L),
                    of("firstLayerContinuity", CHOICE, "S_c of first-layer nodes, which have no previous interest: prior = the"
                            + " SRM's mean score, one = 1, effectiveness = S_e (so S_final = S_e)")
                            .choices("prior", "one", "effectiveness").defaultsTo("prior")),
            section("encoder", "text to vectors for interests and items",
                    of("name", CHOICE, "interest encoder (RQ7); *-long splits long texts into 512-token windows")
                            .choices(org.hitlbm.text.Encoders::names).defaultsTo("bge-small-en-v1.5"),
                    of("batchSize", INT, "texts per encoder call").range(1, 4096).defaultsTo(32L)),
            section("fusion", "how chunk interests become e_user and e_item beside the backbone's features (RQ4, RQ5)",
                    of("name", CHOICE, "none = the backbone alone; tif, mlp, sa, gru read the interest vectors (see `list`)")
                            .choices(org.hitlbm.fusion.fuse.Fusions::names).defaultsTo("none"),
                    of("params", OPEN_MAP, "the fusion's own parameters (see `list`)"),
                    of("interests", CHOICE, "which texts are fused, one per chunk: hts = the tree's path (HiT-LBM), cube = the"
                            + " cascade (TRSR's progressive summaries), segments = each chunk summarised alone (LIBER), recent = the"
                            + " last recentWindow behaviors before each chunk's end (KAR)").choices(org.hitlbm.experiments.pipeline.InterestSources::names)
                            .defaultsFrom(v -> Boolean.FALSE.equals(v.apply("tree.enabled")) ? "cube" : "hts"),
                    of("recentWindow", INT, "behaviors in each recent-window summary (fusion.interests: recent)").range(1, 100000)
                            .defaultsTo(30L),
                    of("encoder", CHOICE, "encoder of the fused vectors; same = encoder.name, which also drives SRM/PRM and"
                            + " so the tree (RQ7 with the tree held fixed)").choices(SpecSchema::fusionEncoders).defaultsTo("same")),
            section("backbone", "the CTR model",
                    of("name", CHOICE, "a registered backbone (see `list`)").choices(Backbones::names).defaultsTo("lr"),
                    of("params", OPEN_MAP, "the backbone's own parameters (see `list`)")),
            section("train", "training, shared by every backbone",
                    of("epochs", INT, "upper bound on epochs").range(1, 10000).defaultsTo(10L),
                    of("batchSize", INT, "samples per step").range(1, 1 << 20).defaultsTo(256L),
                    of("learningRate", DOUBLE, "initial learning rate (default: the backbone's)").range(1e-9, 100)
                            .defaultsFrom(v -> backboneLearningRate(v.apply("backbone.name"))),
                    of("patience", INT, "epochs without a better validation AUC before stopping").range(1, 10000).defaultsTo(3L),
                    of("l2", DOUBLE, "L2 penalty on the embeddings looked up in each batch").range(0, 10).defaultsTo(0.0),
                    of("checkpoint", BOOL, "save the best epoch's weights under the run's folder (neural backbones)").defaultsTo(false),
                    of("threads", INT, "PyTorch threads while training; 0 = auto: the cores other processes leave idle,"
                            + " re-checked every epoch, at most OMP_NUM_THREADS when set (thread counts move results only in"
                            + " the last bits of float sums)").range(0, 1024).defaultsTo(0L)),
            section("tracking", "MLflow",
                    of("uri", STRING, "tracking server (default: $MLFLOW_TRACKING_URI; unset = local results only)")
                            .defaultsFrom(v -> blankToNull(System.getenv("MLFLOW_TRACKING_URI"))),
                    of("experiment", STRING, "MLflow experiment and results folder name (default: the spec's file name)"),
                    of("enabled", BOOL, "false = never contact a server").defaultsTo(true)),
            section("paths", "where things are written",
                    of("results", STRING, "results root").defaultsTo("results"),
                    of("cache", STRING, "cache root, shared by all specs").defaultsTo("cache"),
                    of("store", STRING, "a PostgreSQL database for the LLM call cache, the vector cache, the trees and the"
                            + " rating models, shared by processes on many machines, jdbc:postgresql://host:5432/db?user=...;"
                            + " unset = files under paths.cache (llm.sqlite, vectors.sqlite, trees/)"),
                    of("storePasswordEnv", STRING, "environment variable holding the paths.store password (kept out of the"
                            + " recorded config)").defaultsTo("HITLBM_STORE_PASSWORD")));

    private SpecSchema() {
    }

    public static Setting root() {
        return ROOT;
    }

    /** The definition of a dotted key, or null when the schema has no such key. */
    public static Setting find(String dottedPath) {
        Setting current = ROOT;
        for (String part : dottedPath.split("\\.")) {
            if (current.type() != SettingType.SECTION) {
                return null;
            }
            current = current.children().get(part);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    private static java.util.List<String> datasetNames() {
        java.util.List<String> names = new java.util.ArrayList<>();
        names.add("synthetic");
        names.addAll(DatasetReaders.names());
        return names;
    }

    private static Object backboneLearningRate(Object backboneName) {
        return Backbones.all().stream().filter(b -> b.name().equals(backboneName)).findFirst()
                .map(Backbone::defaultLearningRate).orElse(1e-3);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static java.util.List<String> fusionEncoders() {
        java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of("same"));
        org.hitlbm.text.Encoders.names().stream().filter(n -> !"none".equals(n)).forEach(names::add);
        return names;
    }
}
