package org.hitlbm.tree.llm.llamacpp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A llama-architecture GGUF with seeded random F32 weights and a toy SentencePiece ("llama")
 * vocabulary, small enough to write in a test: an engine fixture, not a language model.
 * The vocabulary holds all 256 byte tokens because llama.cpp's SPM tokenizer falls back to them
 * for any character it does not know (and looks up "<0x0A>" for the newline at load time).
 */
final class TinyLlamaGguf {
    static final int EMBEDDING = 32;
    static final int LAYERS = 2;
    static final int HEADS = 2;
    static final int FEED_FORWARD = 64;
    static final int CONTEXT = 256;
    private static final float STEER = 4f;
    private static final float YES_LIFT = 1.2f;
    private static final float NO_LIFT = 1.0f;

    private static final int TYPE_NORMAL = 1;
    private static final int TYPE_UNKNOWN = 2;
    private static final int TYPE_CONTROL = 3;
    private static final int TYPE_BYTE = 6;

    private TinyLlamaGguf() {
    }

    /** Writes the model to {@code file}; the same seed gives the same bytes. */
    static void write(Path file, long seed) throws IOException {
        write(file, seed, "llama");
    }

    /**
     * The same file with {@code general.architecture} set to {@code architecture} (the keys and
     * tensors stay llama's): another name, e.g. "gemma3", makes a GGUF of an architecture the
     * bundled llama.cpp may not know.
     */
    static void write(Path file, long seed, String architecture) throws IOException {
        Vocabulary vocab = vocabulary();
        int nVocab = vocab.tokens.size();
        Random random = new Random(seed);
        GgufWriter gguf = new GgufWriter()
                .put("general.architecture", architecture)
                .put("general.name", "hitlbm-tiny-random")
                .put("general.alignment", new GgufWriter.UInt32(GgufWriter.ALIGNMENT))
                .put("general.file_type", new GgufWriter.UInt32(0))
                .put("llama.context_length", new GgufWriter.UInt32(CONTEXT))
                .put("llama.embedding_length", new GgufWriter.UInt32(EMBEDDING))
                .put("llama.block_count", new GgufWriter.UInt32(LAYERS))
                .put("llama.feed_forward_length", new GgufWriter.UInt32(FEED_FORWARD))
                .put("llama.attention.head_count", new GgufWriter.UInt32(HEADS))
                .put("llama.attention.head_count_kv", new GgufWriter.UInt32(HEADS))
                .put("llama.rope.dimension_count", new GgufWriter.UInt32(EMBEDDING / HEADS))
                .put("llama.attention.layer_norm_rms_epsilon", 1e-5f)
                .put("llama.vocab_size", new GgufWriter.UInt32(nVocab))
                .put("tokenizer.ggml.model", "llama")
                .put("tokenizer.ggml.tokens", vocab.tokens.toArray(new String[0]))
                .put("tokenizer.ggml.scores", vocab.scores())
                .put("tokenizer.ggml.token_type", vocab.types())
                .put("tokenizer.ggml.unknown_token_id", new GgufWriter.UInt32(0))
                .put("tokenizer.ggml.bos_token_id", new GgufWriter.UInt32(1))
                .put("tokenizer.ggml.eos_token_id", new GgufWriter.UInt32(2))
                .put("tokenizer.ggml.add_bos_token", true)
                .put("tokenizer.ggml.add_eos_token", false);

        float[] embeddings = gaussian(random, EMBEDDING * nVocab, 1.0f);
        for (int token = 0; token < nVocab; token++) {
            embeddings[token * EMBEDDING] = STEER; // a constant direction every hidden state carries
        }
        gguf.tensor("token_embd.weight", embeddings, EMBEDDING, nVocab);
        for (int layer = 0; layer < LAYERS; layer++) {
            String blk = "blk." + layer + ".";
            float attnScale = (float) (1 / Math.sqrt(EMBEDDING));
            gguf.tensor(blk + "attn_norm.weight", ones(EMBEDDING), EMBEDDING);
            gguf.tensor(blk + "attn_q.weight", gaussian(random, EMBEDDING * EMBEDDING, attnScale), EMBEDDING, EMBEDDING);
            gguf.tensor(blk + "attn_k.weight", gaussian(random, EMBEDDING * EMBEDDING, attnScale), EMBEDDING, EMBEDDING);
            gguf.tensor(blk + "attn_v.weight", gaussian(random, EMBEDDING * EMBEDDING, attnScale), EMBEDDING, EMBEDDING);
            gguf.tensor(blk + "attn_output.weight", gaussian(random, EMBEDDING * EMBEDDING, attnScale), EMBEDDING, EMBEDDING);
            gguf.tensor(blk + "ffn_norm.weight", ones(EMBEDDING), EMBEDDING);
            gguf.tensor(blk + "ffn_gate.weight", gaussian(random, EMBEDDING * FEED_FORWARD, attnScale), EMBEDDING, FEED_FORWARD);
            gguf.tensor(blk + "ffn_up.weight", gaussian(random, EMBEDDING * FEED_FORWARD, attnScale), EMBEDDING, FEED_FORWARD);
            gguf.tensor(blk + "ffn_down.weight", gaussian(random, FEED_FORWARD * EMBEDDING,
                    (float) (1 / Math.sqrt(FEED_FORWARD))), FEED_FORWARD, EMBEDDING);
        }
        gguf.tensor("output_norm.weight", ones(EMBEDDING), EMBEDDING);
        // Logit scale about 1 keeps the next-token distribution broad but not flat; reading the
        // constant direction lifts the Yes/No pieces into the first-token candidates, Yes a bit more.
        float[] output = gaussian(random, EMBEDDING * nVocab, (float) (1 / Math.sqrt(EMBEDDING)));
        for (int token = 0; token < nVocab; token++) {
            String piece = vocab.tokens.get(token).replace("\u2581", "");
            if (piece.equals("Yes")) {
                output[token * EMBEDDING] = YES_LIFT;
            } else if (piece.equals("No")) {
                output[token * EMBEDDING] = NO_LIFT;
            }
        }
        gguf.tensor("output.weight", output, EMBEDDING, nVocab);
        gguf.write(file);
    }

    /** Special tokens, the 256 byte tokens, then letters, digits, punctuation and Yes/No pieces. */
    static Vocabulary vocabulary() {
        Vocabulary v = new Vocabulary();
        v.add("<unk>", TYPE_UNKNOWN);
        v.add("<s>", TYPE_CONTROL);
        v.add("</s>", TYPE_CONTROL);
        v.add("<|im_start|>", TYPE_CONTROL);
        v.add("<|im_end|>", TYPE_CONTROL);
        for (int b = 0; b < 256; b++) {
            v.add(String.format("<0x%02X>", b), TYPE_BYTE);
        }
        v.add("\u2581", TYPE_NORMAL);
        for (char c = 'a'; c <= 'z'; c++) {
            v.add(String.valueOf(c), TYPE_NORMAL);
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            v.add(String.valueOf(c), TYPE_NORMAL);
        }
        for (char c = '0'; c <= '9'; c++) {
            v.add(String.valueOf(c), TYPE_NORMAL);
        }
        for (String p : new String[] {".", ",", "?", "!", ":", "'", "\n"}) {
            v.add(p, TYPE_NORMAL);
        }
        // SPM merges adjacent pieces only into pieces in the vocabulary, so each word needs its prefixes.
        for (String piece : new String[] {"Ye", "Yes", "\u2581Y", "\u2581Ye", "\u2581Yes", "No", "\u2581N", "\u2581No",
                "ye", "yes", "\u2581y", "\u2581ye", "\u2581yes", "no", "\u2581n", "\u2581no"}) {
            v.add(piece, TYPE_NORMAL);
        }
        return v;
    }

    static final class Vocabulary {
        final List<String> tokens = new ArrayList<>();
        final List<Integer> types = new ArrayList<>();

        private void add(String token, int type) {
            tokens.add(token);
            types.add(type);
        }

        /** Longer pieces score higher so SPM prefers them when merging. */
        float[] scores() {
            float[] scores = new float[tokens.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = types.get(i) == TYPE_NORMAL ? tokens.get(i).length() - i * 1e-3f : 0f;
            }
            return scores;
        }

        int[] types() {
            return types.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }

    private static float[] gaussian(Random random, int n, float std) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (random.nextGaussian() * std);
        }
        return a;
    }
}
