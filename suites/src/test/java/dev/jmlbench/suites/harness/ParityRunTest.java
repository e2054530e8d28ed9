package dev.jmlbench.suites.harness;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parity stage writes forward-parity figures per (task, engine) to its own file, layer by layer for LeNet-5,
 * without reading or writing any other stage's file.
 */
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
        RunResults r = new ParityRun(s, System.err).run();
        assertFalse(Files.exists(s.qualityFile()), "the parity stage needs no quality file and writes none");
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
        RunResults saved = ResultsJson.read(s.parityFile());
        assertEquals(r.measurements().size(), saved.measurements().size(), "saved");
        assertEquals(Set.of("dl4j", "reference"), saved.engines().stream().map(e -> e.id()).collect(Collectors.toSet()),
                "the engines it opened, with their versions");

        RunResults again = new ParityRun(s, System.err).run();
        assertEquals(r.measurements().size(), again.measurements().size(), "a rerun replaces, never duplicates");
        assertEquals(r.cells().size(), again.cells().size());

        // resumed with one task named: the other task's figures stay, the named one's are measured again
        RunSettings one = new RunSettings(out, List.of("lenet5-digits"), List.of("reference", "dl4j"), 1,
                Preset.SMOKE, Path.of("target", "native-cache"));
        RunResults resumed = new ParityRun(one, System.err, true).run();
        assertEquals(r.measurements().size(), resumed.measurements().size(), resumed.measurements().toString());
        assertTrue(resumed.measurements().stream().anyMatch(m -> m.task().equals("iris-logreg")));
        RunResults fresh = new ParityRun(one, System.err, false).run();
        assertTrue(fresh.measurements().stream().noneMatch(m -> m.task().equals("iris-logreg")),
                "without --resume the file holds only what this run compared");
        assertFalse(Files.exists(s.qualityFile()));
    }
}
