package org.hitlbm.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cuts a text into pieces of at most {@link #MAX_TOKENS} word pieces, counted with the model's own tokenizer
 * (the tokenizer.json inside its jar, truncation off). Cuts fall between words, so each piece re-tokenises to
 * the same word pieces and fits the model's 512-position input with [CLS] and [SEP].
 */
final class TokenWindows implements AutoCloseable {
    /** 512 positions minus [CLS] and [SEP]: what langchain4j encodes without cutting. */
    static final int MAX_TOKENS = 510;

    /** A piece of the text and how many word pieces it holds. */
    record Window(String text, int tokens) {
    }

    private final HuggingFaceTokenizer tokenizer;
    private final int maxTokens;

    TokenWindows(InJarModel model) {
        this(model, MAX_TOKENS);
    }

    TokenWindows(InJarModel model, int maxTokens) {
        if (maxTokens < 1 || maxTokens > MAX_TOKENS) {
            throw new IllegalArgumentException("window size must be in 1.." + MAX_TOKENS + ", got " + maxTokens);
        }
        this.maxTokens = maxTokens;
        try (InputStream in = JarResources.open(model, model.tokenizerResource())) {
            tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "truncation", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException("reading tokenizer '" + model.tokenizerResource() + "'", e);
        }
    }

    /** Word pieces in the text, without [CLS]/[SEP]. */
    int count(String text) {
        return tokenizer.encode(text, false, false).getIds().length;
    }

    /** The text itself when it fits; otherwise consecutive pieces that each fit. */
    List<Window> split(String text) {
        Encoding encoding = tokenizer.encode(text, false, false);
        int n = encoding.getIds().length;
        if (n <= maxTokens) {
            return List.of(new Window(text, n));
        }
        CharSpan[] spans = encoding.getCharTokenSpans();
        long[] words = encoding.getWordIds();
        List<Window> windows = new ArrayList<>();
        int start = 0;
        while (start < n) {
            int end = Math.min(start + maxTokens, n);
            if (end < n) {
                int cut = end;
                while (cut > start && words[cut] >= 0 && words[cut] == words[cut - 1]) {
                    cut--; // don't split a word across windows
                }
                end = cut > start ? cut : end; // a single word longer than a window is cut inside
            }
            String piece = text.substring(utf16(text, spans[start].getStart()), utf16(text, spans[end - 1].getEnd()));
            windows.add(new Window(piece, end - start));
            start = end;
        }
        return windows;
    }

    /** Tokenizer offsets count code points; Java strings index UTF-16 units. */
    private static int utf16(String text, int codePoints) {
        return text.offsetByCodePoints(0, codePoints);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
