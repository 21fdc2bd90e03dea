package org.hitlbm.experiments.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hitlbm.data.Domain;
import org.hitlbm.data.PipelineVersions;
import org.hitlbm.data.io.DatasetReaders;
import org.hitlbm.tree.llm.offline.OfflinePromptCheck;
import org.hitlbm.tree.prompt.PromptException;
import org.hitlbm.tree.prompt.PromptTemplates;

/**
 * The {@code pipeline:} section of a resolved config: the versions of the stages the run's result
 * depends on ({@link PipelineVersions}) and, when it reads LLM texts, the content hash of the
 * prompt templates. Written into config.yaml, it is part of what a finished run is matched on, so
 * a result of older code or other prompts is never skipped over or copied. Also checks
 * {@code llm.promptDir}: it must exist, and the offline stand-in must be able to read it.
 */
final class CodeIdentity {
    private CodeIdentity() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> of(Map<String, Object> tree, Validator v, Located body) {
        Map<String, Object> llm = (Map<String, Object>) tree.get("llm");
        Map<String, Object> fusion = (Map<String, Object>) tree.get("fusion");
        Map<String, Object> dataset = (Map<String, Object>) tree.get("dataset");
        boolean readsInterests = !"none".equals(fusion.get("name"));
        boolean readsTrees = readsInterests && "hts".equals(fusion.get("interests"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", PipelineVersions.of(readsInterests, readsTrees));
        Object promptDir = llm.get("promptDir");
        if (promptDir != null && !Files.isDirectory(Path.of(promptDir.toString()))) {
            v.problem(v.where("llm.promptDir", body), "llm.promptDir", "no such directory: " + Quote.visible(promptDir.toString(), 300));
            return out;
        }
        if (!readsInterests && promptDir == null) {
            return out;
        }
        Domain domain = DatasetReaders.domain(String.valueOf(dataset.get("name")));
        PromptTemplates templates = PromptTemplates.load(domain, promptDir == null ? null : Path.of(promptDir.toString()));
        if ("offline".equals(llm.get("backend"))) {
            try {
                OfflinePromptCheck.check(templates, domain, ((Number) dataset.get("positiveAbove")).doubleValue());
            } catch (PromptException e) {
                v.problem(v.where("llm.promptDir", body), "llm.promptDir", e.getMessage());
            }
        }
        if (readsInterests) {
            out.put("prompts", templates.contentHash());
        }
        return out;
    }
}
