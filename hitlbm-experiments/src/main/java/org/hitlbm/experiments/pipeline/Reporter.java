package org.hitlbm.experiments.pipeline;

/**
 * Where library code sends its lines: stages, the grid runner and the commands report here and
 * never print. The CLI prints them ({@link PrintingReporter}); tests stay {@link #SILENT} or
 * record what they are told.
 */
public interface Reporter {
    /** A stage's line, printed as {@code [step] line}: step is the tag its lines carry (interests, hts, encode). */
    void progress(String step, String line);

    /** A line of its own ("data prepared in 0.3s ...", "experiment rq2: ..."); a grid run puts its run's label in front. */
    void info(String line);

    /** A problem the work survives, printed among the progress (stdout): e.g. an unusable cache entry, computed again. */
    void warn(String line);

    /** A problem for stderr: a run that failed, a tracking server that stopped answering. */
    void error(String line);

    /** Tells no one. */
    Reporter SILENT = new Reporter() {
        @Override
        public void progress(String step, String line) {
        }

        @Override
        public void info(String line) {
        }

        @Override
        public void warn(String line) {
        }

        @Override
        public void error(String line) {
        }
    };

    /** Passes everything on; subclasses change what they must (a run's label, visible control characters). */
    class Forwarding implements Reporter {
        private final Reporter next;

        public Forwarding(Reporter next) {
            this.next = next;
        }

        @Override
        public void progress(String step, String line) {
            next.progress(step, line);
        }

        @Override
        public void info(String line) {
            next.info(line);
        }

        @Override
        public void warn(String line) {
            next.warn(line);
        }

        @Override
        public void error(String line) {
            next.error(line);
        }
    }
}
