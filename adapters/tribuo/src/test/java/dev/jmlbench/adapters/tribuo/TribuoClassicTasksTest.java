package dev.jmlbench.adapters.tribuo;

import dev.jmlbench.conformance.EngineConformanceKit;
import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.ClassicAlgorithm;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.Datasets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The classic algorithms of the catalogue on Tribuo, on their real data: each reaches its accuracy target with
 * class probabilities in every row; the provenance carries the spec's hyper-parameters; parameters and bad input
 * are refused clearly. Each digits task is trained once (in {@link #trained}) and its accuracy and training time
 * printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TribuoClassicTasksTest {
    private Engine engine;
    private TrainTestData digits;
    private final Map<String, Model> trained = new HashMap<>();

    @BeforeAll
    void open() {
        engine = new TribuoEngineProvider().open(TribuoWeightMappingTest.config());
        digits = Datasets.load(TaskCatalogue.builtIn().get("digits-cart").dataset());
    }

    @AfterAll
    void close() {
        trained.values().forEach(Model::close);
        engine.close();
    }

    /** The model of {@code id} trained on the digits training split (once per test class). */
    private Model trained(String id) {
        return trained.computeIfAbsent(id, key -> {
            TaskSpec task = TaskCatalogue.builtIn().get(key);
            Support s = engine.supports(task);
            assertTrue(s.supported(), key + ": " + s.reason());
            Model model = engine.build(task);
            long start = System.nanoTime();
            model.train(digits.train());
            double seconds = (System.nanoTime() - start) / 1e9;
            double accuracy = EngineConformanceKit.accuracy(model.predict(digits.test().features()),
                    digits.test().labels());
            System.out.printf(Locale.ROOT, "[tribuo accuracy] %s: accuracy %.4f on %d test rows (target %s),"
                    + " trained in %.3f s on %d rows%n", key, accuracy, digits.test().size(), task.target().describe(),
                    seconds, digits.train().size());
            return model;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"digits-cart", "digits-random-forest", "digits-xgboost", "digits-liblinear"})
    void reachesItsTargetWithClassProbabilities(String id) {
        TaskSpec task = TaskCatalogue.builtIn().get(id);
        float[][] p = trained(id).predict(digits.test().features());
        assertEquals(digits.test().size(), p.length);
        for (int i = 0; i < p.length; i++) {
            assertEquals(10, p[i].length);
            double sum = 0;
            for (float v : p[i]) {
                assertTrue(v >= 0 && v <= 1, id + " row " + i + ": probability " + v);
                sum += v;
            }
            assertEquals(1.0, sum, 1e-5, id + " row " + i + ": probabilities must sum to 1");
        }
        double accuracy = EngineConformanceKit.accuracy(p, digits.test().labels());
        assertTrue(task.target().isMetBy(accuracy), id + ": accuracy " + accuracy + " misses "
                + task.target().describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"digits-cart", "digits-random-forest", "digits-xgboost", "digits-liblinear"})
    void aRestoredFittedModelPredictsExactlyAsTheFittedOne(String id) {
        TaskSpec task = TaskCatalogue.builtIn().get(id);
        Model fitted = trained(id);
        byte[] bytes = fitted.saveFitted().orElseThrow(() -> new AssertionError(id + ": no fitted state saved"));
        try (Model restored = engine.build(task)) {
            restored.restoreFitted(bytes);
            float[][] expected = fitted.predict(digits.test().features());
            float[][] actual = restored.predict(digits.test().features());
            assertEquals(expected.length, actual.length);
            for (int i = 0; i < expected.length; i++) {
                assertArrayEquals(expected[i], actual[i], id + " row " + i);
            }
        }
    }

    @Test
    void restoringRefusesAnotherAlgorithmTruncatedBytesAndForeignBytes() {
        byte[] cart = trained("digits-cart").saveFitted().orElseThrow();
        try (Model forest = engine.build(TaskCatalogue.builtIn().get("digits-random-forest"))) {
            assertTrue(forest.saveFitted().isEmpty(), "an unfitted model has no fitted state");
            IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                    () -> forest.restoreFitted(cart));
            assertTrue(other.getMessage().contains("cannot be restored from a fitted"), other.getMessage());
            IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class,
                    () -> forest.restoreFitted(java.util.Arrays.copyOf(cart, 12)));
            assertTrue(truncated.getMessage().contains("digits-random-forest"), truncated.getMessage());
            IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                    () -> forest.restoreFitted(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
            assertTrue(foreign.getMessage().contains("not the Tribuo adapter's fitted model"), foreign.getMessage());
            assertThrows(IllegalStateException.class, () -> forest.predict(digits.test().features()),
                    "a refused restore leaves the model unfitted");
        }
        try (Model cartModel = engine.build(TaskCatalogue.builtIn().get("digits-cart"))) {
            byte[] cut = java.util.Arrays.copyOf(cart, cart.length - 100);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cartModel.restoreFitted(cut));
            assertTrue(e.getMessage().startsWith("the fitted CART tree of task digits-cart cannot be"
                    + " restored"), e.getMessage());
        }
    }

    @Test
    void cartProvenanceCarriesTheSpec() {
        Map<String, String> p = trained("digits-cart").provenance();
        assertEquals("org.tribuo.classification.dtree.CARTClassificationTrainer", p.get("trainer-class"));
        assertEquals("14", p.get("trainer.maxDepth"), p.toString());
        assertEquals("1.0", p.get("trainer.minChildWeight"));
        assertEquals("1.0", p.get("trainer.fractionFeaturesInSplit"));
        assertEquals("false", p.get("trainer.useRandomSplitPoints"));
        assertEquals("org.tribuo.classification.dtree.impurity.GiniIndex", p.get("trainer.impurity.class-name"));
        assertCommon(p);
        assertTrue(Long.parseLong(p.get("node-count")) > 100, p.get("node-count"));
    }

    @Test
    void randomForestProvenanceCarriesTheSpec() {
        ClassicAlgorithm.RandomForest rf = (ClassicAlgorithm.RandomForest)
                TaskCatalogue.builtIn().get("digits-random-forest").algorithm();
        Map<String, String> p = trained("digits-random-forest").provenance();
        assertEquals("org.tribuo.common.tree.RandomForestTrainer", p.get("trainer-class"));
        assertEquals(Integer.toString(rf.trees()), p.get("trainer.numMembers"), p.toString());
        assertEquals(Long.toString(rf.seed()), p.get("trainer.seed"));
        assertEquals(Integer.toString(rf.maxDepth()), p.get("trainer.innerTrainer.maxDepth"));
        assertEquals(Float.toString((float) rf.featureFraction()),
                p.get("trainer.innerTrainer.fractionFeaturesInSplit"));
        assertEquals("1.0", p.get("trainer.innerTrainer.minChildWeight"));
        assertEquals("org.tribuo.classification.ensemble.FullyWeightedVotingCombiner",
                p.get("trainer.combiner.class-name"));
        assertEquals(Integer.toString(rf.trees()), p.get("ensemble-members"));
        assertTrue(p.get("adapter.threads").startsWith("1 "), p.get("adapter.threads"));
        assertCommon(p);
        assertTrue(Long.parseLong(p.get("node-count")) > 50 * 50, p.get("node-count"));
    }

    @Test
    void xgboostProvenanceCarriesTheSpec() {
        ClassicAlgorithm.XGBoost x = (ClassicAlgorithm.XGBoost) TaskCatalogue.builtIn().get("digits-xgboost")
                .algorithm();
        Map<String, String> p = trained("digits-xgboost").provenance();
        assertEquals("org.tribuo.classification.xgboost.XGBoostClassificationTrainer", p.get("trainer-class"));
        assertEquals(Integer.toString(x.rounds()), p.get("trainer.numTrees"), p.toString());
        assertEquals(Integer.toString(x.maxDepth()), p.get("trainer.maxDepth"));
        assertEquals(Double.toString(x.eta()), p.get("trainer.eta"));
        assertEquals(Double.toString(x.subsample()), p.get("trainer.subsample"));
        assertEquals(Double.toString(x.lambda()), p.get("trainer.lambda"));
        assertEquals(Long.toString(x.seed()), p.get("trainer.seed"));
        assertEquals("1", p.get("trainer.nThread"), "the thread budget of the test engine");
        assertCommon(p);
        // 50 rounds x 10 classes of trees of depth <= 4: between 500 single leaves and 500 full trees of 31 nodes
        long nodes = Long.parseLong(p.get("node-count"));
        assertTrue(nodes > 500 && nodes <= 500 * 31, "node-count " + nodes);
    }

    @Test
    void liblinearProvenanceCarriesTheSpec() {
        ClassicAlgorithm.LibLinear l = (ClassicAlgorithm.LibLinear) TaskCatalogue.builtIn().get("digits-liblinear")
                .algorithm();
        Map<String, String> p = trained("digits-liblinear").provenance();
        assertEquals("org.tribuo.classification.liblinear.LibLinearClassificationTrainer", p.get("trainer-class"));
        assertEquals("L2R_LR", p.get("trainer.trainerType.type"), p.toString());
        assertEquals(Double.toString(l.cost()), p.get("trainer.cost"));
        assertEquals(Double.toString(l.epsilon()), p.get("trainer.terminationCriterion"));
        assertEquals(Integer.toString(l.maxIterations()), p.get("trainer.maxIterations"));
        assertCommon(p);
    }

    private static void assertCommon(Map<String, String> p) {
        assertEquals("4.3.2", p.get("tribuo-version"));
        assertNotNull(p.get("java-version"));
        assertNotNull(p.get("adapter.probabilities"));
        assertTrue(p.get("provenance").contains(p.get("trainer-class")), "the full provenance names the trainer");
    }

    @Test
    void hasNoCanonicalParameters() {
        TaskSpec cart = TaskCatalogue.builtIn().get("digits-cart");
        try (Model model = engine.build(cart)) {
            assertEquals(Map.of(), model.exportParameters().tensors());
            model.importParameters(new Parameters(Map.of())); // a no-op
            Parameters lr = ParameterInitializer.initialize(TaskCatalogue.builtIn().get("digits-logreg").model(),
                    dev.jmlbench.core.task.Initializer.ZEROS, 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.importParameters(lr));
            assertTrue(e.getMessage().contains("CART tree") && e.getMessage().contains("no canonical parameters")
                    && e.getMessage().contains("layer0.weight"), e.getMessage());
            IllegalStateException untrained = assertThrows(IllegalStateException.class,
                    () -> model.predict(digits.test().features()));
            assertTrue(untrained.getMessage().contains("call train first"), untrained.getMessage());
        }
    }

    @Test
    void rejectsRowsOfTheWrongWidthWithBothSizes() {
        for (String id : List.of("digits-cart", "digits-xgboost")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> trained(id).predict(new float[][] {new float[65]}));
            assertTrue(e.getMessage().contains("65 features") && e.getMessage().contains("expects 64"),
                    e.getMessage());
        }
    }

    @Test
    void theForestIsReproducibleFromItsSeedAndQuietWhileTraining() {
        TaskSpec task = TaskCatalogue.builtIn().get("digits-random-forest");
        ClassicAlgorithm.RandomForest rf = (ClassicAlgorithm.RandomForest) task.algorithm();
        TaskSpec small = new TaskSpec(task.id(), task.description(), task.family(), task.dataset(), task.target(),
                new ClassicAlgorithm.RandomForest(5, rf.maxDepth(), 1, rf.featureFraction(), rf.seed()));
        List<LogRecord> records = new java.util.ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger tribuo = Logger.getLogger("org.tribuo");
        tribuo.addHandler(handler);
        try (Model a = engine.build(small); Model b = engine.build(small)) {
            a.train(digits.train());
            b.train(digits.train());
            float[][] pa = a.predict(digits.test().features());
            float[][] pb = b.predict(digits.test().features());
            for (int i = 0; i < pa.length; i++) {
                assertArrayEquals(pa[i], pb[i], "row " + i + " of two forests grown from seed " + rf.seed());
            }
        } finally {
            tribuo.removeHandler(handler);
        }
        assertTrue(records.stream().noneMatch(r -> r.getLevel().intValue() < Level.WARNING.intValue()),
                "Tribuo logged below WARNING: " + records.stream().map(LogRecord::getMessage).toList());
    }

    @Test
    void trainsOnEveryClassEvenWithOneRowEach() {
        // tiny data: every class once; every model still gives a full probability row. CART and LIBLINEAR fit the
        // ten rows; XGBoost cannot split them (min_child_weight 1 exceeds the hessian sum of so few rows)
        float[][] x = new float[10][64];
        int[] y = new int[10];
        for (int c = 0; c < 10; c++) {
            x[c][c] = 1f;
            y[c] = c;
        }
        LabeledData tiny = new LabeledData(x, y, 10);
        for (String id : List.of("digits-cart", "digits-xgboost", "digits-liblinear")) {
            try (Model model = engine.build(TaskCatalogue.builtIn().get(id))) {
                model.train(tiny);
                float[][] p = model.predict(x);
                for (float[] row : p) {
                    assertEquals(10, row.length, id);
                    double sum = 0;
                    for (float v : row) {
                        sum += v;
                    }
                    assertEquals(1.0, sum, 1e-5, id);
                }
                if (!id.equals("digits-xgboost")) {
                    assertEquals(1.0, EngineConformanceKit.accuracy(p, y), id + " must fit its own ten rows");
                }
            }
        }
    }
}
