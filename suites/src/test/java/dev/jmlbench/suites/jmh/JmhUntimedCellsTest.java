package dev.jmlbench.suites.jmh;

import dev.jmlbench.core.env.EnvironmentProbe;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.suites.harness.Preset;
import dev.jmlbench.suites.harness.RunSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cells the quality stage gave no model are not timed, and the log says why: an engine that cannot run the task
 * is named as such (the task is finished without it), a cell that failed is named as missing its model (the task
 * stays open for a resumed stage).
 */
class JmhUntimedCellsTest {

    /** A quality stage's results in {@code settings}' folder holding only {@code cells}. */
    private static void writeQuality(RunSettings settings, Path out, CellStatus... cells) throws Exception {
        ResultsJson.write(settings.qualityFile(), new RunResults(RunResults.SCHEMA_VERSION, "quality",
                EnvironmentProbe.capture(1, out), List.of(), List.of(), List.of(), List.of(), List.of(cells)));
    }

    @Test
    void anUnsupportedCellIsNamedUnsupportedAndAFailedOneAsMissingItsModel(@TempDir Path out) throws Exception {
        RunSettings settings = new RunSettings(out, List.of("digits-cart", "iris-logreg"), List.of("djl"), 1,
                Preset.SMOKE, Path.of("target", "native-cache").toAbsolutePath());
        String why = "DJL has no decision-tree learner";
        writeQuality(settings, out,
                new CellStatus("digits-cart", "djl", "cpu", "quality", CellStatus.Status.UNSUPPORTED, why),
                new CellStatus("iris-logreg", "djl", "cpu", "quality", CellStatus.Status.FAILED, "diverged"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<String> failed = new JmhStage(settings, new PrintStream(log, true, StandardCharsets.UTF_8), false).run();
        String text = log.toString(StandardCharsets.UTF_8);
        assertEquals(List.of(), failed, text);
        assertTrue(text.contains("[jmh] digits-cart on djl: not benchmarked, unsupported in the quality stage: " + why),
                text);
        assertFalse(text.contains("digits-cart on djl: not benchmarked, the quality stage"), text);
        assertTrue(text.contains("[jmh] iris-logreg on djl: not benchmarked, the quality stage in " + out
                + " did not produce a model"), text);
        Path parts = out.resolve("jmh-parts");
        assertTrue(Files.isRegularFile(parts.resolve("digits-cart.done")), "no engine can time it: finished");
        assertFalse(Files.exists(parts.resolve("iris-logreg.done")), "its model may still be trained: left open");
    }

    @Test
    void aTaskTimedWithoutAnEngineTheQualityStageTrainedItOnIsLeftOpen(@TempDir Path out) throws Exception {
        // --engines djl (unsupported here) while the quality stage trained digits-cart on the reference engine
        RunSettings settings = new RunSettings(out, List.of("digits-cart"), List.of("djl"), 1,
                Preset.SMOKE, Path.of("target", "native-cache").toAbsolutePath());
        writeQuality(settings, out,
                new CellStatus("digits-cart", "djl", "cpu", "quality", CellStatus.Status.UNSUPPORTED, "no trees"),
                new CellStatus("digits-cart", "reference", "cpu", "quality", CellStatus.Status.OK, ""));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<String> failed = new JmhStage(settings, new PrintStream(log, true, StandardCharsets.UTF_8), false).run();
        String text = log.toString(StandardCharsets.UTF_8);
        assertEquals(List.of(), failed, text);
        assertTrue(text.contains("[jmh] digits-cart: not marked timed, the quality stage trained it on reference too,"
                + " which --engines left out"), text);
        assertFalse(Files.exists(out.resolve("jmh-parts").resolve("digits-cart.done")),
                "a resumed stage must time it again on every engine");
    }

    @Test
    void aStageResumedWithFewerTasksStillReportsTheTasksTimedEarlierInItsFolder(@TempDir Path out) throws Exception {
        RunSettings settings = new RunSettings(out, List.of("digits-cart"), List.of("djl"), 1,
                Preset.SMOKE, Path.of("target", "native-cache").toAbsolutePath());
        writeQuality(settings, out,
                new CellStatus("digits-cart", "djl", "cpu", "quality", CellStatus.Status.UNSUPPORTED, "no trees"));
        Path parts = out.resolve("jmh-parts");
        Files.createDirectories(parts);
        // an earlier stage in this folder timed iris-logreg (and the calibration); this one is asked for digits-cart
        Files.writeString(parts.resolve("iris-logreg__reference.json"), "[ {\"benchmark\" : \"iris\"} ]");
        Files.writeString(parts.resolve("iris-logreg.done"), "2026-12-05T00:00:00Z\n");
        Files.writeString(parts.resolve("calibration__fma.json"), "[ {\"benchmark\" : \"fma\"} ]");
        Files.writeString(parts.resolve("calibration.done"), "2026-12-05T00:00:00Z\n");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<String> failed = new JmhStage(settings, new PrintStream(log, true, StandardCharsets.UTF_8), false, true)
                .run();
        String text = log.toString(StandardCharsets.UTF_8);
        assertEquals(List.of(), failed, text);
        var records = ResultsJson.mapper().readTree(settings.jmhFile().toFile());
        List<String> benchmarks = new java.util.ArrayList<>();
        records.forEach(r -> benchmarks.add(r.path("benchmark").asText()));
        assertEquals(List.of("fma", "iris"), benchmarks, "jmh.json keeps what this folder timed earlier");
        assertTrue(text.contains("[jmh] iris-logreg: kept from the earlier run"), text);
    }
}
