package org.hitlbm.experiments.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.hitlbm.data.io.StorageException;
import org.hitlbm.experiments.pipeline.InterestExport;
import org.hitlbm.experiments.pipeline.Pipeline;
import org.hitlbm.experiments.pipeline.Reporter;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecException;
import org.hitlbm.experiments.tracking.GitInfo;
import org.hitlbm.fusion.fuse.ChunkVectors;

/**
 * {@code export SPEC.yaml --out DIR}: a cell's lifelong interests and item knowledge as Parquet
 * ({@link InterestExport}), computed through the caches, so after a run it costs no LLM call; and
 * the cell's trained fusion ({@code UserInterestModel}'s folder, with {@code fusion.onnx}) when its
 * run saved one and it was trained on exactly these vectors.
 */
final class ExportCommand {
    private final PrintStream out;
    private final Reporter reporter;

    ExportCommand(PrintStream out, Reporter reporter) {
        this.out = out;
        this.reporter = reporter;
    }

    /**
     * @param trainedFusion where the cell's run saved its trained fusion (copied to {@code dir/fusion}
     *                      when it is there and was trained on the vectors exported)
     */
    InterestExport.Written run(ResolvedConfig config, Path dir, Path trainedFusion) {
        if ("none".equals(config.string("fusion.name"))) {
            throw new SpecException("fusion.name none: the cell has no interests to export; choose a fusion");
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("hitlbm.git.commit", GitInfo.commit(Path.of("")));
        provenance.put("hitlbm.config", config.toYaml());
        try (Pipeline.Run run = new Pipeline().open(config, reporter)) {
            InterestExport.Written w = InterestExport.write(run, dir, provenance);
            out.printf("export: %,d user-chunk rows (%s interests) in %s, %,d items in %s; %d-d vectors%n", w.userRows(), w.source(),
                    w.users(), w.itemRows(), w.items(), w.dimension());
            copyFusion(run.output(Pipeline.VECTORS), trainedFusion, dir.resolve("fusion"));
            return w;
        }
    }

    private void copyFusion(ChunkVectors exported, Path trained, Path target) {
        if (!Files.isRegularFile(trained.resolve("fusion.onnx"))) {
            out.println("export: no trained fusion for this cell (a run with train.checkpoint: true saves one in " + trained + ")");
            warnIfStale(target);
            return;
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream data = new DataOutputStream(bytes)) {
                exported.write(data);
            }
            if (!Arrays.equals(bytes.toByteArray(), Files.readAllBytes(trained.resolve("vectors.bin")))) {
                reporter.warn("export: the fusion in " + trained + " was trained on other vectors than these; not copied");
                warnIfStale(target);
                return;
            }
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(trained)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw StorageException.writing(target, e);
        }
        out.println("export: the trained fusion (fusion.onnx, its reference rows and vectors) in " + target);
    }

    /** An earlier export's fusion is left alone (nothing is deleted) but must not pass for this one's. */
    private void warnIfStale(Path target) {
        if (Files.exists(target.resolve("fusion.onnx"))) {
            reporter.warn("export: " + target + " is from an earlier export and does not belong to these vectors; remove it");
        }
    }
}
