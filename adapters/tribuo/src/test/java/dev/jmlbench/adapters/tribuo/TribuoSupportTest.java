package dev.jmlbench.adapters.tribuo;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.Loss;
import dev.jmlbench.core.task.ModelSpec;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the Tribuo engine refuses, and why; and its refusal to train from non-zero weights. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TribuoSupportTest {
    private Engine engine;
    private TaskSpec iris;

    @BeforeAll
    void open() {
        engine = new TribuoEngineProvider().open(TribuoWeightMappingTest.config());
        iris = TaskCatalogue.builtIn().get("iris-logreg");
    }

    @AfterAll
    void close() {
        engine.close();
    }

    private TaskSpec withModel(ModelSpec model) {
        return new TaskSpec(iris.id(), iris.description(), iris.family(), iris.dataset(), model, iris.training(),
                iris.target());
    }

    private TaskSpec withRecipe(Loss loss, Initializer initializer) {
        TrainingRecipe r = iris.training();
        return new TaskSpec(iris.id(), iris.description(), iris.family(), iris.dataset(), iris.model(),
                new TrainingRecipe(r.optimizer(), loss, r.batchSize(), r.epochs(), initializer, r.seed()),
                iris.target());
    }

    @Test
    void refusesAHiddenLayerWithAReason() {
        TaskSpec mlp = withModel(new ModelSpec(4, List.of(new LayerSpec.Dense(8, Activation.RELU),
                new LayerSpec.Dense(3, Activation.SOFTMAX))));
        Support s = engine.supports(mlp);
        assertFalse(s.supported());
        assertTrue(s.reason().contains("single linear layer") && s.reason().contains("hidden layers"), s.reason());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> engine.build(mlp));
        assertTrue(e.getMessage().contains(s.reason()), e.getMessage());
    }

    @Test
    void refusesAGlorotInitializerWithAReason() {
        Support s = engine.supports(withRecipe(Loss.SOFTMAX_CROSS_ENTROPY, Initializer.GLOROT_UNIFORM));
        assertFalse(s.supported());
        assertTrue(s.reason().contains("always start from zero weights")
                && s.reason().contains("GLOROT_UNIFORM"), s.reason());
    }

    @Test
    void refusesOtherActivationsAndLosses() {
        Support identity = engine.supports(withModel(new ModelSpec(4,
                List.of(new LayerSpec.Dense(3, Activation.IDENTITY)))));
        assertFalse(identity.supported());
        assertTrue(identity.reason().contains("SOFTMAX"), identity.reason());
        Support mse = engine.supports(withRecipe(Loss.MEAN_SQUARED_ERROR, Initializer.ZEROS));
        assertFalse(mse.supported());
        assertTrue(mse.reason().contains("MEAN_SQUARED_ERROR"), mse.reason());
    }

    @Test
    void refusesToTrainFromNonZeroWeights() {
        LabeledData data = new LabeledData(new float[][] {{1, 2, 3, 4}, {4, 3, 2, 1}, {0, 1, 0, 1}},
                new int[] {0, 1, 2}, 3);
        try (Model model = engine.build(iris)) {
            model.importParameters(ParameterInitializer.initialize(iris.model(), Initializer.GLOROT_UNIFORM, 5));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.train(data));
            assertTrue(e.getMessage().startsWith("Tribuo's SGD trainers always start from zero weights;"),
                    e.getMessage());
        }
        try (Model model = engine.build(iris)) {
            model.importParameters(ParameterInitializer.initialize(iris.model(), Initializer.ZEROS, 5));
            assertEquals(List.of(), model.train(data).epochLosses(), "Tribuo does not report the loss");
            assertThrows(IllegalStateException.class, () -> model.train(data), "a second run would restart at zero");
        }
    }

    @Test
    void infoRecordsVersionThreadsAndDevices() {
        EngineInfo info = engine.info();
        assertEquals("tribuo", info.id());
        assertEquals("Tribuo", info.displayName());
        assertEquals("4.3.2", info.libraryVersion());
        assertEquals(org.tribuo.Tribuo.VERSION, info.libraryVersion(), "runtime and compile-time versions agree");
        assertEquals("none (pure Java)", info.nativeVersion());
        assertTrue(info.threads().get("Tribuo SGD threads").startsWith("1 "), info.threads().toString());
        assertEquals("1", info.threads().get("thread budget"));
        assertTrue(info.devices().stream().anyMatch(d -> d.device().equals("gpu") && !d.available()
                && d.reason().equals("Tribuo's linear SGD is CPU-only")));
    }

    @Test
    void quietensTribuosLogging() {
        assertEquals(java.util.logging.Level.WARNING, java.util.logging.Logger.getLogger("org.tribuo").getLevel());
    }
}
