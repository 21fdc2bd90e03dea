package org.hitlbm.tree.llm.llamacpp;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    /** How many of llama.cpp's latest ERROR/WARN lines a failed load can quote. */
    static final int PROBLEM_LINES = 64;
    private static final Pattern UNKNOWN_ARCHITECTURE = Pattern.compile("unknown model architecture: '[^']*'");
    /** llama.cpp's latest ERROR/WARN lines, oldest first; guarded by itself. */
    private static final Deque<String> NATIVE_PROBLEMS = new ArrayDeque<>();
    private static SharedLlamaModel instance;
    private static boolean nativeLibraryLoaded;

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
        ModelParameters parameters = new ModelParameters()
                .setModelFilePath(path.toString())
                .setNCtx(settings.contextSize())
                .setNThreads(settings.threads())
                .setNThreadsBatch(settings.threads())
                .setNParallel(1)
                .setNGpuLayers(0);
        try {
            loadNativeLibrary();
            routeNativeLogging();
            synchronized (NATIVE_PROBLEMS) {
                NATIVE_PROBLEMS.clear();
            }
            LOG.info("loading GGUF model {} (context {}, {} threads)", path, settings.contextSize(), settings.threads());
            return new LlamaModel(parameters);
        } catch (RuntimeException | LinkageError e) { // de.kherud.llama.LlamaException is not public
            List<String> problems;
            synchronized (NATIVE_PROBLEMS) {
                problems = new ArrayList<>(NATIVE_PROBLEMS);
            }
            throw new LlmException("llamacpp: cannot load GGUF model " + path + ": " + cause(problems, e), e);
        }
    }

    /**
     * The specific reason of a failed load: llama.cpp's "unknown model architecture: 'x'" when it
     * logged one, else its last error line, else the exception's message (de.kherud:llama's own is
     * a vague "could not load model from given file path").
     */
    static String cause(List<String> nativeProblems, Throwable e) {
        for (int i = nativeProblems.size() - 1; i >= 0; i--) {
            Matcher m = UNKNOWN_ARCHITECTURE.matcher(nativeProblems.get(i));
            if (m.find()) {
                return m.group() + " (de.kherud:llama 3.4.1's llama.cpp does not know it;"
                        + " run a newer llama.cpp through llm.backend llamacpp-server)";
            }
        }
        for (int i = nativeProblems.size() - 1; i >= 0; i--) {
            if (nativeProblems.get(i).startsWith("ERROR ")) {
                return nativeProblems.get(i).substring("ERROR ".length());
            }
        }
        String message = e.getMessage();
        return message == null ? e.toString() : message;
    }

    /**
     * Loads the native libraries (the static initialiser of {@link LlamaModel}) with this thread's
     * System.out lines sent to the log: de.kherud:llama's LlamaLoader prints "Extracted 'libggml.so'
     * to '...'" there, one line per library. Other threads keep printing to the real stdout.
     */
    private static synchronized void loadNativeLibrary() {
        if (nativeLibraryLoaded) {
            return;
        }
        PrintStream stdout = System.out;
        Charset charset = Charset.defaultCharset();
        ThisThreadToLog toLog = new ThisThreadToLog(stdout, Thread.currentThread(), charset,
                line -> LOG.debug("de.kherud.llama: {}", line));
        System.setOut(new PrintStream(toLog, true, charset));
        try {
            Class.forName(LlamaModel.class.getName(), true, SharedLlamaModel.class.getClassLoader());
            nativeLibraryLoaded = true;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        } finally {
            toLog.flushLine();
            System.setOut(stdout);
        }
    }

    /** Bytes of one thread become log lines; everyone else's go to the original stream. */
    private static final class ThisThreadToLog extends OutputStream {
        private final PrintStream original;
        private final Thread thread;
        private final Charset charset;
        private final Consumer<String> log;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        /** Set while logging, should the log itself write to System.out. */
        private boolean logging;

        ThisThreadToLog(PrintStream original, Thread thread, Charset charset, Consumer<String> log) {
            this.original = original;
            this.thread = thread;
            this.charset = charset;
            this.log = log;
        }

        @Override
        public void write(int b) {
            if (Thread.currentThread() != thread || logging) {
                original.write(b);
            } else if (b == '\n') {
                flushLine();
            } else {
                line.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (Thread.currentThread() != thread || logging) {
                original.write(b, off, len);
                return;
            }
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        void flushLine() {
            if (line.size() == 0) {
                return;
            }
            String text = line.toString(charset).stripTrailing();
            line.reset();
            logging = true;
            try {
                log.accept(text);
            } finally {
                logging = false;
            }
        }

        @Override
        public void flush() throws IOException {
            original.flush();
        }
    }

    /**
     * llama.cpp prints hundreds of load-time lines to stderr; send them to SLF4J instead, and keep
     * the latest ERROR/WARN lines for the message of a failed load.
     */
    private static void routeNativeLogging() {
        LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {
            String line = message.stripTrailing();
            switch (level) {
                case ERROR -> {
                    LOG.error("llama.cpp: {}", line);
                    rememberProblem("ERROR " + line);
                }
                case WARN -> {
                    LOG.warn("llama.cpp: {}", line);
                    rememberProblem("WARN " + line);
                }
                default -> LOG.debug("llama.cpp: {}", line);
            }
        });
    }

    private static void rememberProblem(String line) {
        synchronized (NATIVE_PROBLEMS) {
            if (NATIVE_PROBLEMS.size() == PROBLEM_LINES) {
                NATIVE_PROBLEMS.removeFirst();
            }
            NATIVE_PROBLEMS.addLast(line);
        }
    }
}
