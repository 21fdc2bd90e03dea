package org.hitlbm.experiments.cli;

import java.io.PrintStream;
import java.util.List;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.chunk.UserChunks;
import org.hitlbm.data.io.Printable;
import org.hitlbm.data.prep.UserHistory;
import org.hitlbm.experiments.pipeline.InterestSession;
import org.hitlbm.experiments.pipeline.Pipeline;
import org.hitlbm.experiments.pipeline.Reporter;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecException;
import org.hitlbm.tree.prompt.ItemLines;

/**
 * {@code show-user SPEC.yaml --user U}: a user's chunks, their items, and the interest of each.
 * Titles, ids and interests come from data files and the LLM, so they are printed through
 * {@link Printable}: a control character (ESC, BEL, ...) is shown as {@code \x1b}, never sent to
 * the terminal.
 */
final class ShowUserCommand {
    private final PrintStream out;
    private final Reporter reporter;

    /** @param out where the user's view is printed; {@code reporter} hears the pipeline */
    ShowUserCommand(PrintStream out, Reporter reporter) {
        this.out = out;
        this.reporter = new Reporter.Forwarding(reporter) {
            @Override
            public void info(String line) {
                super.info(Printable.text(line));
            }
        };
    }

    void run(ResolvedConfig config, int user) {
        try (Pipeline.Run run = new Pipeline().open(config, reporter)) {
            show(run, user);
        }
    }

    private void show(Pipeline.Run run, int user) {
        PreparedData data = run.output(Pipeline.PREPARE);
        int index = -1;
        for (int i = 0; i < data.dataset().histories().size(); i++) {
            if (data.dataset().histories().get(i).user() == user) {
                index = i;
            }
        }
        if (index < 0) {
            throw new SpecException("--user " + user + ": no such user after preprocessing (users are dense ids 1.."
                    + data.dataset().raw().numUsers() + "; filtered users have no history)");
        }
        UserHistory h = data.dataset().histories().get(index);
        UserChunks chunks = data.chunks().get(index);
        InterestSession session = run.session();
        List<String> interests = session.cascade().interests(h, chunks);
        out.printf("user %d (%s): %d behaviors in %d chunks%n", user, Printable.line(data.dataset().raw().user(user).rawId()), h.size(),
                chunks.count());
        for (int c = 0; c < chunks.count(); c++) {
            out.printf("%n=== chunk %d: behaviors %d..%d ===%n", c + 1, chunks.start(c) + 1, chunks.end(c));
            for (int p = chunks.start(c); p < chunks.end(c); p++) {
                out.println("  " + Printable.line(ItemLines.line(data.dataset().raw().domain(), data.dataset().raw().item(h.items()[p]),
                        h.ratings()[p])) + "  [" + h.split(p).name().toLowerCase() + "]");
            }
            data.chunkTruth(index, c).ifPresent(t -> out.println("  truth: "
                    + Printable.line(data.dataset().raw().truth().orElseThrow().describe(t))));
            out.println("--- interest ---");
            out.println(Printable.text(interests.get(c)).indent(2).stripTrailing()); // shown first: indent() would eat a CR
        }
        out.println();
        out.println(session.stats());
    }
}
