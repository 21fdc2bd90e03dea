package org.hitlbm.tree.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The reason a failed load reports, from llama.cpp's captured lines; no model is loaded here. */
class SharedLlamaModelCauseTest {
    private static final RuntimeException VAGUE = new RuntimeException("could not load model from given file path");

    @Test
    void anUnknownArchitectureIsQuotedWithTheWayOut() {
        List<String> lines = List.of("WARN llama_model_loader: something",
                "ERROR llama_model_load: error loading model: error loading model architecture: unknown model architecture: 'gemma3'",
                "ERROR llama_load_model_from_file: failed to load model");

        assertEquals("unknown model architecture: 'gemma3' (de.kherud:llama 3.4.1's llama.cpp does not know it;"
                + " run a newer llama.cpp through llm.backend llamacpp-server)", SharedLlamaModel.cause(lines, VAGUE));
    }

    @Test
    void otherwiseTheLastNativeErrorLine() {
        List<String> lines = List.of("ERROR llama_model_load: error loading model: tensor 'x' has wrong shape",
                "ERROR llama_load_model_from_file: failed to load model", "WARN a later warning");

        assertEquals("llama_load_model_from_file: failed to load model", SharedLlamaModel.cause(lines, VAGUE));
    }

    @Test
    void otherwiseTheExceptionMessage() {
        assertEquals("could not load model from given file path", SharedLlamaModel.cause(List.of("WARN only a warning"), VAGUE));
        assertEquals("java.lang.UnsatisfiedLinkError", SharedLlamaModel.cause(List.of(), new UnsatisfiedLinkError()));
    }
}
