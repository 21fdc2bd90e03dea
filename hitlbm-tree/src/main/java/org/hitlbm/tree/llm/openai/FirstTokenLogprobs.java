package org.hitlbm.tree.llm.openai;

import dev.langchain4j.model.openai.LogProb;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hitlbm.tree.llm.LlmException;
import org.hitlbm.tree.llm.YesNo;

/** P('Yes') from the top log-probabilities of the first generated token (choices[0].logprobs.content[0]). */
final class FirstTokenLogprobs {
    private FirstTokenLogprobs() {
    }

    /**
     * @param logProbs one entry per generated token, as langchain4j parsed them
     * @param source   names the server and model in the error message
     * @throws LlmException when the response carries no top log-probabilities for the first token
     */
    static YesNo.Answer yesNo(List<LogProb> logProbs, String source) {
        if (logProbs == null || logProbs.isEmpty()) {
            throw new LlmException(source + ": response has no choices[0].logprobs.content although logprobs were "
                    + "requested (does the server support logprobs?)");
        }
        List<LogProb> top = logProbs.get(0).topLogprobs();
        if (top == null || top.isEmpty()) {
            throw new LlmException(source + ": response has no top_logprobs for the first token although "
                    + "top_logprobs were requested");
        }
        Map<String, Double> probabilities = new HashMap<>();
        for (LogProb candidate : top) {
            if (candidate.token() == null || candidate.logprob() == null) {
                throw new LlmException(source + ": a first-token top_logprobs entry lacks its token or logprob: "
                        + candidate);
            }
            // distinct token ids can decode to the same text; their mass adds up
            probabilities.merge(candidate.token(), Math.exp(candidate.logprob()), Double::sum);
        }
        return YesNo.answer(probabilities);
    }
}
