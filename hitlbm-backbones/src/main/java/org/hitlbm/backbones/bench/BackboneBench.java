package org.hitlbm.backbones.bench;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.hitlbm.backbones.Backbone;
import org.hitlbm.backbones.CtrData;
import org.hitlbm.backbones.CtrModel;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.data.DataPipeline;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.chunk.ChunkingConfig;
import org.hitlbm.data.prep.PreprocessConfig;
import org.hitlbm.data.prep.Split;
import org.hitlbm.data.synthetic.SyntheticConfig;
import org.hitlbm.data.synthetic.SyntheticGenerator;
import org.hitlbm.nn.train.EpochReport;
import org.hitlbm.nn.train.StepTimes;
import org.hitlbm.nn.train.TrainSettings;
import org.hitlbm.nn.train.TrainingListener;

/**
 * Training throughput and peak memory per backbone, on prepared data (a spec's, e.g.
 * MovieLens-100K) or on synthetic rows shaped like MovieLens-100K after the default filter (about
 * 72k training rows, 1,682 items, 18 genres, 5 recent behaviors). Every backbone trains with its
 * defaults for {@code epochs}; the first warms up the JIT and the engine, the rest are timed,
 * their validation passes excluded. With contention each backbone is measured a second time while
 * another process keeps one core busy.
 */
public final class BackboneBench {
    /**
     * @param epochs     epochs per measurement; all but the first are timed
     * @param threads    the models' {@link TrainSettings#threads()}, 0 = auto
     * @param contention measure again beside a process that burns one core
     * @param torchProfile null, or a path prefix: epoch 2 of each backbone's measurement is recorded
     *                     by PyTorch's profiler to {@code PREFIX-BACKBONE.json} (Chrome trace format;
     *                     every op with its input shapes, so the epoch's time can be read op by op).
     *                     The profiler slows that epoch several times: read the trace for shares
     *                     and op counts, and the samples/s of a run without it
     */
    public record Options(int batchSize, int epochs, int threads, boolean contention, String torchProfile) {
        public Options(int batchSize, int epochs, int threads, boolean contention) {
            this(batchSize, epochs, threads, contention, null);
        }

        public Options {
            if (epochs < 2) {
                throw new IllegalArgumentException("the bench needs at least 2 epochs (the first is a warm-up), got " + epochs);
            }
        }
    }

    /**
     * One backbone's numbers. Peak RSS is the whole process's high-water mark while that backbone
     * trained (data and earlier backbones included), so read it as an upper bound.
     *
     * @param times            the timed epochs' phases, summed
     * @param contended        samples/s beside the busy process, NaN when not measured
     * @param contendedThreads the threads the last contended epoch trained with (0 when not measured)
     */
    public record Row(String backbone, long samples, double samplesPerSecond, long peakRssMb, long peakHeapMb, StepTimes times,
                      double contended, int contendedThreads) {
        /** How many times slower training ran beside the busy process. */
        public double slowdown() {
            return samplesPerSecond / contended;
        }
    }

    private final PreparedData data;
    private final Options options;

    public BackboneBench(PreparedData data, Options options) {
        this.data = data;
        this.options = options;
    }

    /** Synthetic rows with MovieLens-100K's feature shapes and roughly its size after the 50-interaction filter. */
    public static PreparedData movieLensShaped() {
        return new DataPipeline(PreprocessConfig.movieLensDefaults(), ChunkingConfig.byCount(50), 5)
                .prepare(SyntheticGenerator.generate(SyntheticConfig.defaults().withUsers(470).withItems(1682).withGenres(18)));
    }

    public PreparedData data() {
        return data;
    }

    /** Training rows measured per epoch. */
    public int trainingRows() {
        return data.samples().rows(Split.TRAIN).length;
    }

    /** Measures each backbone in turn; {@code done} hears each row as soon as it is measured. */
    public List<Row> run(List<Backbone> backbones, Consumer<Row> done) {
        CtrData train = new CtrData(data.features(), data.samples(), data.samples().rows(Split.TRAIN));
        int[] validationRows = data.samples().rows(Split.VALIDATION);
        CtrData validation = new CtrData(data.features(), data.samples(), Arrays.copyOf(validationRows, Math.min(2048, validationRows.length)));
        List<Row> rows = new ArrayList<>();
        for (Backbone backbone : backbones) {
            AtomicLong peakRss = new AtomicLong();
            AtomicLong peakHeap = new AtomicLong();
            Thread sampler = memorySampler(peakRss, peakHeap);
            StepTimes alone = measure(backbone, train, validation);
            sampler.interrupt();
            if (options.torchProfile() != null) { // its own run: the profiler must not slow the figures above
                measure(backbone, train, validation, options.torchProfile() + "-" + backbone.name() + ".json");
            }
            double contended = Double.NaN;
            int contendedThreads = 0;
            if (options.contention()) {
                Process burner = burnOneCore();
                try {
                    StepTimes beside = measure(backbone, train, validation);
                    contended = samplesPerSecond(train, beside);
                    contendedThreads = beside.threads();
                } finally {
                    burner.destroyForcibly();
                }
            }
            Row row = new Row(backbone.name(), train.size(), samplesPerSecond(train, alone), peakRss.get() / 1024, peakHeap.get() >> 20,
                    alone, contended, contendedThreads);
            rows.add(row);
            done.accept(row);
        }
        return rows;
    }

    private double samplesPerSecond(CtrData train, StepTimes timed) {
        return (double) train.size() * (options.epochs() - 1) / timed.training();
    }

    /** The timed epochs' phases, summed; threads are the last epoch's. */
    private StepTimes measure(Backbone backbone, CtrData train, CtrData validation) {
        return measure(backbone, train, validation, null);
    }

    /** @param profile where epoch 2's trace goes, or null for none */
    private StepTimes measure(Backbone backbone, CtrData train, CtrData validation, String profile) {
        CtrModel model = backbone.create(new ModelContext(data.features(), data.samples().recentLength, backbone.defaultParams(), 1));
        List<StepTimes> timed = new ArrayList<>();
        try {
            model.fit(train, validation, new TrainSettings(options.epochs(), options.batchSize(), 1e-3, options.epochs(), 0, 1,
                    options.threads()), new TrainingListener() {
                        @Override
                        public void onEpochEnd(EpochReport report) {
                            if (report.epoch() > 1) {
                                timed.add(report.times());
                            }
                            if (profile != null && report.epoch() == 1) {
                                JniUtils.startProfile(false, true, false);
                            } else if (profile != null && report.epoch() == 2) {
                                JniUtils.stopProfile(profile);
                            }
                        }
                    });
        } finally {
            model.close();
        }
        StepTimes sum = new StepTimes(0, 0, 0, 0, 0, 0);
        for (StepTimes t : timed) {
            sum = new StepTimes(sum.assemble() + t.assemble(), sum.forward() + t.forward(), sum.backward() + t.backward(),
                    sum.step() + t.step(), sum.validation() + t.validation(), t.threads());
        }
        return sum;
    }

    /** A shell loop: portable, and nothing of this JVM competes with it for locks or memory. */
    private static Process burnOneCore() {
        try {
            return new ProcessBuilder("sh", "-c", "while :; do :; done").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the busy process for --contention: " + e.getMessage(), e);
        }
    }

    private static Thread memorySampler(AtomicLong peakRss, AtomicLong peakHeap) {
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakRss.accumulateAndGet(rssKb(), Math::max);
                Runtime rt = Runtime.getRuntime();
                peakHeap.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-memory");
        sampler.setDaemon(true);
        sampler.start();
        return sampler;
    }

    private static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
