package org.hitlbm.tree.llm;

/**
 * What HiT-LBM needs from a language model: sampled text, and the probability that the first
 * answer token is "Yes" (the rating labels of HTS, SPEC Eq. 3-5). Implementations: the offline
 * stand-in (not an LLM), any OpenAI-compatible server, and in-process GGUF through llama.cpp.
 */
public interface LlmClient extends AutoCloseable {
    /** "offline", "openai", "llamacpp" or "llamacpp-server": part of every cache key. */
    String backend();

    /** The model's identity (server model name, GGUF file name and size): part of every cache key. */
    String model();

    /**
     * One completion of a chat-style prompt (sent as a single user message).
     *
     * @param seed        makes sampling repeatable where the backend supports it; Best-of-N is N seeds
     * @param temperature 0 is greedy
     * @param maxTokens   generation limit
     * @throws LlmException naming the backend and what went wrong (unreachable, bad response, ...)
     */
    Generation generate(String prompt, long seed, double temperature, int maxTokens);

    /**
     * P('Yes') for the first answer token, normalised over the Yes/No token variants
     * ("Yes", " yes", "YES", "No", ...): P(yes variants) / (P(yes variants) + P(no variants)).
     * 0.5 when the model puts no mass on either.
     */
    double yesProbability(String prompt);

    /**
     * {@link #yesProbability} with the probability mass the Yes/No variants held, for the output
     * guard ({@code llm.minYesNoMass}). Backends that see the distribution override it; the
     * default reports the mass as unknown (NaN), which no guard rejects.
     */
    default YesNo.Answer yesNo(String prompt) {
        return new YesNo.Answer(yesProbability(prompt), Double.NaN);
    }

    @Override
    default void close() {
    }
}
