package org.hitlbm.backbones.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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
import org.hitlbm.nn.train.TrainSettings;
import org.hitlbm.nn.train.TrainingListener;

/**
 * Training throughput and peak memory per backbone on one fixed synthetic set: batch 256, 5
 * recent behaviors, embedding 32 (the reference point). The first epoch warms up the
 * JIT and the engine; the second is timed, validation excluded.
 */
public final class BackboneBench {
    /**
     * One backbone's numbers. Peak RSS is the whole process's high-water mark while that backbone
     * trained (data and earlier backbones included), so read it as an upper bound.
     */
    public record Row(String backbone, long samples, double samplesPerSecond, long peakRssMb, long peakHeapMb) {
    }

    private final PrintStream out;

    public BackboneBench(PrintStream out) {
        this.out = out;
    }

    public List<Row> run(List<Backbone> backbones, int users, int batchSize) {
        PreparedData data = new DataPipeline(PreprocessConfig.movieLensDefaults(), ChunkingConfig.byCount(50), 5)
                .prepare(SyntheticGenerator.generate(SyntheticConfig.defaults().withUsers(users).withItems(2000)));
        CtrData train = new CtrData(data.features(), data.samples(), data.samples().rows(Split.TRAIN));
        CtrData validation = new CtrData(data.features(), data.samples(),
                java.util.Arrays.copyOf(data.samples().rows(Split.VALIDATION), 512));
        out.printf("bench backbones: %d training samples, batch %d, 5 recent behaviors, embedding 32, %d cores%n",
                train.size(), batchSize, Runtime.getRuntime().availableProcessors());
        List<Row> rows = new ArrayList<>();
        for (Backbone backbone : backbones) {
            rows.add(measure(backbone, data, train, validation, batchSize));
            Row r = rows.get(rows.size() - 1);
            out.printf("  %-8s %10.0f samples/s   peak RSS %5d MB   peak heap %5d MB%n", r.backbone(), r.samplesPerSecond(),
                    r.peakRssMb(), r.peakHeapMb());
        }
        return rows;
    }

    private Row measure(Backbone backbone, PreparedData data, CtrData train, CtrData validation, int batchSize) {
        CtrModel model = backbone.create(new ModelContext(data.features(), 5, backbone.defaultParams(), 1));
        AtomicLong peakRss = new AtomicLong();
        AtomicLong peakHeap = new AtomicLong();
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
        });
        sampler.setDaemon(true);
        sampler.start();
        long[] epochEnd = new long[3];
        long start = System.nanoTime();
        model.fit(train, validation, new TrainSettings(2, batchSize, 1e-3, 5, 0, 1), new TrainingListener() {
            @Override
            public void onEpochEnd(EpochReport report) {
                epochEnd[report.epoch()] = System.nanoTime();
            }
        });
        sampler.interrupt();
        // epoch 2 alone, minus its validation pass (timed separately and small: 512 rows)
        long validationNanos = timeValidation(model, validation);
        model.close();
        double seconds = (epochEnd[2] - epochEnd[1] - validationNanos) / 1e9;
        return new Row(backbone.name(), train.size(), train.size() / seconds, peakRss.get() / 1024, peakHeap.get() >> 20);
    }

    private static long timeValidation(CtrModel model, CtrData validation) {
        long t = System.nanoTime();
        model.predict(validation);
        return System.nanoTime() - t;
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
