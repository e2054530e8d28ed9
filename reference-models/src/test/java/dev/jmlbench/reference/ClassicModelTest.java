package dev.jmlbench.reference;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.RegressionData;
import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EpochListener;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.ClassicAlgorithm;
import dev.jmlbench.core.task.DatasetRef;
import dev.jmlbench.core.task.QualityTarget;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskFamily;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.Datasets;
import dev.jmlbench.reference.classic.DecisionTree;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CART and random-forest tasks through the engine SPI: support, the digits tasks' quality targets, thread-count
 * independence, parameters, provenance and bad input.
 */
class ClassicModelTest {
    private static final TaskCatalogue CATALOGUE = TaskCatalogue.builtIn();

    private static Engine open(int threads) {
        return new ReferenceEngineProvider().open(new EngineConfig(threads, Path.of("target")));
    }

    private static TaskSpec classic(ClassicAlgorithm algorithm) {
        return new TaskSpec("test-classic", "a classic task made by the test", TaskFamily.CLASSIC,
                new DatasetRef("iris", 0.2, 42), new QualityTarget(QualityTarget.Metric.ACCURACY, 0.5), algorithm);
    }

    @Test
    void supportsCartAndForestsAndRefusesBoostingAndLiblinearWithTheReason() {
        try (Engine engine = open(1)) {
            assertEquals(Support.yes(), engine.supports(CATALOGUE.get("digits-cart")));
            assertEquals(Support.yes(), engine.supports(CATALOGUE.get("digits-random-forest")));
            assertEquals(Support.yes(), engine.supports(CATALOGUE.get("mnist-random-forest")));
            Support xgboost = engine.supports(CATALOGUE.get("digits-xgboost"));
            assertFalse(xgboost.supported());
            assertTrue(xgboost.reason().contains("no gradient boosting"), xgboost.reason());
            Support liblinear = engine.supports(CATALOGUE.get("digits-liblinear"));
            assertFalse(liblinear.supported());
            assertTrue(liblinear.reason().contains("no LIBLINEAR solver"), liblinear.reason());
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> engine.build(CATALOGUE.get("digits-xgboost")));
            assertTrue(e.getMessage().startsWith("reference engine cannot run task digits-xgboost: the reference"
                    + " engine has no gradient boosting"), e.getMessage());
        }
    }

    @Test
    void digitsCartReachesItsTargetAndReportsItsSize() {
        TaskSpec task = CATALOGUE.get("digits-cart");
        TrainTestData data = Datasets.load(task.dataset());
        try (Engine engine = open(1); Model model = engine.build(task)) {
            model.importParameters(new Parameters(Map.of()));
            long start = System.nanoTime();
            TrainingLog log = model.train(data.train());
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(log.epochLosses().isEmpty(), "a tree has no epochs");
            float[][] p = model.predict(data.test().features());
            double accuracy = RealDataTrainingTest.accuracy(p, data.test().labels());
            Map<String, String> provenance = model.provenance();
            System.out.printf("[reference] digits-cart: test accuracy %.4f, fit %.3f s, %s%n", accuracy, seconds,
                    provenance);
            assertTrue(task.target().isMetBy(accuracy), "accuracy " + accuracy + " misses " + task.target().describe());
            for (float[] row : p) {
                assertEquals(10, row.length);
                double sum = 0;
                for (float v : row) {
                    assertTrue(v >= 0 && v <= 1, "probability " + v);
                    sum += v;
                }
                assertEquals(1, sum, 1e-5);
            }
            assertEquals("14", provenance.get("maxDepth"));
            assertEquals("1", provenance.get("minSamplesLeaf"));
            int depth = Integer.parseInt(provenance.get("depth"));
            int nodes = Integer.parseInt(provenance.get("nodeCount"));
            assertTrue(depth >= 8 && depth <= 14, "depth " + depth);
            assertTrue(nodes > 50 && nodes % 2 == 1, "a binary tree has an odd node count, got " + nodes);
            // the same tree as the classic package grows directly
            DecisionTree direct = DecisionTree.fit(data.train().features(), data.train().labels(), 10,
                    new DecisionTree.Params(14, 1, 0), 0);
            assertEquals(direct.nodeCount(), nodes);
            assertArrayEquals(direct.predict(data.test().features()[3]), p[3]);
        }
    }

    @Test
    void digitsRandomForestReachesTheFloorAndIsTheSameOnOneAndTwoThreads() {
        TaskSpec task = CATALOGUE.get("digits-random-forest");
        TrainTestData data = Datasets.load(task.dataset());
        float[][][] probabilities = new float[2][][];
        for (int threads = 1; threads <= 2; threads++) {
            try (Engine engine = open(threads); Model model = engine.build(task)) {
                long start = System.nanoTime();
                model.train(data.train());
                double seconds = (System.nanoTime() - start) / 1e9;
                probabilities[threads - 1] = model.predict(data.test().features());
                double accuracy = RealDataTrainingTest.accuracy(probabilities[threads - 1], data.test().labels());
                Map<String, String> provenance = model.provenance();
                System.out.printf("[reference] digits-random-forest on %d thread(s): test accuracy %.4f, fit %.3f s,"
                        + " %s%n", threads, accuracy, seconds, provenance);
                assertTrue(accuracy >= 0.93, "accuracy " + accuracy);
                assertTrue(task.target().isMetBy(accuracy), "accuracy " + accuracy);
                assertEquals("8", provenance.get("featuresPerSplit"), "max(1, round(0.125 * 64))");
                assertEquals("50", provenance.get("trees"));
                assertEquals(Integer.toString(threads), provenance.get("threads"));
                assertTrue(Integer.parseInt(provenance.get("depth")) <= 16, provenance.toString());
            }
        }
        for (int i = 0; i < probabilities[0].length; i++) {
            assertArrayEquals(probabilities[0][i], probabilities[1][i], "test row " + i + ": 1 vs 2 threads");
        }
    }

    @Test
    void featuresPerSplitRoundsTheFractionAndKeepsAtLeastOne() {
        assertEquals(8, ClassicModel.featuresPerSplit(0.125, 64));
        assertEquals(28, ClassicModel.featuresPerSplit(0.0357, 784));
        assertEquals(1, ClassicModel.featuresPerSplit(0.01, 4));
        assertEquals(2, ClassicModel.featuresPerSplit(0.5, 3), "round half up: 1.5 -> 2");
        assertEquals(13, ClassicModel.featuresPerSplit(1.0, 13));
    }

    @Test
    void parametersAreEmptyAndAnythingElseIsRefused() {
        TaskSpec cart = classic(new ClassicAlgorithm.Cart(3, 1));
        TrainTestData iris = Datasets.load(cart.dataset());
        try (Engine engine = open(1); Model model = engine.build(cart)) {
            assertTrue(model.exportParameters().tensors().isEmpty());
            model.train(iris.train());
            float[][] before = model.predict(iris.test().features());
            model.importParameters(new Parameters(Map.of()));
            assertArrayEquals(before, model.predict(iris.test().features()), "importing nothing changes nothing");
            Parameters mlp = ParameterInitializer.initialize(CATALOGUE.get("iris-logreg").model(),
                    dev.jmlbench.core.task.Initializer.ZEROS, 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.importParameters(mlp));
            assertTrue(e.getMessage().startsWith("the CART tree of task test-classic has no canonical parameters"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("import an empty Parameters"), e.getMessage());
            assertTrue(model.exportParameters().tensors().isEmpty());
        }
    }

    @Test
    void badUseIsRefusedWithTheReason() {
        TaskSpec forest = classic(new ClassicAlgorithm.RandomForest(3, 4, 1, 0.5, 1));
        try (Engine engine = open(2); Model model = engine.build(forest)) {
            IllegalStateException untrained = assertThrows(IllegalStateException.class,
                    () -> model.predict(new float[][] {new float[4]}));
            assertEquals("the random forest of task test-classic has not been trained; call train before predict",
                    untrained.getMessage());
            assertTrue(model.provenance().containsKey("trees"), "hyper-parameters are known before training");
            assertFalse(model.provenance().containsKey("nodeCount"));
            model.train(new LabeledData(new float[][] {{0, 0, 0, 0}, {1, 1, 1, 1}, {0, 1, 0, 1}, {1, 0, 1, 0}},
                    new int[] {0, 1, 0, 1}, 2));
            IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                    () -> model.predict(new float[][] {new float[4], new float[5]}));
            assertEquals("input row 1 has 5 features, the random forest of task test-classic was trained on 4",
                    width.getMessage());
            UnsupportedOperationException regression = assertThrows(UnsupportedOperationException.class,
                    () -> model.trainRegression(new RegressionData(new float[][] {{1}}, new float[] {1}),
                            EpochListener.NONE));
            assertTrue(regression.getMessage().contains("classifier"), regression.getMessage());
            IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> model.train(
                    new LabeledData(new float[][] {{0, Float.NaN, 0, 0}, {1, 1, 1, 1}}, new int[] {0, 1}, 2)));
            assertTrue(nan.getMessage().contains("feature 1 of row 0 is NaN"), nan.getMessage());
        }
    }

    @Test
    void aRestoredTreeOrForestPredictsExactlyAsTheFittedOne() {
        TrainTestData digits = Datasets.load(CATALOGUE.get("digits-cart").dataset());
        for (String id : new String[] {"digits-cart", "digits-random-forest"}) {
            TaskSpec task = CATALOGUE.get(id);
            try (Engine engine = open(1); Model fitted = engine.build(task); Model restored = engine.build(task)) {
                assertTrue(fitted.saveFitted().isEmpty(), id + ": an unfitted model has no fitted state");
                fitted.train(digits.train());
                byte[] bytes = fitted.saveFitted().orElseThrow();
                restored.restoreFitted(bytes);
                float[][] expected = fitted.predict(digits.test().features());
                float[][] actual = restored.predict(digits.test().features());
                for (int i = 0; i < expected.length; i++) {
                    assertArrayEquals(expected[i], actual[i], id + " row " + i);
                }
                assertEquals(fitted.provenance().get("nodeCount"), restored.provenance().get("nodeCount"));
                assertEquals(fitted.provenance().get("depth"), restored.provenance().get("depth"));
                assertArrayEquals(bytes, restored.saveFitted().orElseThrow(), id + ": saved again, the same bytes");
            }
        }
    }

    @Test
    void restoringRefusesAnotherAlgorithmTruncatedOrForeignBytesAndOutOfRangeFeatures() {
        TaskSpec cart = classic(new ClassicAlgorithm.Cart(3, 1));
        TaskSpec forest = classic(new ClassicAlgorithm.RandomForest(3, 4, 1, 0.5, 1));
        TrainTestData iris = Datasets.load(cart.dataset());
        try (Engine engine = open(1); Model tree = engine.build(cart); Model other = engine.build(forest)) {
            tree.train(iris.train());
            byte[] bytes = tree.saveFitted().orElseThrow();
            IllegalArgumentException algorithm = assertThrows(IllegalArgumentException.class,
                    () -> other.restoreFitted(bytes));
            assertEquals("the fitted random forest of task test-classic cannot be restored from a fitted CART tree",
                    algorithm.getMessage());
            IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class,
                    () -> tree.restoreFitted(java.util.Arrays.copyOf(bytes, bytes.length - 3)));
            assertEquals("the fitted CART tree of task test-classic cannot be restored: the bytes end inside the"
                    + " model (truncated)", truncated.getMessage());
            IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                    () -> tree.restoreFitted(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
            assertTrue(foreign.getMessage().contains("not the reference engine's fitted model"), foreign.getMessage());
            // the header's input width is written after the magic, the version and the name: make it 1 wide
            byte[] narrow = bytes.clone();
            int widthAt = 8 + 2 + "CART tree".length();
            narrow[widthAt] = 0;
            narrow[widthAt + 1] = 0;
            narrow[widthAt + 2] = 0;
            narrow[widthAt + 3] = 1;
            IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                    () -> tree.restoreFitted(narrow));
            assertTrue(width.getMessage().contains("of inputs 1 wide"), width.getMessage());
            float[][] before = tree.predict(iris.test().features());
            assertArrayEquals(before, tree.predict(iris.test().features()), "a refused restore keeps the model");
            assertTrue(other.saveFitted().isEmpty(), "a refused restore leaves an unfitted model unfitted");
        }
    }

    @Test
    void aListenerIsNeverCalledForATree() {
        TaskSpec cart = classic(new ClassicAlgorithm.Cart(3, 1));
        TrainTestData iris = Datasets.load(cart.dataset());
        int[] calls = {0};
        try (Engine engine = open(1); Model model = engine.build(cart)) {
            model.train(iris.train(), (epoch, loss) -> calls[0]++);
            assertEquals(0, calls[0]);
            assertTrue(RealDataTrainingTest.accuracy(model.predict(iris.test().features()), iris.test().labels())
                    >= 0.85);
        }
    }
}
