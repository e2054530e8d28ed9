package dev.jmlbench.adapters.tribuo;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.ClassicAlgorithm;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.Loss;
import dev.jmlbench.core.task.ModelSpec;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the Tribuo engine refuses, and why; what it records about itself. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TribuoSupportTest {
    private Engine engine;
    private TaskSpec iris;
    private TaskSpec diabetes;
    private TaskSpec cart;

    @BeforeAll
    void open() {
        engine = new TribuoEngineProvider().open(TribuoWeightMappingTest.config());
        iris = TaskCatalogue.builtIn().get("iris-logreg");
        diabetes = TaskCatalogue.builtIn().get("diabetes-linreg");
        cart = TaskCatalogue.builtIn().get("digits-cart");
    }

    @AfterAll
    void close() {
        engine.close();
    }

    private static TaskSpec withModel(TaskSpec base, ModelSpec model) {
        return new TaskSpec(base.id(), base.description(), base.family(), base.dataset(), model, base.training(),
                base.target());
    }

    private static TaskSpec withRecipe(TaskSpec base, OptimizerSpec optimizer, Loss loss, Initializer initializer) {
        TrainingRecipe r = base.training();
        return new TaskSpec(base.id(), base.description(), base.family(), base.dataset(), base.model(),
                new TrainingRecipe(optimizer, loss, r.batchSize(), r.epochs(), initializer, r.seed()),
                base.target());
    }

    private TaskSpec classic(ClassicAlgorithm algorithm) {
        return new TaskSpec(cart.id(), cart.description(), cart.family(), cart.dataset(), cart.target(), algorithm);
    }

    @Test
    void refusesAHiddenLayerWithAReason() {
        TaskSpec mlp = withModel(iris, new ModelSpec(4, List.of(new LayerSpec.Dense(8, Activation.RELU),
                new LayerSpec.Dense(3, Activation.SOFTMAX))));
        Support s = engine.supports(mlp);
        assertFalse(s.supported());
        assertTrue(s.reason().contains("single linear layer") && s.reason().contains("hidden layers"), s.reason());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> engine.build(mlp));
        assertTrue(e.getMessage().contains(s.reason()), e.getMessage());
    }

    @Test
    void supportsEveryInitializerSinceTrainingStartsFromTheImportedWeights() {
        for (Initializer init : Initializer.values()) {
            Support s = engine.supports(withRecipe(iris, iris.training().optimizer(), Loss.SOFTMAX_CROSS_ENTROPY,
                    init));
            assertTrue(s.supported(), init + ": " + s.reason());
        }
    }

    @Test
    void refusesOtherActivationsLossesAndOptimizers() {
        Support identity = engine.supports(withModel(iris, new ModelSpec(4,
                List.of(new LayerSpec.Dense(3, Activation.IDENTITY)))));
        assertFalse(identity.supported());
        assertTrue(identity.reason().contains("SOFTMAX"), identity.reason());

        Support relu = engine.supports(withModel(diabetes, new ModelSpec(10,
                List.of(new LayerSpec.Dense(1, Activation.RELU)))));
        assertFalse(relu.supported());
        assertTrue(relu.reason().contains("Dense(1, IDENTITY)") && relu.reason().contains("Dense(1, RELU)"),
                relu.reason());

        Support threeOutputs = engine.supports(withModel(diabetes, new ModelSpec(10,
                List.of(new LayerSpec.Dense(3, Activation.IDENTITY)))));
        assertFalse(threeOutputs.supported());
        assertTrue(threeOutputs.reason().contains("one output"), threeOutputs.reason());

        Support momentum = engine.supports(withRecipe(iris, new OptimizerSpec.Momentum(0.1, 0.9),
                Loss.SOFTMAX_CROSS_ENTROPY, Initializer.ZEROS));
        assertFalse(momentum.supported());
        assertTrue(momentum.reason().contains("only plain SGD"), momentum.reason());
    }

    @Test
    void supportsLinearRegressionAndTheClassicAlgorithmsOfTheCatalogue() {
        for (String id : List.of("diabetes-linreg", "digits-cart", "digits-random-forest", "digits-liblinear",
                "digits-xgboost", "mnist-cart", "mnist-random-forest", "mnist-xgboost", "mnist-logreg")) {
            Support s = engine.supports(TaskCatalogue.builtIn().get(id));
            assertTrue(s.supported(), id + ": " + s.reason());
        }
    }

    @Test
    void refusesAMinimumLeafSizeAboveOneWithTheReason() {
        for (ClassicAlgorithm a : List.of(new ClassicAlgorithm.Cart(10, 3),
                new ClassicAlgorithm.RandomForest(10, 10, 3, 0.5, 1))) {
            Support s = engine.supports(classic(a));
            assertFalse(s.supported(), a.toString());
            assertTrue(s.reason().contains("minSamplesLeaf 3") && s.reason().contains("min_samples_split"),
                    s.reason());
            assertThrows(UnsupportedOperationException.class, () -> engine.build(classic(a)));
        }
    }

    @Test
    void aRandomForestWithTooSmallAFeatureFractionIsRefusedAtTraining() {
        LabeledData data = new LabeledData(new float[][] {{1, 2, 3, 4}, {4, 3, 2, 1}}, new int[] {0, 1}, 2);
        try (Model model = engine.build(classic(new ClassicAlgorithm.RandomForest(3, 4, 1, 0.1, 1)))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.train(data));
            assertTrue(e.getMessage().contains("0.1 of 4 features rounds to 0"), e.getMessage());
        }
    }

    @Test
    void aLibraryThatDoesNotLoadBecomesAReasonNotACrash() {
        Optional<String> reason = XGBoostNative.probe("ml.dmlc.xgboost4j.java.NoSuchJni");
        assertTrue(reason.isPresent());
        assertTrue(reason.get().contains("not on the class path"), reason.get());
        assertEquals(Optional.empty(), XGBoostNative.unavailableReason(),
                "xgboost4j's native library must load here (linux-x86_64 with libgomp)");
    }

    @Test
    void trainsFromTheCurrentWeights() {
        LabeledData data = new LabeledData(new float[][] {{1, 2, 3, 4}, {4, 3, 2, 1}, {0, 1, 0, 1}},
                new int[] {0, 1, 2}, 3);
        try (TribuoModel twice = (TribuoModel) engine.build(iris);
             TribuoModel once = (TribuoModel) engine.build(withEpochs(iris, 2 * iris.training().epochs()))) {
            twice.importParameters(ParameterInitializer.initialize(iris.model(), Initializer.GLOROT_UNIFORM, 5));
            once.importParameters(ParameterInitializer.initialize(iris.model(), Initializer.GLOROT_UNIFORM, 5));
            twice.train(data);
            twice.train(data);
            once.train(data);
            TribuoTestSupport.assertBitIdentical(once.tribuoWeightsCopy(), twice.tribuoWeightsCopy(),
                    "two runs of E epochs against one run of 2E epochs");
        }
    }

    static TaskSpec withEpochs(TaskSpec base, int epochs) {
        TrainingRecipe r = base.training();
        return new TaskSpec(base.id(), base.description(), base.family(), base.dataset(), base.model(),
                new TrainingRecipe(r.optimizer(), r.loss(), r.batchSize(), epochs, r.initializer(), r.seed()),
                base.target());
    }

    @Test
    void infoRecordsVersionThreadsAndDevices() {
        EngineInfo info = engine.info();
        assertEquals("tribuo", info.id());
        assertEquals("Tribuo", info.displayName());
        assertEquals("4.3.2", info.libraryVersion());
        assertEquals(org.tribuo.Tribuo.VERSION, info.libraryVersion(), "runtime and compile-time versions agree");
        assertTrue(info.nativeVersion().startsWith("XGBoost 1.6.2 "), info.nativeVersion());
        assertTrue(info.threads().get("Tribuo SGD threads").startsWith("1 "), info.threads().toString());
        assertEquals("1", info.threads().get("thread budget"));
        assertTrue(info.threads().get("XGBoost nthread").startsWith("1 "), info.threads().toString());
        assertTrue(info.threads().get("epoch listener").contains("after every epoch"), info.threads().toString());
        assertTrue(info.devices().stream().anyMatch(d -> d.device().equals("gpu") && !d.available()
                && d.reason().contains("CPU-only")));
    }

    @Test
    void theThreadBudgetBecomesXGBoostsNthread() {
        try (Engine two = new TribuoEngineProvider().open(new dev.jmlbench.core.engine.EngineConfig(2,
                java.nio.file.Path.of("target", "native-cache")))) {
            assertTrue(two.info().threads().get("XGBoost nthread").startsWith("2 "), two.info().threads().toString());
        }
    }

    @Test
    void quietensTribuosLoggingOnly() {
        assertEquals(Level.WARNING, Logger.getLogger("org.tribuo").getLevel());
        Level root = Logger.getLogger("").getLevel();
        new TribuoEngineProvider().open(TribuoWeightMappingTest.config()).close();
        assertEquals(root, Logger.getLogger("").getLevel(), "the root logger is not Tribuo's to change");
    }
}
