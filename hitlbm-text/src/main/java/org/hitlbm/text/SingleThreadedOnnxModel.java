package org.hitlbm.text;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import java.io.InputStream;
import java.util.concurrent.Executor;

/**
 * A langchain4j in-process model (same tokenisation, pooling, 510-token truncation and normalisation as the
 * stock classes) whose ONNX session runs each text on one thread. The stock classes let ONNX Runtime spread
 * every text over all cores while embedAll also runs one text per core, so the threads fight; one intra-op
 * thread per text and one text per core measured fastest on a 2-core machine: bge-small-en-v1.5-q on 300
 * synthetic interest texts, 38-40 texts/s here vs 26-28 for the stock class's embedAll and 19-20 for one thread.
 */
final class SingleThreadedOnnxModel extends AbstractInProcessEmbeddingModel implements AutoCloseable {
    private final OrtSession session;
    private final OnnxBertBiEncoder encoder;

    SingleThreadedOnnxModel(InJarModel model, Executor executor) {
        super(executor);
        byte[] onnx = JarResources.readAll(model, model.onnxResource());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             InputStream tokenizer = JarResources.open(model, model.tokenizerResource())) {
            options.setIntraOpNumThreads(1);
            session = env.createSession(onnx, options);
            encoder = new OnnxBertBiEncoder(env, session, tokenizer, model.pooling());
        } catch (OrtException | java.io.IOException e) {
            throw new IllegalStateException("loading ONNX model '" + model.onnxResource() + "' for encoder '"
                    + model.encoderName() + "': " + e.getMessage(), e);
        }
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return InJarModel.DIMENSION;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing ONNX session", e);
        }
    }
}
