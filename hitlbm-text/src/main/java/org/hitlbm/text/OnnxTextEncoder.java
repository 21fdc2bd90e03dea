package org.hitlbm.text;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One of the in-jar langchain4j ONNX encoders. Texts past 510 word pieces (512 with [CLS]/[SEP]) are truncated,
 * as the tokenizer truncates at 512; {@link WindowedTextEncoder} is the long-context alternative. Vectors come back
 * L2-normalised. A batch is spread over all cores, one text per core at a time.
 */
public final class OnnxTextEncoder implements TextEncoder {
    private final InJarModel model;
    private final ExecutorService workers;
    private final SingleThreadedOnnxModel onnx;

    public OnnxTextEncoder(InJarModel model) {
        this.model = model;
        int cores = Runtime.getRuntime().availableProcessors();
        this.workers = Executors.newFixedThreadPool(cores, daemonThreads(model.encoderName()));
        try {
            this.onnx = new SingleThreadedOnnxModel(model, workers);
        } catch (RuntimeException e) {
            workers.shutdownNow();
            throw e;
        }
    }

    /** By YAML name, e.g. "bge-small-en-v1.5". */
    public static OnnxTextEncoder named(String name) {
        return new OnnxTextEncoder(InJarModel.byEncoderName(name));
    }

    public InJarModel model() {
        return model;
    }

    @Override
    public String name() {
        return model.encoderName();
    }

    @Override
    public int dimension() {
        return InJarModel.DIMENSION;
    }

    @Override
    public float[][] encode(List<String> texts) {
        if (texts.isEmpty()) {
            return new float[0][];
        }
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("encoder '" + name() + "': text " + i + " of " + texts.size()
                        + " is " + (text == null ? "null" : "blank") + "; the model cannot embed it");
            }
            segments.add(TextSegment.from(text));
        }
        List<Embedding> embeddings = onnx.embedAll(segments).content();
        float[][] out = new float[embeddings.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = embeddings.get(i).vector();
        }
        return out;
    }

    @Override
    public void close() {
        workers.shutdownNow();
        onnx.close();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "encoder-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true); // shared registry instances must not keep the JVM alive
            return t;
        };
    }
}
