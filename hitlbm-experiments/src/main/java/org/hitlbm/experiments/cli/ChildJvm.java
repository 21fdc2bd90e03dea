package org.hitlbm.experiments.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command line in a child JVM that compiles with C1 only ({@code -XX:TieredStopAtLevel=1}).
 * Why: the Java side of training is thin glue around PyTorch calls, but C2 compiling it took about
 * 5 s of CPU per run and, on a 2-core machine, that time came out of training (measured on
 * MovieLens-100K, DeepFM, 4 epochs, 3 runs each: 8.3-9.3 s wall and 8.3-9.3 s CPU with C1 only,
 * 9.5-10.4 s wall and 13-15.5 s CPU with the default tiered compiler). The child inherits the
 * JVM options, the class path, the terminal and the environment; its exit code is returned.
 * {@code HITLBM_SAME_JVM=1}, or any explicit compiler choice among the JVM options, keeps
 * everything in this JVM.
 */
final class ChildJvm {
    static final String MARKER = "hitlbm.childJvm";

    private ChildJvm() {
    }

    /** @return the child's exit code, or empty when this JVM should do the work itself */
    static Optional<Integer> runIfUseful(String mainClass, String[] args) {
        List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments();
        Optional<String> java = ProcessHandle.current().info().command();
        if (System.getProperty(MARKER) != null || "1".equals(System.getenv("HITLBM_SAME_JVM")) || java.isEmpty()
                || jvmOptions.stream().anyMatch(o -> o.contains("TieredStopAtLevel") || o.contains("TieredCompilation"))) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(java.get());
        command.addAll(jvmOptions);
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-D" + MARKER + "=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        Process child;
        try {
            child = new ProcessBuilder(command).inheritIO().start();
        } catch (java.io.IOException e) {
            return Optional.empty(); // cannot start one: do the work here
        }
        Thread stopChild = new Thread(() -> {
            // killed (not interrupted at the terminal, where the child hears it too): stop the child the same way
            child.destroy();
            try {
                child.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(stopChild);
        int code;
        while (true) {
            try {
                code = child.waitFor();
                break;
            } catch (InterruptedException e) {
                // nothing here interrupts the main thread on purpose; the child's exit is what counts
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopChild);
        } catch (IllegalStateException e) {
            // shutting down already
        }
        return Optional.of(code);
    }
}
