package org.hitlbm.experiments.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.UserShard;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.tree.cache.LlmCallCache;
import org.hitlbm.tree.hts.InterestTree;
import org.hitlbm.tree.hts.SearchSettings;
import org.hitlbm.tree.hts.TreeStore;
import org.hitlbm.tree.llm.LlmSettings;
import org.hitlbm.tree.prompt.Prompts;

/**
 * Staleness and cost of a lifelong update, before it runs ({@code update --dry-run}): per user, the
 * chunks whose layers the update would search (new chunks, and a last chunk the new behaviours
 * complete), and the LLM calls and tokens that costs. Nothing is written and no model is loaded.
 *
 * <p>Calls are exact for the search as {@link TreeGrowth} runs it (E children of each of the
 * min(beam, layer size) kept nodes per layer). Tokens are estimates: each prompt is built as the
 * search would build it, with the stored interest as the parent where the stored tree has it and a
 * placeholder of a typical generation's length after that, priced at the characters per token and
 * tokens per generation the call cache measured for this model (else 4 and {@code llm.maxTokens}).
 */
public final class UpdatePlan {
    /** One user of the updated data. */
    public record User(String rawUserId, int chunks, int storedLayers, int keptLayers, int pendingChunks) {
    }

    public record Result(List<User> users, long calls, long promptTokens, long completionTokens, LlmPlan.Estimates estimates) {
        public long staleUsers() {
            return users.stream().filter(u -> u.pendingChunks() > 0).count();
        }

        public long pendingChunks() {
            return users.stream().mapToLong(User::pendingChunks).sum();
        }
    }

    private UpdatePlan() {
    }

    public static Result of(TreeGrowth growth, ResolvedConfig config, PreparedData now, UserShard shard) {
        Prompts prompts = InterestSession.prompts(config, now);
        String hash = prompts.templates().contentHash();
        SearchSettings search = TreeStage.searchSettings(config);
        List<Integer> positions = new ArrayList<>();
        for (int u = 0; u < now.dataset().histories().size(); u++) {
            if (shard.takesUser(u)) {
                positions.add(u);
            }
        }
        LlmSettings settings = InterestSession.settings(config);
        boolean cached = InterestSession.serverStore(config) != null
                || Files.exists(Path.of(config.string("paths.cache")).resolve("llm.sqlite"));
        try (TreeStore before = TreeStage.store(growth.earlierConfig(), hash, w -> { });
             TreeStore after = TreeStage.store(config, hash, w -> { });
             LlmCallCache cache = cached ? InterestSession.openCache(config) : null) {
            LlmPlan.Estimates estimates = LlmPlan.estimates(cache, settings.backend(), LlmPlan.identity(settings), config, null);
            String placeholder = LlmPlan.placeholderText(estimates.generationChars());
            long completion = Math.min(search.maxTokens(), estimates.generationTokens());
            List<User> users = new ArrayList<>();
            long calls = 0;
            long promptTokens = 0;
            for (TreeGrowth.UserState s : growth.survey(before, after, now, positions, config.integer("tree.ratingFolds"),
                    config.longValue("tree.seed"))) {
                InterestTree stored = s.stored();
                users.add(new User(now.dataset().raw().user(s.history().user()).rawId(), s.chunks(),
                        stored == null ? 0 : stored.layers().size(), s.updated() ? s.chunks() : s.kept(), s.pending()));
                if (s.updated()) {
                    continue;
                }
                long previousLayer = s.kept() == 0 ? 0 : stored.layers().get(s.kept() - 1).candidates().size();
                for (int t = s.kept(); t < s.chunks(); t++) {
                    long parents = t == 0 ? 1 : Math.min(search.beamWidth(), previousLayer);
                    String parent = t == 0 ? null : t == s.kept() ? stored.layers().get(t - 1).chosen().text() : placeholder;
                    long layerCalls = parents * search.expansions();
                    calls += layerCalls;
                    promptTokens += layerCalls * estimates.promptTokens(prompts.interest(s.history(), s.chunksNow(), t, parent).length());
                    previousLayer = layerCalls;
                }
            }
            return new Result(users, calls, promptTokens, calls * completion, estimates);
        }
    }
}
