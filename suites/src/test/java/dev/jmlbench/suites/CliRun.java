package dev.jmlbench.suites;

import dev.jmlbench.suites.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The command line run in-process, as the tests call it: its exit code and what it printed.
 *
 * @param code exit code
 * @param out  standard output
 * @param err  standard error (the command's messages)
 */
public record CliRun(int code, String out, String err) {
    /** Runs {@code jmlbench args...} in this JVM. */
    public static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
