package dev.jmlbench.suites.harness;

import dev.jmlbench.core.data.RegressionData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EpochListener;
import dev.jmlbench.core.engine.Model;
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

    /** The engines of the long-sequence experiment's tests: the network engines on the test class path. */
    private static final List<String> NETWORK_ENGINES = List.of("reference", "djl", "dl4j");

    private static Engine open(String id) throws Exception {
        return Engines.find(id).open(new EngineConfig(1, Path.of("target", "native-cache")));
    }

    @Test
    void gradientNormsThroughTimeComeFromEachEngineAndAgreeOnIdenticalWeights() throws Exception {
        RegressionData train = Synthetic.addingProblem(64, 10, 3);
        java.util.Map<String, List<Double>> referenceNorms = new java.util.HashMap<>();
        for (String id : NETWORK_ENGINES) {
            try (Engine engine = open(id)) {
                for (String cell : LongSequenceStudy.CELLS) {
                    TaskSpec task = LongSequenceStudy.task(cell, 10);
                    if (!engine.supports(task).supported()) {
                        continue; // DL4J has no GRU
                    }
                    List<Double> norms = LongSequenceStudy.gradientNormsAtInit(engine, task, train).orElseThrow(
                            () -> new AssertionError(id + " offers no input gradient for " + cell));
                    assertEquals(10, norms.size(), id + " " + cell);
                    assertTrue(norms.stream().allMatch(n -> Double.isFinite(n) && n >= 0), id + " " + cell + " " + norms);
                    // the last step feeds the output directly; the first reaches it through 9 recurrent steps
                    assertTrue(norms.get(9) > norms.get(0), id + " " + cell + " " + norms);
                    if (id.equals("reference")) {
                        referenceNorms.put(cell, norms);
                    } else {
                        List<Double> ref = referenceNorms.get(cell);
                        for (int t = 0; t < 10; t++) {
                            assertEquals(ref.get(t), norms.get(t), 1e-4 * ref.get(9), id + " " + cell + " step " + t);
                        }
                    }
                }
            }
        }
    }

    /** The reference engine, its models without the optional input-gradient capability. */
    private static Engine withoutInputGradients(Engine engine) {
        return new Engine() {
            @Override
            public dev.jmlbench.core.engine.EngineInfo info() {
                return engine.info();
            }

            @Override
            public dev.jmlbench.core.engine.Support supports(TaskSpec task) {
                return engine.supports(task);
            }

            @Override
            public Model build(TaskSpec task) {
                Model m = engine.build(task);
                return new Model() {
                    @Override
                    public void importParameters(dev.jmlbench.core.params.Parameters p) {
                        m.importParameters(p);
                    }

                    @Override
                    public dev.jmlbench.core.params.Parameters exportParameters() {
                        return m.exportParameters();
                    }

                    @Override
                    public dev.jmlbench.core.engine.TrainingLog train(dev.jmlbench.core.data.LabeledData train) {
                        return m.train(train);
                    }

                    @Override
                    public dev.jmlbench.core.engine.TrainingLog trainRegression(RegressionData train,
                                                                            EpochListener listener) {
                        return m.trainRegression(train, listener);
                    }

                    @Override
                    public float[][] predict(float[][] features) {
                        return m.predict(features);
                    }

                    @Override
                    public void close() {
                        m.close();
                    }
                };
            }

            @Override
            public void close() {
                engine.close();
            }
        };
    }

    @Test
    void longSequenceStudyRecordsQualityStepTimeAndGradientNormsOnEveryEngine() throws Exception {
        for (String id : NETWORK_ENGINES) {
            List<Measurement> out = new ArrayList<>();
            List<CellStatus> cells = new ArrayList<>();
            try (Engine engine = open(id)) {
                new LongSequenceStudy(settings(), new PrintStream(new ByteArrayOutputStream()), 96, 32, 3)
                        .run(engine, id, out, cells);
            }
            assertTrue(cells.stream().noneMatch(c -> c.status() == CellStatus.Status.FAILED), id + " " + cells);
            for (int length : Preset.SMOKE.sequenceLengths()) {
                for (String cell : LongSequenceStudy.CELLS) {
                    List<Measurement> at = out.stream().filter(m -> m.engine().equals(id)
                            && m.scenario().equals(Names.SCENARIO_LONG_SEQUENCE)
                            && m.params().get(Names.PARAM_CELL).equals(cell)
                            && m.params().get(Names.PARAM_SEQUENCE_LENGTH).equals(Integer.toString(length))).toList();
                    if (at.isEmpty()) {
                        // only a cell the engine refuses (DL4J's GRU) has no figures, and it says so
                        assertTrue(cells.stream().anyMatch(c -> c.status() == CellStatus.Status.UNSUPPORTED
                                && c.reason().startsWith(cell + ", " + length + " steps: ")), id + " " + cells);
                        continue;
                    }
                    String where = id + " " + cell + " " + length + ": " + at;
                    Measurement step = figure(at, Names.METRIC_STEP_TIME, where);
                    assertTrue(step.value() > 0 && Double.isFinite(step.value()), where);
                    assertEquals(Names.UNIT_SECONDS, step.unit());
                    // three epochs reported: the median is over the two after the first
                    assertEquals(2, step.rawScores().size(), where);
                    assertTrue(step.rawScores().stream().allMatch(v -> v > 0), where);
                    assertTrue(step.value() * LongSequenceStudy.stepsPerEpoch(96, 32) * 3
                            <= figure(at, Names.METRIC_TRAIN_TIME, where).value() * 1.5, "3 epochs of "
                            + LongSequenceStudy.stepsPerEpoch(96, 32) + " steps take about the training time: " + where);
                    Measurement grad = figure(at, Names.METRIC_GRADIENT_NORM, where);
                    assertEquals(length, grad.rawScores().size(), where);
                    assertTrue(grad.value() > 0 && Double.isFinite(grad.value()), where);
                    assertEquals(grad.rawScores().get(0) / grad.rawScores().get(length - 1), grad.value(), 1e-12);
                    assertTrue(figure(at, Names.METRIC_RMSE, where).value() > 0, where);
                }
            }
        }
    }

    @Test
    void anEngineWithoutInputGradientsGetsAnUnsupportedCellNotAFigure() throws Exception {
        List<Measurement> out = new ArrayList<>();
        List<CellStatus> cells = new ArrayList<>();
        try (Engine engine = withoutInputGradients(open("reference"))) {
            new LongSequenceStudy(settings(), new PrintStream(new ByteArrayOutputStream()), 64, 16, 2)
                    .run(engine, "reference", out, cells);
        }
        assertTrue(out.stream().noneMatch(m -> m.metric().equals(Names.METRIC_GRADIENT_NORM)), out.toString());
        assertTrue(out.stream().anyMatch(m -> m.metric().equals(Names.METRIC_STEP_TIME)), out.toString());
        int points = Preset.SMOKE.sequenceLengths().size() * LongSequenceStudy.CELLS.size();
        List<CellStatus> refused = cells.stream().filter(c -> c.status() == CellStatus.Status.UNSUPPORTED).toList();
        assertEquals(points, refused.size(), cells.toString());
        assertTrue(refused.stream().allMatch(c -> c.reason().contains("no " + Names.METRIC_GRADIENT_NORM + " figure")
                && c.reason().contains("input gradient")), refused.toString());
    }

    @Test
    void stepTimeIsTheMedianOfTheEpochsAfterTheFirstOrTheWholeRunWithoutEpochs() {
        // epochs ending at 10 s, 12 s, 15 s, 16 s: the epochs after the first took 2, 3 and 1 s, of 4 steps each
        LongSequenceStudy.StepTime t = LongSequenceStudy.StepTime.of(List.of(10_000_000_000L, 12_000_000_000L,
                15_000_000_000L, 16_000_000_000L), 16.0, 4, 4);
        assertEquals(List.of(0.5, 0.75, 0.25), t.perEpoch());
        assertEquals(0.5, t.seconds(), 1e-12);
        LongSequenceStudy.StepTime whole = LongSequenceStudy.StepTime.of(List.of(), 16.0, 4, 4);
        assertEquals(1.0, whole.seconds(), 1e-12);
        assertTrue(whole.perEpoch().isEmpty());
        assertEquals(63, LongSequenceStudy.stepsPerEpoch(2000, 32));
    }

    private static Measurement figure(List<Measurement> at, String metric, String where) {
        return at.stream().filter(m -> m.metric().equals(metric)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric + " figure: " + where));
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
    void leakCheckRecordsTheResidentMemoryAndHeapSlopesOfAnInferenceRun() throws Exception {
        TaskSpec task = TaskCatalogue.builtIn().get("iris-logreg");
        try (Engine engine = Engines.find("reference").open(new EngineConfig(1, Path.of("target", "native-cache")))) {
            List<Measurement> ms = LeakCheck.run(engine, "reference", task, TaskData.load(task), 1.5, 1,
                    new PrintStream(new ByteArrayOutputStream()));
            assertEquals(List.of(LeakCheck.METRIC_RSS_SLOPE, LeakCheck.METRIC_HEAP_SLOPE),
                    ms.stream().map(Measurement::metric).toList());
            Measurement rss = ms.get(0);
            Measurement heap = ms.get(1);
            assertTrue(Double.isFinite(rss.value()) && Double.isFinite(heap.value()), rss.value() + ", " + heap.value());
            assertTrue(rss.rawScores().size() >= 4 && rss.rawScores().stream().allMatch(v -> v > 1),
                    rss.rawScores().toString());
            assertTrue(Long.parseLong(rss.params().get(Names.PARAM_CALLS)) > 100, rss.params().toString());
            // one heap sample per resident sample, each within the -Xmx the JVM was given
            assertEquals(rss.rawScores().size(), heap.rawScores().size());
            double maxHeapMib = Runtime.getRuntime().maxMemory() / 1048576.0;
            assertTrue(heap.rawScores().stream().allMatch(v -> v > 0 && v <= maxHeapMib), heap.rawScores().toString());
            assertEquals(rss.params(), heap.params());
        }
        double[] line = LeastSquares.slope(List.of(new double[] {0, 1}, new double[] {1, 3}, new double[] {2, 5}));
        assertEquals(2, line[0], 1e-12);
        assertEquals(0, line[1], 1e-12);
        // b = sxy / sxx = 4.5 / 5, se = sqrt(ssr / (n - 2) / sxx) = sqrt(0.7 / 2 / 5)
        double[] noisy = LeastSquares.slope(List.of(new double[] {0, 0}, new double[] {1, 1}, new double[] {2, 1},
                new double[] {3, 3}));
        assertEquals(0.9, noisy[0], 1e-12);
        assertEquals(Math.sqrt(0.07), noisy[1], 1e-12);
        double[] two = LeastSquares.slope(List.of(new double[] {0, 1}, new double[] {1, 3}));
        assertEquals(2, two[0], 1e-12);
        assertTrue(Double.isNaN(two[1]), "no residual degrees of freedom: " + two[1]);
        assertTrue(Double.isNaN(LeastSquares.slope(List.of(new double[] {0, 1}))[0]));
    }
}
