package org.hitlbm.tree.llm.openai;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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

    private final String model;
    private final String target;
    private final Function<ChatRequest, ChatResponse> sender;
    private final EndpointFleet fleet;

    public OpenAiCompatibleClient(OpenAiSettings settings) {
        this(settings, Backoff.DEFAULT);
    }

    /** @param backoff delays between retries; tests make them tiny */
    public OpenAiCompatibleClient(OpenAiSettings settings, Backoff backoff) {
        Objects.requireNonNull(settings, "settings");
        this.model = settings.model();
        this.target = "openai backend at " + settings.baseUrl() + " (model " + settings.model() + ")";
        OpenAiChatModel chatModel = chatModel(settings);
        BoundedRetrier retrier = new BoundedRetrier(settings.maxConcurrency(), settings.maxRetries(),
                Objects.requireNonNull(backoff, "backoff"), target);
        this.sender = request -> retrier.call(() -> chatModel.chat(request));
        this.fleet = null;
    }

    private OpenAiCompatibleClient(List<OpenAiSettings> endpoints, Backoff backoff, Duration healthInterval) {
        this.model = endpoints.get(0).model();
        this.target = "openai fleet of " + endpoints.size() + " endpoints (model " + model + ")";
        this.fleet = new EndpointFleet(endpoints, OpenAiCompatibleClient::chatModel, backoff, healthInterval, target);
        this.sender = request -> fleet.call(chat -> chat.chat(request));
    }

    /**
     * One client over several servers of the same model ({@code llm.baseUrls}): least-in-flight
     * balancing, failed or unhealthy endpoints taken out and health-checked back (see {@link EndpointFleet}).
     *
     * @param template model, key, total concurrency, timeout and retries; its base URL is not used
     */
    public static OpenAiCompatibleClient fleet(List<String> baseUrls, OpenAiSettings template, Backoff backoff,
                                               Duration healthInterval) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("llm.baseUrls is empty");
        }
        List<OpenAiSettings> endpoints = baseUrls.stream().map(url -> new OpenAiSettings(url, template.model(),
                template.apiKey(), template.maxConcurrency(), template.timeout(), template.maxRetries())).toList();
        return new OpenAiCompatibleClient(endpoints, Objects.requireNonNull(backoff, "backoff"), healthInterval);
    }

    private static OpenAiChatModel chatModel(OpenAiSettings settings) {
        return OpenAiChatModel.builder()
                .baseUrl(settings.baseUrl())
                .apiKey(settings.apiKey())
                .modelName(settings.model())
                .timeout(settings.timeout())
                .maxRetries(0)
                .build();
    }

    /** A fleet's endpoints: requests answered, failures, whether each is in; empty for a single server. */
    public List<EndpointFleet.Status> endpoints() {
        return fleet == null ? List.of() : fleet.status();
    }

    @Override
    public void close() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Override
    public String backend() {
        return "openai";
    }

    @Override
    public String model() {
        return model;
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
        return sender.apply(request);
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
