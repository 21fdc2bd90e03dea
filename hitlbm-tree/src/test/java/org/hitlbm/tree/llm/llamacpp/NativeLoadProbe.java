package org.hitlbm.tree.llm.llamacpp;

import java.nio.file.Path;
import org.hitlbm.tree.llm.Generation;
import org.hitlbm.tree.llm.LlmException;

/**
 * The main class {@link LlamaCppChildJvmTest} runs in a child JVM (a JVM holds one llama.cpp
 * model): loads the GGUF named by the second argument and prints what happened on lines that
 * start with {@link #MARK}, the only lines it prints on purpose.
 * <ul>
 *   <li>{@code load PATH}: tries to load; prints "MARK loaded" or "MARK failed: message".</li>
 *   <li>{@code generate PATH}: loads, generates one greedy token; prints "MARK generated N tokens".</li>
 * </ul>
 */
final class NativeLoadProbe {
    static final String MARK = "PROBE-RESULT:";

    private NativeLoadProbe() {
    }

    public static void main(String[] args) {
        String mode = args[0];
        Path model = Path.of(args[1]);
        int status = 0;
        try {
            LlamaCppClient client = new LlamaCppClient(new LlamaCppSettings(model, TinyLlamaGguf.CONTEXT, 1));
            if (mode.equals("generate")) {
                Generation g = client.generate("Is the sky blue?", 1, 0, 1);
                System.out.println(MARK + " generated " + g.completionTokens() + " tokens");
            } else {
                System.out.println(MARK + " loaded");
            }
        } catch (LlmException e) {
            System.out.println(MARK + " failed: " + e.getMessage().replace('\n', ' '));
            status = 3;
        }
        System.out.flush();
        // de.kherud:llama 3.4.1 leaves a non-daemon server thread running, and its shutdown now
        // and then crashes; end the process without running the native teardown
        Runtime.getRuntime().halt(status);
    }
}
