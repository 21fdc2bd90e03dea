package org.hitlbm.tree.llm.llamacpp;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.args.Sampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.hitlbm.tree.llm.Generation;
import org.hitlbm.tree.llm.GgufIdentity;
import org.hitlbm.tree.llm.LlmClient;
import org.hitlbm.tree.llm.LlmException;
import org.hitlbm.tree.llm.YesNo;

/**
 * A GGUF model run in process by llama.cpp (de.kherud:llama 3.4.1). Prompts are sent as one user
 * message through the model's own chat template (llama.cpp falls back to ChatML when the GGUF
 * has none); the library always adds a system message, empty here. All clients of a JVM share
 * one loaded model: see {@link SharedLlamaModel}.
 */
public final class LlamaCppClient implements LlmClient {
    /** Candidates returned for the first answer token; Yes/No variants outside them count as 0. */
    static final int FIRST_TOKEN_CANDIDATES = 20;

    private final SharedLlamaModel shared;
    private final String model;

    /**
     * @throws LlmException when the GGUF file is missing (checked before any native code runs),
     *                      cannot be loaded, or another model is already loaded in this JVM
     */
    public LlamaCppClient(LlamaCppSettings settings) {
        Path path = settings.modelPath();
        if (!Files.isRegularFile(path)) {
            throw new LlmException("llamacpp: GGUF model file not found: " + path.toAbsolutePath());
        }
        this.model = GgufIdentity.of(path, "llamacpp");
        this.shared = SharedLlamaModel.obtain(settings);
    }

    @Override
    public String backend() {
        return "llamacpp";
    }

    /** File name and size in bytes, e.g. "SmolLM2-135M-Instruct.Q4_1.gguf:98362432". */
    @Override
    public String model() {
        return model;
    }

    /**
     * promptTokens counts the user prompt alone (the chat template's tokens are added natively
     * and not reported); completionTokens counts the streamed tokens, the end-of-sequence token
     * included, a multi-byte character split over tokens once.
     */
    @Override
    public Generation generate(String prompt, long seed, double temperature, int maxTokens) {
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens);
        }
        InferenceParameters parameters = chat(prompt)
                .setNPredict(maxTokens)
                .setTemperature((float) temperature)
                .setSeed(nativeSeed(seed));
        StringBuilder text = new StringBuilder();
        int completionTokens = 0;
        int promptTokens;
        shared.lock.lock();
        try {
            promptTokens = shared.model.encode(prompt).length;
            LlamaIterator outputs = shared.model.generate(parameters).iterator();
            while (outputs.hasNext()) {
                text.append(outputs.next().text);
                // every streamed token is followed by a final summary output
                if (outputs.hasNext()) {
                    completionTokens++;
                }
            }
        } catch (RuntimeException e) {
            throw failure("generation", e);
        } finally {
            shared.lock.unlock();
        }
        return new Generation(text.toString(), promptTokens, completionTokens);
    }

    @Override
    public double yesProbability(String prompt) {
        return yesNo(prompt).probability();
    }

    @Override
    public YesNo.Answer yesNo(String prompt) {
        return YesNo.answer(firstTokenProbabilities(prompt));
    }

    /**
     * The {@value #FIRST_TOKEN_CANDIDATES} most likely first answer tokens (as text) with their
     * probabilities under the model's unmodified distribution: temperature 1 and no top-k/top-p/
     * min-p truncation, which would cut a less likely "No" and leave P(Yes) = 1. Greedy decoding is
     * not used because llama.cpp's server then reports 1 for the chosen token and 0 for the rest.
     */
    Map<String, Double> firstTokenProbabilities(String prompt) {
        InferenceParameters parameters = chat(prompt)
                .setNPredict(1)
                .setNProbs(FIRST_TOKEN_CANDIDATES)
                .setTemperature(1f)
                .setSamplers(Sampler.TEMPERATURE)
                .setTopK(0)
                .setTopP(1f)
                .setMinP(0f)
                .setSeed(0);
        Map<String, Double> probabilities = new HashMap<>();
        shared.lock.lock();
        try {
            for (LlamaOutput output : shared.model.generate(parameters)) {
                if (probabilities.isEmpty()) {
                    output.probabilities.forEach((token, p) -> probabilities.put(token, p.doubleValue()));
                }
            }
        } catch (RuntimeException e) {
            throw failure("first-token probabilities", e);
        } finally {
            shared.lock.unlock();
        }
        return probabilities;
    }

    /**
     * A no-op: the model is shared by the whole JVM and de.kherud:llama 3.4.1's
     * LlamaModel.close() crashes now and then, so the model lives until the process ends.
     */
    @Override
    public void close() {
    }

    /**
     * Prompt caching on: llama.cpp keeps the KV cache of the previous prompt and evaluates only
     * what follows the longest common prefix, which the rating prompts of one user share. The
     * results do not depend on it (LlamaCppEngineTest asks the same prompt around another one).
     */
    private static InferenceParameters chat(String prompt) {
        return new InferenceParameters(prompt).setUseChatTemplate(true).setCachePrompt(true);
    }

    /** llama.cpp takes a 32-bit seed and treats -1 as "pick one at random". */
    static int nativeSeed(long seed) {
        int folded = (int) (seed ^ (seed >>> 32));
        return folded == -1 ? Integer.MAX_VALUE : folded;
    }

    /** de.kherud.llama.LlamaException is not public, hence RuntimeException. */
    private LlmException failure(String what, RuntimeException e) {
        return new LlmException("llamacpp (" + model + "): " + what + " failed: " + e.getMessage(), e);
    }

}
