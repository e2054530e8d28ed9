package dev.jmlbench.suites.jmh;

import dev.jmlbench.suites.harness.Preset;
import dev.jmlbench.suites.harness.RunSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every JMH fork gets its thread budget in {@code OMP_NUM_THREADS} too, so that engines whose OpenMP pool reads
 * the environment when their native library loads (DL4J) follow the thread sweep like the others: the launcher the
 * stage hands JMH really starts a JVM that sees the budget, whatever the parent's environment says.
 */
class ForkLauncherTest {
    @Test
    void theForkLauncherStartsAJvmThatSeesItsThreadBudget(@TempDir Path dir) throws Exception {
        RunSettings settings = new RunSettings(dir, List.of(), List.of(), 1, Preset.SMOKE, dir.resolve("cache"));
        JmhStage stage = new JmhStage(settings, new PrintStream(java.io.OutputStream.nullOutputStream()));
        Path program = dir.resolve("PrintOmp.java");
        Files.writeString(program, "public class PrintOmp { public static void main(String[] a) {"
                + " System.out.print(System.getenv(\"OMP_NUM_THREADS\")); } }");
        for (int threads : new int[] {1, 2, 7}) {
            Path launcher = Path.of(stage.forkJvm(threads));
            assertTrue(Files.isExecutable(launcher), launcher.toString());
            Process p = new ProcessBuilder(launcher.toString(), program.toString()).redirectErrorStream(false)
                    .start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the forked JVM did not finish");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(Integer.toString(threads), out, "OMP_NUM_THREADS seen by a fork with " + threads + " threads");
        }
    }
}
