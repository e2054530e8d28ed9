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
     * Why a child that exited with {@code status} did not finish, for people; null for status 0. A status above 128
     * is a signal (128 + its number, as the shell reports it): SIGTERM and SIGINT come from outside (a user, a job
     * scheduler's time limit), SIGKILL also from the kernel's out-of-memory killer; other values are the JVM's own
     * exit after a crash or an error.
     */
    static String exitReason(int status) {
        if (status == 0) {
            return null;
        }
        return switch (status) {
            case 130, 143 -> "the engine's process was stopped from outside by " + (status == 130 ? "SIGINT" : "SIGTERM")
                    + " (exit status " + status + "; a user, or a job scheduler's time limit), not by the engine";
            case 137 -> "the engine's process was killed by SIGKILL (exit status 137): the system's out-of-memory"
                    + " killer, or a user or scheduler; see the log above";
            default -> "the engine's process exited with status " + status
                    + (status > 128 ? " (signal " + (status - 128) + ")" : "")
                    + " (a crash, an out-of-memory error or a native fault; see the log above)";
        };
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
            return exitReason(child.exitValue());
        } catch (IOException e) {
            return "the engine's process could not be started: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
