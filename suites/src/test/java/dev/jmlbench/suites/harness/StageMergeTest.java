package dev.jmlbench.suites.harness;

import dev.jmlbench.core.env.EnvironmentProbe;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.reports.ParityTable;
import dev.jmlbench.suites.jmh.ForkCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The merge stage is where the stage files meet: quality, parity and studies each come from their own file, the
 * merged results hold all of them (tasks by id once), and no stage file is rewritten.
 */
class StageMergeTest {
    @Test
    void theTasksTimedForTrainingAloneGetTheirSpecs(@TempDir Path out) throws Exception {
        // the quick preset times lenet5-mnist's training alone (group jmh-training): no stage file holds its spec
        RunSettings s = new RunSettings(out, List.of(), List.of(), 1, Preset.QUICK, out.resolve("cache"));
        TaskSpec iris = irisQualityStage(s);

        RunResults merged = ResultsMerger.merge(s);

        List<String> trainingOnly = s.jmhTrainingOnlyTasks().stream().map(TaskSpec::id).toList();
        assertTrue(trainingOnly.contains("lenet5-mnist"), trainingOnly.toString());
        assertEquals(List.of(iris.id(), "lenet5-mnist"), merged.tasks().stream().map(TaskSpec::id).toList());
        assertEquals(TaskCatalogue.builtIn().get("lenet5-mnist"), merged.tasks().get(1));
    }

    @Test
    void theMergeCombinesEveryStageFileAndRewritesNone(@TempDir Path out) throws Exception {
        RunSettings s = new RunSettings(out, List.of(), List.of(), 1, Preset.SMOKE, out.resolve("cache"));
        TaskSpec iris = TaskCatalogue.builtIn().get("iris-logreg");
        TaskSpec lenet = TaskCatalogue.builtIn().get("lenet5-digits");
        Measurement accuracy = Measurement.of(iris.id(), "e1", Names.SCENARIO_QUALITY, Names.METRIC_ACCURACY)
                .value(0.97, Names.UNIT_FRACTION).samples(1L).quality(0.97, true).build();
        Measurement parity = Measurement.of(lenet.id(), "e1", ParityTable.SCENARIO, ParityTable.METRIC_MAX_ABS)
                .value(2e-7, ParityTable.UNIT_PROBABILITY).samples(32).build();
        Measurement scaling = Measurement.of(iris.id(), "e1", Names.SCENARIO_SCALING, Names.METRIC_TRAIN_TIME)
                .param(Names.PARAM_ROWS, "100").value(0.5, Names.UNIT_SECONDS).build();
        ResultsJson.write(s.qualityFile(), stage("quality-run", List.of(iris), accuracy,
                new CellStatus(iris.id(), "e1", Names.DEVICE_CPU, Names.STAGE_QUALITY, CellStatus.Status.OK, "")));
        ResultsJson.write(s.parityFile(), stage("parity-run", List.of(iris, lenet), parity,
                new CellStatus(lenet.id(), "e1", Names.DEVICE_CPU, ParityRun.STAGE, CellStatus.Status.OK, "")));
        ResultsJson.write(StudyRun.file(s), stage("studies-run", List.of(iris), scaling,
                new CellStatus(iris.id(), "e1", Names.DEVICE_CPU, "scaling", CellStatus.Status.OK, "")));
        byte[] qualityBefore = Files.readAllBytes(s.qualityFile());
        byte[] parityBefore = Files.readAllBytes(s.parityFile());

        RunResults merged = ResultsMerger.merge(s);

        assertEquals("quality-run", merged.runId(), "the quality stage's run id is the run's");
        assertEquals(List.of(iris.id(), lenet.id()), merged.tasks().stream().map(TaskSpec::id).toList());
        assertTrue(merged.measurements().containsAll(List.of(accuracy, parity, scaling)), merged.measurements()
                .toString());
        assertEquals(List.of(Names.STAGE_QUALITY, ParityRun.STAGE, "scaling"),
                merged.cells().stream().map(CellStatus::stage).toList());
        assertEquals(merged.measurements(), ResultsJson.read(s.resultsFile()).measurements());
        assertArrayEquals(qualityBefore, Files.readAllBytes(s.qualityFile()), "quality.json is not rewritten");
        assertArrayEquals(parityBefore, Files.readAllBytes(s.parityFile()), "parity.json is not rewritten");
    }

    @Test
    void forkChecksOfAJmhStageStoppedBeforeItsEndMakeNoFailedCellsAndOfAFinishedOneDo(@TempDir Path out)
            throws Exception {
        RunSettings s = new RunSettings(out, List.of(), List.of(), 1, Preset.SMOKE, out.resolve("cache"));
        TaskSpec iris = irisQualityStage(s);
        Files.createDirectories(s.jmhCheckDir());
        ResultsJson.mapper().writeValue(s.jmhCheckDir().resolve("check.json").toFile(), new ForkCheck(
                "dev.jmlbench.suites.jmh.InferenceBenchmark.batchThroughput", iris.id(), "e1", 1, 1, 0.97, true,
                "trained by the quality stage", "", 1, 42L, "", Names.DEVICE_CPU));

        RunResults stopped = ResultsMerger.merge(s);
        Files.writeString(s.jmhFile(), "[]");
        RunResults finished = ResultsMerger.merge(s);

        assertEquals(List.of(Names.STAGE_QUALITY), stopped.cells().stream().map(CellStatus::stage).toList(),
                "a stage without its jmh.json is unfinished: " + stopped.cells());
        List<CellStatus> jmh = finished.cells().stream().filter(c -> c.stage().equals(Names.STAGE_JMH)).toList();
        assertEquals(1, jmh.size(), finished.cells().toString());
        assertEquals(CellStatus.Status.FAILED, jmh.get(0).status());
    }

    /**
     * A JMH stage stopped in its second task: the merge reports the figures of the task it timed on every engine
     * (marked in jmh-parts) and leaves the interrupted task open, its part and its failed fork neither figure nor
     * failed cell.
     */
    @Test
    void theTasksAStoppedJmhStageFinishedAreReportedAndTheInterruptedOneIsOpen(@TempDir Path out) throws Exception {
        RunSettings s = new RunSettings(out, List.of(), List.of(), 1, Preset.SMOKE, out.resolve("cache"));
        TaskSpec iris = TaskCatalogue.builtIn().get("iris-logreg");
        TaskSpec wine = TaskCatalogue.builtIn().get("wine-logreg");
        List<Measurement> accuracies = new java.util.ArrayList<>();
        List<CellStatus> cells = new java.util.ArrayList<>();
        for (TaskSpec t : List.of(iris, wine)) {
            accuracies.add(Measurement.of(t.id(), "e1", Names.SCENARIO_QUALITY, Names.METRIC_ACCURACY)
                    .value(0.97, Names.UNIT_FRACTION).samples(1L).quality(0.97, true).build());
            cells.add(new CellStatus(t.id(), "e1", Names.DEVICE_CPU, Names.STAGE_QUALITY, CellStatus.Status.OK, ""));
        }
        ResultsJson.write(s.qualityFile(), new RunResults(RunResults.SCHEMA_VERSION, "quality-run",
                EnvironmentProbe.capture(1, Path.of("").toAbsolutePath()), List.of(), List.of(iris, wine), List.of(),
                accuracies, cells));
        Files.createDirectories(s.jmhPartDir());
        Files.createDirectories(s.jmhCheckDir());
        String training = "dev.jmlbench.suites.jmh.TrainingBenchmark.trainingThroughput";
        for (TaskSpec t : List.of(iris, wine)) {
            Files.writeString(s.jmhPartDir().resolve(t.id() + "__e1__training.json"), "[{\"benchmark\": \""
                    + training + "\", \"mode\": \"thrpt\", \"forks\": 1, \"jvmArgs\": [\"-Djmlbench.threads=1\"],"
                    + " \"jdkVersion\": \"17\", \"vmName\": \"VM\", \"params\": {\"engine\": \"e1\", \"task\": \""
                    + t.id() + "\"}, \"primaryMetric\": {\"score\": 2.0, \"scoreError\": 0.5, \"rawData\":"
                    + " [[1.5, 2.5]]}, \"secondaryMetrics\": {}}]");
        }
        Files.writeString(s.jmhPartDir().resolve("iris-logreg.done"), "2026-12-04T23:00:00Z\n");
        ResultsJson.mapper().writeValue(s.jmhCheckDir().resolve("iris.json").toFile(), new ForkCheck(training,
                iris.id(), "e1", 1, 16, 0.97, true, "trained by the quality stage", "", 1, 1L, "", Names.DEVICE_CPU));
        ResultsJson.mapper().writeValue(s.jmhCheckDir().resolve("wine.json").toFile(), new ForkCheck(training,
                wine.id(), "e1", 1, 16, Double.NaN, false, "", "stopped", 1, 2L, "", Names.DEVICE_CPU));

        RunResults merged = ResultsMerger.merge(s);

        List<Measurement> timed = merged.measurements().stream()
                .filter(m -> m.scenario().equals(Names.SCENARIO_TRAINING_THROUGHPUT)
                        && m.metric().equals(Names.METRIC_THROUGHPUT)).toList();
        assertEquals(List.of(iris.id()), timed.stream().map(Measurement::task).toList(), merged.measurements()
                .toString());
        assertEquals(0.97, timed.get(0).accuracy(), 1e-12, "verified by its fork's check");
        assertEquals(List.of(Names.STAGE_QUALITY, Names.STAGE_QUALITY), merged.cells().stream()
                .map(CellStatus::stage).toList(), "the interrupted task's failed fork is no failed cell: "
                + merged.cells());
    }

    /** Writes a quality stage of iris-logreg on engine e1 (one accuracy, one OK cell) for {@code s}. */
    private static TaskSpec irisQualityStage(RunSettings s) throws java.io.IOException {
        TaskSpec iris = TaskCatalogue.builtIn().get("iris-logreg");
        Measurement accuracy = Measurement.of(iris.id(), "e1", Names.SCENARIO_QUALITY, Names.METRIC_ACCURACY)
                .value(0.97, Names.UNIT_FRACTION).samples(1L).quality(0.97, true).build();
        ResultsJson.write(s.qualityFile(), stage("quality-run", List.of(iris), accuracy,
                new CellStatus(iris.id(), "e1", Names.DEVICE_CPU, Names.STAGE_QUALITY, CellStatus.Status.OK, "")));
        return iris;
    }

    private static RunResults stage(String runId, List<TaskSpec> tasks, Measurement m, CellStatus cell) {
        return new RunResults(RunResults.SCHEMA_VERSION, runId,
                EnvironmentProbe.capture(1, Path.of("").toAbsolutePath()), List.of(), tasks, List.of(), List.of(m),
                List.of(cell));
    }
}
