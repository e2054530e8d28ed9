package dev.jmlbench.suites;

import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.suites.cli.Main;
import dev.jmlbench.suites.harness.Preset;
import dev.jmlbench.suites.harness.QualityRun;
import dev.jmlbench.suites.harness.RunSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    /** A folder an earlier build measured is not resumed: its figures would be recorded under this build's commit. */
    @Test
    void resumeRefusesAFolderThatAnotherCommitMeasured(@TempDir Path out) throws Exception {
        CliRun first = CliRun.of("run", "--stage", "quality", "--no-parity", "--isolation", "none", "--preset", "smoke",
                "--engines", "reference", "--tasks", "iris-logreg", "--out", out.toString());
        assertEquals(0, first.code(), first.err());
        Path quality = out.resolve("quality.json");
        org.junit.jupiter.api.Assumptions.assumeFalse("unknown".equals(ResultsJson.read(quality).environment()
                .gitCommit()), "a build outside a git checkout has no commit to compare");
        var mapper = ResultsJson.mapper();
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(quality.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("environment")).put("gitCommit", "0123abc");
        mapper.writeValue(quality.toFile(), root);
        byte[] before = Files.readAllBytes(quality);

        CliRun resumed = CliRun.of("run", "--stage", "quality", "--no-parity", "--isolation", "none", "--preset",
                "smoke", "--engines", "reference,tribuo", "--tasks", "iris-logreg", "--resume", "--out", out.toString());
        assertEquals(Main.USAGE, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("--resume: " + quality + " was measured at commit 0123abc")
                && resumed.err().contains("run without --resume into another --out"), resumed.err());
        assertArrayEquals(before, Files.readAllBytes(quality), "nothing measured was touched");
    }

    /** Where an interrupted run left the seeds it finished. */
    enum Interrupted {
        /** in-process run: the stage's own file */
        IN_PROCESS,
        /** an engine's child stopped by a time-out: the parent merged what it had written */
        CHILD_MERGED_BY_PARENT,
        /** parent and child stopped together: only the child's own file holds them */
        CHILD_FILE_ONLY
    }

    @ParameterizedTest
    @EnumSource(Interrupted.class)
    void resumeTrainsOnlyTheSeedsThatAnInterruptedCellHadNotFinished(Interrupted where, @TempDir Path out)
            throws Exception {
        RunSettings settings = new RunSettings(out, List.of("digits-random-forest"), List.of("reference"), 1,
                Preset.FULL, Path.of("target", "native-cache").toAbsolutePath());
        QualityRun.Isolation isolation = where == Interrupted.IN_PROCESS
                ? QualityRun.Isolation.NONE : QualityRun.Isolation.PROCESS;
        RunResults whole = new QualityRun(settings, System.err, isolation, Duration.ofMinutes(10), false).run();
        Map<String, Double> trainTimes = trainTimeBySeed(whole);
        assertEquals(5, trainTimes.size(), "the full preset trains 5 seeds: " + trainTimes);
        List<String> seeds = List.copyOf(trainTimes.keySet());
        Set<String> finished = Set.copyOf(seeds.subList(0, 3));

        // the run as an interruption during the fourth seed leaves it: three seeds' figures, no cell status
        RunResults cut = new RunResults(whole.schemaVersion(), whole.runId(), whole.environment(), whole.engines(),
                whole.tasks(), whole.datasets(), whole.measurements().stream()
                .filter(m -> finished.contains(m.params().get(Names.PARAM_SEED))).toList(), List.of(),
                whole.provenance());
        Path childFile = out.resolve("engines").resolve("reference").resolve("quality.json");
        Files.deleteIfExists(childFile);
        switch (where) {
            case IN_PROCESS, CHILD_MERGED_BY_PARENT -> ResultsJson.write(settings.qualityFile(), cut);
            case CHILD_FILE_ONLY -> {
                ResultsJson.write(childFile, cut);
                ResultsJson.write(settings.qualityFile(), new RunResults(cut.schemaVersion(), cut.runId(),
                        cut.environment(), List.of(), cut.tasks(), cut.datasets(), List.of(), List.of()));
            }
        }

        RunResults resumed = new QualityRun(settings, System.err, isolation, Duration.ofMinutes(10), true).run();
        Map<String, Double> after = trainTimeBySeed(resumed);
        assertEquals(Set.copyOf(seeds), after.keySet(), "every seed once: " + after);
        for (String seed : finished) {
            assertEquals(trainTimes.get(seed), after.get(seed), "seed " + seed + " was kept, not trained again");
        }
        assertEquals(5, resumed.measurements().stream().filter(m -> m.scenario().equals(Names.SCENARIO_QUALITY)
                && m.metric().equals(Names.METRIC_ACCURACY)).count(), "no figure twice");
        assertEquals(CellStatus.Status.OK, cell(resumed, "reference").status());
        assertEquals(1, resumed.cells().size(), resumed.cells().toString());
    }

    private static Map<String, Double> trainTimeBySeed(RunResults r) {
        return r.measurements().stream().filter(m -> m.scenario().equals(Names.SCENARIO_QUALITY)
                        && m.metric().equals(Names.METRIC_TRAIN_TIME))
                .collect(Collectors.toMap(m -> m.params().get(Names.PARAM_SEED), Measurement::value, (a, b) -> {
                    throw new AssertionError("a seed measured twice");
                }, java.util.LinkedHashMap::new));
    }

    @Test
    void everyFinishedSeedIsSavedBeforeTheNextOneTrains(@TempDir Path out) throws Exception {
        RunSettings settings = new RunSettings(out, List.of("digits-random-forest"), List.of("reference"), 1,
                Preset.FULL, Path.of("target", "native-cache").toAbsolutePath());
        // at the line of seed k's figures (printed before its checkpoint), the file holds the k seeds before it
        List<Long> savedWhenSeedEnded = new java.util.ArrayList<>();
        PrintStream log = new PrintStream(new java.io.OutputStream() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(int b) {
                if (b != '\n') {
                    line.append((char) b);
                    return;
                }
                if (line.toString().startsWith("[quality] digits-random-forest on reference")
                        && line.toString().contains(": accuracy ")) {
                    savedWhenSeedEnded.add(savedSeeds(settings.qualityFile()));
                }
                line.setLength(0);
            }
        }, true, StandardCharsets.UTF_8);
        new QualityRun(settings, log, QualityRun.Isolation.NONE, Duration.ofMinutes(10), false).run();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), savedWhenSeedEnded);
        assertEquals(5L, savedSeeds(settings.qualityFile()));
    }

    private static long savedSeeds(Path file) {
        try {
            return ResultsJson.read(file).measurements().stream().filter(m -> m.metric().equals(
                    Names.METRIC_ACCURACY) && m.scenario().equals(Names.SCENARIO_QUALITY)).count();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
