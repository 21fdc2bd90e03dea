package org.hitlbm.tree.llm.openai;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import dev.langchain4j.model.output.TokenUsage;
import java.util.Map;
import java.util.Objects;
import org.hitlbm.tree.llm.Generation;
import org.hitlbm.tree.llm.LlmClient;
import org.hitlbm.tree.llm.LlmException;
import org.hitlbm.tree.llm.YesNo;

/**
 * {@link LlmClient} for any server speaking the OpenAI chat-completions protocol (vLLM, llama.cpp
 * server, Ollama, OpenAI), through langchain4j's {@link OpenAiChatModel}. Safe to share between
 * threads: at most {@code maxConcurrency} requests are in flight, and transient failures are
 * retried here (langchain4j's own retries are switched off so attempts are counted in one place).
 */
public final class OpenAiCompatibleClient implements LlmClient {
    /** The most alternatives OpenAI returns per token; enough to see every Yes/No spelling. */
    static final int TOP_LOGPROBS = 20;

    private final OpenAiSettings settings;
    private final OpenAiChatModel chatModel;
    private final BoundedRetrier retrier;
    private final String target;

    public OpenAiCompatibleClient(OpenAiSettings settings) {
        this(settings, Backoff.DEFAULT);
    }

    /** @param backoff delays between retries; tests make them tiny */
    public OpenAiCompatibleClient(OpenAiSettings settings, Backoff backoff) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.target = "openai backend at " + settings.baseUrl() + " (model " + settings.model() + ")";
        this.chatModel = OpenAiChatModel.builder()
                .baseUrl(settings.baseUrl())
                .apiKey(settings.apiKey())
                .modelName(settings.model())
                .timeout(settings.timeout())
                .maxRetries(0)
                .build();
        this.retrier = new BoundedRetrier(settings.maxConcurrency(), settings.maxRetries(),
                Objects.requireNonNull(backoff, "backoff"), target);
    }

    @Override
    public String backend() {
        return "openai";
    }

    @Override
    public String model() {
        return settings.model();
    }

    @Override
    public Generation generate(String prompt, long seed, double temperature, int maxTokens) {
        Objects.requireNonNull(prompt, "prompt");
        if (!(temperature >= 0)) {
            throw new IllegalArgumentException(target + ": temperature must be >= 0, got " + temperature);
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException(target + ": maxTokens must be >= 1, got " + maxTokens);
        }
        OpenAiChatRequestParameters.Builder parameters = OpenAiChatRequestParameters.builder()
                .temperature(temperature)
                .maxOutputTokens(maxTokens);
        withSeed(parameters, seed);
        ChatResponse response = send(prompt, parameters.build());
        if (response.aiMessage() == null) {
            throw new LlmException(target + ": response has no choices[0].message");
        }
        // an empty content (langchain4j reads it as null) is the model's answer: the output guards judge it
        String text = response.aiMessage().text() == null ? "" : response.aiMessage().text();
        TokenUsage usage = response.tokenUsage();
        return new Generation(text, usage == null ? 0 : orZero(usage.inputTokenCount()),
                usage == null ? 0 : orZero(usage.outputTokenCount()));
    }

    @Override
    public double yesProbability(String prompt) {
        return yesNo(prompt).probability();
    }

    @Override
    public YesNo.Answer yesNo(String prompt) {
        Objects.requireNonNull(prompt, "prompt");
        // one greedy token is enough: only the distribution over the first answer token matters
        OpenAiChatRequestParameters parameters = OpenAiChatRequestParameters.builder()
                .temperature(0.0)
                .maxOutputTokens(1)
                .logprobs(true)
                .topLogprobs(TOP_LOGPROBS)
                .build();
        ChatResponse response = send(prompt, parameters);
        if (!(response.metadata() instanceof OpenAiChatResponseMetadata metadata)) {
            throw new LlmException(target + ": langchain4j returned no OpenAI response metadata, so no logprobs");
        }
        return FirstTokenLogprobs.yesNo(metadata.logProbs(), target);
    }

    private ChatResponse send(String prompt, OpenAiChatRequestParameters parameters) {
        ChatRequest request = ChatRequest.builder()
                .messages(UserMessage.from(prompt))
                .parameters(parameters)
                .build();
        return retrier.call(() -> chatModel.chat(request));
    }

    /** The protocol's seed is a 64-bit integer, langchain4j's an int: larger seeds go as a raw parameter. */
    private static void withSeed(OpenAiChatRequestParameters.Builder parameters, long seed) {
        if (seed >= Integer.MIN_VALUE && seed <= Integer.MAX_VALUE) {
            parameters.seed((int) seed);
        } else {
            parameters.customParameters(Map.of("seed", seed));
        }
    }

    private static int orZero(Integer count) {
        return count == null ? 0 : count;
    }
}
