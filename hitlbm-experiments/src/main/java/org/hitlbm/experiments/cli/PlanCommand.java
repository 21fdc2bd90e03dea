package org.hitlbm.experiments.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.hitlbm.data.PreparedData;
import org.hitlbm.experiments.pipeline.LlmPlan;
import org.hitlbm.experiments.pipeline.Pipeline;
import org.hitlbm.experiments.pipeline.Reporter;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecException;
import org.hitlbm.tree.llm.Generation;
import org.hitlbm.tree.llm.LlmClient;
import org.hitlbm.tree.llm.LlmClients;

/**
 * {@code plan SPEC.yaml [--tokens-per-second P,G | --probe]}: the LLM calls and tokens a run of one
 * cell will need per stage, what the call cache already answers, and the wall time of the rest at
 * P prompt and G generated tokens per second (given, or measured by two uncached calls against the
 * configured backend). Prepares the data (cached like any run's); asks no LLM unless --probe.
 */
final class PlanCommand {
    private static final int PROBE_WORDS = 120;
    private static final int PROBE_COMPLETION = 48;

    private final PrintStream out;
    private final Reporter reporter;

    PlanCommand(PrintStream out, Reporter reporter) {
        this.out = out;
        this.reporter = reporter;
    }

    /** Throughput, tokens per second. */
    record Throughput(double prompt, double generated, String source) {
        static Throughput parse(String text) {
            String[] parts = text.split(",");
            try {
                if (parts.length == 2) {
                    Throughput t = new Throughput(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()), "given");
                    if (t.prompt > 0 && t.generated > 0) {
                        return t;
                    }
                }
            } catch (NumberFormatException e) {
                // falls through to the one-line error
            }
            throw new SpecException("--tokens-per-second: expected two positive numbers P,G (prompt and generated tokens per"
                    + " second), got '" + text + "'");
        }
    }

    LlmPlan.Result run(ResolvedConfig config, String tokensPerSecond, boolean probe, Integer completionTokens) {
        Throughput given = tokensPerSecond == null ? null : Throughput.parse(tokensPerSecond);
        PreparedData data;
        try (Pipeline.Run run = new Pipeline().open(config, Reporter.SILENT)) {
            data = run.output(Pipeline.PREPARE);
        }
        LlmPlan.Result plan = LlmPlan.plan(config, data, completionTokens);
        Throughput throughput = given != null ? given : probe ? probe(config) : null;
        print(config, plan, throughput);
        return plan;
    }

    /**
     * Two uncached greedy calls: a long prompt answered with one token (prompt processing), then a
     * short prompt that makes the model write (generation, less the short prompt's share).
     */
    private Throughput probe(ResolvedConfig config) {
        reporter.progress("plan", "probing " + config.string("llm.backend") + " with two uncached calls");
        try (LlmClient llm = LlmClients.create(org.hitlbm.experiments.pipeline.InterestSession.settingsOf(config))) {
            long salt = System.nanoTime();
            long t0 = System.nanoTime();
            Generation read = llm.generate(probePrompt(salt), salt, 0.0, 1);
            double readSeconds = (System.nanoTime() - t0) / 1e9;
            int readTokens = read.promptTokens() > 0 ? read.promptTokens() : PROBE_WORDS * 3;
            double prompt = readTokens / readSeconds;
            long t1 = System.nanoTime();
            Generation write = llm.generate("Count from " + (salt % 1000) + " upwards, one number per line, and do not stop.", salt,
                    0.0, PROBE_COMPLETION);
            double writeSeconds = (System.nanoTime() - t1) / 1e9;
            int written = Math.max(1, write.completionTokens());
            double generationSeconds = Math.max(1e-3, writeSeconds - Math.max(1, write.promptTokens()) / prompt);
            return new Throughput(prompt, written / generationSeconds, String.format(Locale.ROOT,
                    "measured: %d prompt tokens read in %.1fs, %d tokens written in %.1fs", readTokens, readSeconds, written, writeSeconds));
        }
    }

    /** Distinct random words: no server prompt cache shortens them. */
    private static String probePrompt(long salt) {
        StringBuilder b = new StringBuilder("Summarise these words in one sentence: ");
        java.util.SplittableRandom r = new java.util.SplittableRandom(salt);
        for (int i = 0; i < PROBE_WORDS; i++) {
            b.append(Long.toString(r.nextLong(1L << 30), 36)).append(' ');
        }
        return b.toString();
    }

    private void print(ResolvedConfig config, LlmPlan.Result plan, Throughput throughput) {
        out.printf(Locale.ROOT, "plan: %s, %,d users, %,d chunks; llm %s (%s)%n", config.string("dataset.name"), plan.users(),
                plan.chunks(), plan.backend(), plan.model());
        out.printf(Locale.ROOT, "%-15s %12s %12s %12s %16s %16s%n", "stage", "calls", "cached", "to do", "prompt tokens", "completion tokens");
        for (LlmPlan.StageLine s : plan.stages()) {
            line(s);
        }
        if (!plan.stages().isEmpty()) {
            line(plan.total());
        }
        out.println("tokens are of the calls to do: " + plan.estimates().source());
        for (String note : plan.notes()) {
            out.println("note: " + note);
        }
        LlmPlan.StageLine total = plan.total();
        if (plan.stages().isEmpty()) {
            out.println("time: no LLM call to make");
        } else if (total.toDo() == 0) {
            out.println("time: nothing to do, the cache answers every call");
        } else if (throughput == null) {
            out.println("time: give --tokens-per-second P,G or --probe for an estimate");
        } else {
            double p = throughput.prompt();
            double g = throughput.generated();
            out.printf(Locale.ROOT, "time at %.1f prompt and %.1f generated tokens/s (%s), one request at a time: %s with a prefix"
                            + " cache that keeps recent prompts (llama-server's default; %,d prompt tokens not read again), %s"
                            + " reading every prompt whole; llm.concurrency against a batching server is far shorter%n", p, g,
                    throughput.source(), duration(total.secondsWithPrefixCache(p, g)), total.reusableTokens(), duration(total.seconds(p, g)));
            for (LlmPlan.StageLine s : plan.stages()) {
                if (s.toDo() > 0) {
                    out.printf(Locale.ROOT, "  %-15s %s (%s whole)%n", s.stage(), duration(s.secondsWithPrefixCache(p, g)),
                            duration(s.seconds(p, g)));
                }
            }
        }
    }

    private void line(LlmPlan.StageLine s) {
        out.printf(Locale.ROOT, "%-15s %,12d %,12d %,12d %,16d %,16d%n", s.stage(), s.calls(), s.cached(), s.toDo(), s.promptTokens(),
                s.completionTokens());
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 120) {
            return s + " s";
        }
        if (s < 2 * 3600) {
            return String.format(Locale.ROOT, "%d min", Math.round(s / 60.0));
        }
        if (s < 72 * 3600) {
            return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
        }
        return String.format(Locale.ROOT, "%.1f days", s / 86400.0);
    }
}
