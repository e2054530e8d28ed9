package dev.jmlbench.suites.harness;

import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.Synthetic;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudiesTest {
    private static RunSettings settings() {
        return new RunSettings(Path.of("target", "studies-test"), List.of(), List.of("reference"), 1, Preset.SMOKE,
                Path.of("target", "native-cache"));
    }

    @Test
    void growthExponentOfAPowerLawIsRecoveredExactly() {
        List<double[]> points = List.of(new double[] {1000, 3 * Math.pow(1000, 1.5)},
                new double[] {5000, 3 * Math.pow(5000, 1.5)}, new double[] {20000, 3 * Math.pow(20000, 1.5)});
        double[] fit = ScalingStudy.Growth.fit(points);
        assertEquals(1.5, fit[0], 1e-9);
        assertEquals(0, fit[1], 1e-6);
        double[] two = ScalingStudy.Growth.fit(points.subList(0, 2));
        assertEquals(1.5, two[0], 1e-9);
        assertTrue(Double.isNaN(two[1]), "no standard error from two points");
    }

    @Test
    void scalingStudyRecordsTimeMemoryQualityAndExponentPerSize() throws Exception {
        TaskSpec task = TaskCatalogue.builtIn().get("digits-logreg");
        TaskData data = TaskData.load(task);
        List<Measurement> out = new ArrayList<>();
        List<CellStatus> cells = new ArrayList<>();
        try (Engine engine = Engines.find("reference").open(new EngineConfig(1, Path.of("target", "native-cache")))) {
            new ScalingStudy(settings(), new PrintStream(new ByteArrayOutputStream())).run(engine, "reference", task,
                    data, out, cells);
        }
        assertEquals(CellStatus.Status.OK, cells.get(0).status(), cells.toString());
        for (int rows : Preset.SMOKE.scalingRows()) {
            List<Measurement> at = out.stream().filter(m -> m.scenario().equals(Names.SCENARIO_SCALING)
                    && m.params().get(Names.PARAM_ROWS).equals(Integer.toString(rows))).toList();
            assertTrue(at.stream().anyMatch(m -> m.metric().equals(Names.METRIC_TRAIN_TIME) && m.value() > 0), "" + at);
            assertTrue(at.stream().anyMatch(m -> m.metric().equals(Names.METRIC_ACCURACY) && m.value() > 0.5), "" + at);
            assertTrue(at.stream().anyMatch(m -> m.metric().equals(Names.METRIC_PEAK_HEAP) && m.value() > 0), "" + at);
        }
        Measurement exponent = out.stream().filter(m -> m.scenario().equals(Names.SCENARIO_SCALING_FIT)
                && m.params().get(Names.PARAM_OF).equals(Names.METRIC_TRAIN_TIME)).findFirst().orElseThrow();
        assertTrue(Double.isFinite(exponent.value()), "exponent " + exponent.value());
    }

    @Test
    void gradientNormsThroughTimeHaveOneFiniteValuePerStep() {
        for (String cell : LongSequenceStudy.CELLS) {
            TaskSpec task = LongSequenceStudy.task(cell, 10);
            List<Double> norms = LongSequenceStudy.gradientNormsAtInit(task, Synthetic.addingProblem(64, 10, 3));
            assertEquals(10, norms.size(), cell);
            assertTrue(norms.stream().allMatch(n -> Double.isFinite(n) && n >= 0), cell + " " + norms);
            // the last step feeds the output directly; the first reaches it through 9 recurrent steps
            assertTrue(norms.get(9) > norms.get(0), cell + " " + norms);
        }
    }

    @Test
    void dlVsClassicBlockGroupsTheLearnersOfOneDataset() {
        TaskCatalogue c = TaskCatalogue.builtIn();
        List<TaskSpec> tasks = List.of(c.get("digits-random-forest"), c.get("lenet5-digits"), c.get("iris-logreg"));
        List<Measurement> m = new ArrayList<>();
        for (TaskSpec t : tasks) {
            m.add(Measurement.of(t.id(), "reference", Names.SCENARIO_QUALITY, Names.METRIC_ACCURACY)
                    .value(0.95, Names.UNIT_FRACTION).samples(1).quality(0.95, true).build());
        }
        RunResults r = new RunResults(RunResults.SCHEMA_VERSION, "r", null, List.of(), tasks, List.of(), m, List.of());
        List<Measurement> block = DlVsClassic.block(r);
        assertEquals(2, block.size(), "iris has no classic algorithm task: " + block);
        assertTrue(block.stream().allMatch(b -> b.params().get(Names.PARAM_DATASET).equals("digits")));
        assertTrue(block.stream().anyMatch(b -> b.params().get(Names.PARAM_LEARNER).equals("random forest")));
        assertTrue(block.stream().anyMatch(b -> b.params().get(Names.PARAM_LEARNER).startsWith("CNN")));
    }

    @Test
    void leakCheckRecordsTheResidentMemorySlopeOfAnInferenceRun() throws Exception {
        TaskSpec task = TaskCatalogue.builtIn().get("iris-logreg");
        try (Engine engine = Engines.find("reference").open(new EngineConfig(1, Path.of("target", "native-cache")))) {
            Measurement m = LeakCheck.run(engine, "reference", task, TaskData.load(task), 1.5, 1,
                    new PrintStream(new ByteArrayOutputStream()));
            assertEquals(LeakCheck.METRIC_RSS_SLOPE, m.metric());
            assertTrue(Double.isFinite(m.value()), "slope " + m.value());
            assertTrue(m.rawScores().size() >= 4 && m.rawScores().stream().allMatch(v -> v > 1), m.rawScores().toString());
            assertTrue(Long.parseLong(m.params().get("calls")) > 100, m.params().toString());
        }
        double[] line = LeastSquares.slope(List.of(new double[] {0, 1}, new double[] {1, 3}, new double[] {2, 5}));
        assertEquals(2, line[0], 1e-12);
        assertEquals(0, line[1], 1e-12);
    }
}
