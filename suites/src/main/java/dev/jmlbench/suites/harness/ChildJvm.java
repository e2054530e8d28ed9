package dev.jmlbench.suites.harness;

import dev.jmlbench.core.task.CatalogueFolders;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code jmlbench} command line in a child JVM with this JVM's flags and class path, so that one engine's
 * crash, native fault, out-of-memory error or process-wide setting cannot touch the others.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /** The java command that runs {@code dev.jmlbench.suites.cli.Main} with {@code args}. */
    static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(CatalogueFolders.jvmFlags()); // the run's catalogue, also when --catalogue named it
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.jmlbench.suites.cli.Main"));
        command.addAll(args);
        return command;
    }

    /**
     * Runs {@code args} in a child JVM that shares this one's standard streams.
     *
     * @return null when the child exited with status 0, else why it did not, for people
     */
    static String run(List<String> args, Duration timeout) {
        try {
            Process child = new ProcessBuilder(command(args)).inheritIO().start();
            if (!child.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                return "time-out: the engine's process ran longer than " + timeout.toMinutes()
                        + " min and was stopped";
            }
            if (child.exitValue() != 0) {
                return "the engine's process exited with status " + child.exitValue()
                        + " (a crash, an out-of-memory error or a native fault; see the log above)";
            }
            return null;
        } catch (IOException e) {
            return "the engine's process could not be started: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
