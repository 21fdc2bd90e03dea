package org.hitlbm.experiments.pipeline;

import java.io.PrintStream;

/** The command line's reporter: progress, notes and warnings on {@code out}, errors on {@code err}, one line each. */
public final class PrintingReporter implements Reporter {
    private final PrintStream out;
    private final PrintStream err;

    public PrintingReporter(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void progress(String step, String line) {
        out.println("[" + step + "] " + line);
    }

    @Override
    public void info(String line) {
        out.println(line);
    }

    @Override
    public void warn(String line) {
        out.println(line);
    }

    @Override
    public void error(String line) {
        err.println(line);
    }
}
