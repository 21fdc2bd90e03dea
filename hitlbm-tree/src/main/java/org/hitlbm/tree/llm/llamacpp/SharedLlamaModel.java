package org.hitlbm.tree.llm.llamacpp;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import org.hitlbm.tree.llm.LlmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one llama.cpp model of this JVM. de.kherud:llama 3.4.1's {@code LlamaModel.close()}
 * crashes the JVM now and then and leaves a non-daemon server thread running, so a model is
 * loaded at most once per process and never closed; asking for a different one fails.
 */
final class SharedLlamaModel {
    private static final Logger LOG = LoggerFactory.getLogger(SharedLlamaModel.class);
    private static SharedLlamaModel instance;

    final LlamaCppSettings settings;
    final LlamaModel model;
    /** llama.cpp runs one slot; calls from several threads take turns. */
    final ReentrantLock lock = new ReentrantLock();

    private SharedLlamaModel(LlamaCppSettings settings, LlamaModel model) {
        this.settings = settings;
        this.model = model;
    }

    /** The loaded model for these settings, loading it on first use. */
    static synchronized SharedLlamaModel obtain(LlamaCppSettings requested) {
        LlamaCppSettings normalised = new LlamaCppSettings(
                requested.modelPath().toAbsolutePath().normalize(), requested.contextSize(), requested.threads());
        if (instance != null) {
            if (!instance.settings.equals(normalised)) {
                throw new LlmException("llamacpp: this JVM already holds " + instance.settings
                        + "; cannot load " + normalised + ". Only one llama.cpp model per JVM: de.kherud:llama 3.4.1"
                        + " cannot unload a model safely, so run a different model in a separate process.");
            }
            return instance;
        }
        instance = new SharedLlamaModel(normalised, load(normalised));
        return instance;
    }

    private static LlamaModel load(LlamaCppSettings settings) {
        NativeLibraryDirectory.ensureConfigured();
        Path path = settings.modelPath();
        routeNativeLogging();
        ModelParameters parameters = new ModelParameters()
                .setModelFilePath(path.toString())
                .setNCtx(settings.contextSize())
                .setNThreads(settings.threads())
                .setNThreadsBatch(settings.threads())
                .setNParallel(1)
                .setNGpuLayers(0);
        try {
            LOG.info("loading GGUF model {} (context {}, {} threads)", path, settings.contextSize(), settings.threads());
            return new LlamaModel(parameters);
        } catch (RuntimeException | UnsatisfiedLinkError e) { // de.kherud.llama.LlamaException is not public
            throw new LlmException("llamacpp: cannot load GGUF model " + path + ": " + e.getMessage(), e);
        }
    }

    /** llama.cpp prints hundreds of load-time lines to stderr; send them to SLF4J instead. */
    private static void routeNativeLogging() {
        LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {
            String line = message.stripTrailing();
            switch (level) {
                case ERROR -> LOG.error("llama.cpp: {}", line);
                case WARN -> LOG.warn("llama.cpp: {}", line);
                default -> LOG.debug("llama.cpp: {}", line);
            }
        });
    }
}
