package org.hitlbm.experiments.spec;

import java.util.List;

/** One or more problems with an experiment spec, each naming file, line and key path. */
public class SpecException extends RuntimeException {
    private final List<String> problems;

    public SpecException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems in the spec:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public SpecException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
