package dev.jmlbench.suites.harness;

import dev.jmlbench.core.env.EnvironmentProbe;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.reports.ParityTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parity stage adds forward-parity figures per (task, engine) to the quality file, layer by layer for LeNet-5. */
class ParityRunTest {
    @TempDir
    Path out;

    private RunSettings settings() {
        return new RunSettings(out, List.of("iris-logreg", "lenet5-digits"), List.of("reference", "dl4j"), 1,
                Preset.SMOKE, Path.of("target", "native-cache"));
    }

    @Test
    void writesMaxDifferencesAndTheFirstDivergentLayerPerTaskAndEngine() throws Exception {
        RunSettings s = settings();
        ResultsJson.write(s.qualityFile(), new RunResults(RunResults.SCHEMA_VERSION, "parity-test",
                EnvironmentProbe.capture(1, Path.of("").toAbsolutePath()), List.of(), List.of(), List.of(), List.of(),
                List.of()));
        RunResults r = new ParityRun(s, System.err).run();
        List<Measurement> parity = r.measurements().stream()
                .filter(m -> ParityTable.SCENARIO.equals(m.scenario())).toList();
        for (String task : List.of("iris-logreg", "lenet5-digits")) {
            Measurement abs = parity.stream().filter(m -> m.task().equals(task) && m.engine().equals("dl4j")
                    && m.metric().equals(ParityTable.METRIC_MAX_ABS)).findFirst().orElseThrow();
            assertTrue(abs.value() > 0 && abs.value() < 1e-5, task + ": max |dp| " + abs.value()
                    + " (random probe weights: float32 rounding must show, but stay tiny)");
            assertEquals(ParityTable.NONE, abs.params().get(ParityTable.PARAM_FIRST_DIVERGENCE));
            assertEquals("layer by layer", abs.params().get(ParityTable.PARAM_COMPARISON));
            assertTrue(parity.stream().anyMatch(m -> m.task().equals(task) && m.metric()
                    .equals(ParityTable.METRIC_MAX_REL)), task + " relative figure");
        }
        Set<String> lenetKinds = parity.stream().filter(m -> m.task().equals("lenet5-digits")
                        && m.metric().equals(ParityTable.METRIC_LAYER_MAX_ABS))
                .map(m -> m.params().get(ParityTable.PARAM_KIND)).collect(Collectors.toSet());
        assertEquals(Set.of("Conv2D", "MaxPool2D", "Flatten", "Dense"), lenetKinds);
        assertFalse(parity.stream().anyMatch(m -> m.engine().equals("reference")), "no self-comparison");
        List<CellStatus> cells = r.cells().stream().filter(c -> ParityRun.STAGE.equals(c.stage())).toList();
        assertEquals(2, cells.size());
        assertTrue(cells.stream().allMatch(c -> c.status() == CellStatus.Status.OK), cells.toString());
        assertEquals(r.measurements().size(), ResultsJson.read(s.qualityFile()).measurements().size(), "saved");

        RunResults again = new ParityRun(s, System.err).run();
        assertEquals(r.measurements().size(), again.measurements().size(), "a rerun replaces, never duplicates");
        assertEquals(r.cells().size(), again.cells().size());
    }

    @Test
    void withoutTheQualityFileItSaysWhatToRunFirst() {
        RunSettings s = settings();
        assertFalse(Files.exists(s.qualityFile()));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ParityRun(s, System.err).run());
        assertTrue(e.getMessage().contains("quality.json") && e.getMessage().contains("--stage quality"),
                e.getMessage());
    }
}
