package org.hitlbm.experiments.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hitlbm.experiments.pipeline.InterestExport;
import org.hitlbm.experiments.pipeline.Pipeline;
import org.hitlbm.experiments.pipeline.Reporter;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecException;
import org.hitlbm.experiments.tracking.GitInfo;

/**
 * {@code export SPEC.yaml --out DIR}: a cell's lifelong interests and item knowledge as Parquet
 * ({@link InterestExport}), computed through the caches, so after a run it costs no LLM call.
 */
final class ExportCommand {
    private final PrintStream out;
    private final Reporter reporter;

    ExportCommand(PrintStream out, Reporter reporter) {
        this.out = out;
        this.reporter = reporter;
    }

    InterestExport.Written run(ResolvedConfig config, Path dir) {
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
            return w;
        }
    }
}
