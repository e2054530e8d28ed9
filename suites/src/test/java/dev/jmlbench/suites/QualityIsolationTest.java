package dev.jmlbench.suites;

import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.suites.harness.Preset;
import dev.jmlbench.suites.harness.QualityRun;
import dev.jmlbench.suites.harness.RunSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The quality stage's isolation: engines in child JVMs, time-outs, and resuming an interrupted run. */
class QualityIsolationTest {

    private static RunSettings settings(Path out, List<String> engines) {
        return new RunSettings(out, List.of("iris-logreg"), engines, 1, Preset.SMOKE,
                Path.of("target", "native-cache").toAbsolutePath());
    }

    private static CellStatus cell(RunResults r, String engine) {
        return r.cells().stream().filter(c -> c.engine().equals(engine)).findFirst()
                .orElseThrow(() -> new AssertionError("no cell for " + engine + ": " + r.cells()));
    }

    @Test
    void enginesInChildProcessesAreMergedWithParityAcrossProcesses(@TempDir Path out) throws Exception {
        RunResults r = new QualityRun(settings(out, List.of("reference", "tribuo")), System.err,
                QualityRun.Isolation.PROCESS, Duration.ofMinutes(5), false).run();
        assertEquals(CellStatus.Status.OK, cell(r, "reference").status());
        assertEquals(CellStatus.Status.OK, cell(r, "tribuo").status());
        assertEquals(2, r.engines().size(), "both children's engine info is kept");
        Measurement parity = r.measurements().stream()
                .filter(m -> m.engine().equals("tribuo") && m.metric().equals(Names.METRIC_PARITY)).findFirst()
                .orElseThrow();
        assertTrue(parity.value() < 1e-4, "parity " + parity.value());
        assertTrue(Files.isRegularFile(out.resolve("models").resolve("iris-logreg__tribuo.params")),
                "the child's trained model is kept for the JMH forks");
        assertFalse(Files.exists(out.resolve("engines").resolve("tribuo").resolve("parity.json")),
                "a quality child runs the quality stage only: parity is the parent's stage");
        assertTrue(Files.isRegularFile(out.resolve("engines").resolve("tribuo").resolve("quality.json")));
    }

    @Test
    void anEngineThatRunsOutOfTimeIsMarkedFailedWithTheReason(@TempDir Path out) {
        RunResults r = new QualityRun(settings(out, List.of("reference")), System.err,
                QualityRun.Isolation.PROCESS, Duration.ZERO, false).run();
        CellStatus c = cell(r, "reference");
        assertEquals(CellStatus.Status.FAILED, c.status());
        assertTrue(c.reason().startsWith("time-out"), c.reason());
    }

    @Test
    void resumeKeepsFinishedCellsAndRunsOnlyTheRest(@TempDir Path out) {
        new QualityRun(settings(out, List.of("reference")), System.err).run();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        RunResults r = new QualityRun(settings(out, List.of("reference", "tribuo")),
                new PrintStream(log, true, StandardCharsets.UTF_8), QualityRun.Isolation.NONE, Duration.ofMinutes(5),
                true).run();
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("resuming"), text);
        assertFalse(text.contains("iris-logreg on reference: accuracy"), "the reference cell ran again:\n" + text);
        assertTrue(text.contains("iris-logreg on tribuo: accuracy"), text);
        assertEquals(CellStatus.Status.OK, cell(r, "reference").status());
        assertEquals(CellStatus.Status.OK, cell(r, "tribuo").status());
        assertEquals(1, r.measurements().stream().filter(m -> m.engine().equals("reference") && m.scenario().equals(Names.SCENARIO_QUALITY)
                && m.metric().equals(Names.METRIC_ACCURACY)).count());
    }
}
