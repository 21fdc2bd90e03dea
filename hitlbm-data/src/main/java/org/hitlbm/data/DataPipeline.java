package org.hitlbm.data;

import java.util.List;
import java.util.function.Supplier;
import org.hitlbm.data.cache.DiskCache;
import org.hitlbm.data.cache.PreparedDataCodec;
import org.hitlbm.data.chunk.Chunker;
import org.hitlbm.data.chunk.ChunkingConfig;
import org.hitlbm.data.chunk.UserChunks;
import org.hitlbm.data.prep.PreparedDataset;
import org.hitlbm.data.prep.PreprocessConfig;
import org.hitlbm.data.prep.Preprocessor;
import org.hitlbm.data.sample.CtrSamples;
import org.hitlbm.data.sample.FeatureSpace;
import org.hitlbm.data.sample.SampleBuilder;

/** dataset -> preprocess -> chunks -> samples, cached under a key of every setting involved. */
public final class DataPipeline {
    /** Bump when the prepared format or its semantics change, so old cache entries are not reused. */
    static final String FORMAT_VERSION = "prepared-v" + PipelineVersions.DATA;

    private final PreprocessConfig preprocess;
    private final ChunkingConfig chunking;
    private final int recentLength;
    private final int retrieved;

    public DataPipeline(PreprocessConfig preprocess, ChunkingConfig chunking, int recentLength) {
        this(preprocess, chunking, recentLength, 0);
    }

    /** @param retrieved SIM's behaviors of the target's category from the whole earlier history (0 = none) */
    public DataPipeline(PreprocessConfig preprocess, ChunkingConfig chunking, int recentLength, int retrieved) {
        this.preprocess = preprocess;
        this.chunking = chunking;
        this.recentLength = recentLength;
        this.retrieved = retrieved;
    }

    public PreparedData prepare(RawDataset raw) {
        PreparedDataset dataset = new Preprocessor(preprocess).prepare(raw);
        Chunker chunker = new Chunker(chunking);
        List<UserChunks> chunks = dataset.histories().stream().map(chunker::chunk).toList();
        FeatureSpace features = new FeatureSpace(raw);
        CtrSamples samples = new SampleBuilder(recentLength, retrieved, features::category).build(dataset, chunks);
        return new PreparedData(dataset, chunking, chunks, samples, features);
    }

    /**
     * Prepared data from the cache, or read and prepared now.
     *
     * @param sourceDescription identifies the raw data: reader name plus a fingerprint of its files,
     *                          or the generator's full config
     */
    public DiskCache.Lookup<PreparedData> prepareCached(DiskCache cache, String sourceDescription, Supplier<RawDataset> source) {
        return cache.getOrCompute("prepared", cacheKey(sourceDescription), PreparedDataCodec.INSTANCE, () -> prepare(source.get()));
    }

    /** The key {@link #prepareCached} files the prepared data under: the format's version and every setting involved. */
    public String cacheKey(String sourceDescription) {
        return DiskCache.key(String.join("|", FORMAT_VERSION, sourceDescription, preprocess.toString(),
                chunking.toString(), "recent=" + recentLength + (retrieved > 0 ? " retrieved=" + retrieved : "")));
    }
}
