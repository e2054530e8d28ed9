package dev.jmlbench.conformance;

import dev.jmlbench.core.data.RegressionSplit;
import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.EpochListener;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import dev.jmlbench.datasets.Datasets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Catalogue tasks of the dl-vs-classic block, the same checks for every network engine: every task answered, classic
 * algorithms refused with the engine's reason, the digits MLP trained to its target, and listeners that predict
 * while training change nothing. Extend it in the adapter's tests, name the engine id and its refusal of a classic
 * algorithm.
 */
public abstract class CatalogueTaskChecks extends EngineTestBase {
    private TaskCatalogue catalogue;

    /** The engine's whole reason for not supporting {@code task}, a classic algorithm of the catalogue. */
    protected abstract String classicAlgorithmRefusal(TaskSpec task);

    @BeforeAll
    void loadCatalogue() {
        catalogue = TaskCatalogue.builtIn();
    }

    @Test
    void classicAlgorithmsAreRefusedWithTheReasonAndWithoutThrowing() {
        for (String id : List.of("digits-random-forest", "digits-cart", "digits-xgboost", "digits-liblinear")) {
            TaskSpec task = catalogue.get(id);
            Support s = engine().supports(task);
            assertFalse(s.supported(), id);
            assertEquals(classicAlgorithmRefusal(task), s.reason());
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> engine().build(task));
            assertTrue(e.getMessage().contains(id) && e.getMessage().contains(s.reason()), e.getMessage());
        }
    }

    /**
     * Every task of the catalogue gets an answer without an exception: classic algorithms no, networks yes unless
     * the reason names a layer the engine lacks; the regression tasks (diabetes-linreg, the births LSTM forecaster)
     * are supported.
     */
    @Test
    void everyCatalogueTaskGetsAnAnswer() {
        for (TaskSpec task : catalogue.all()) {
            Support s = engine().supports(task);
            System.out.printf("[%s supports] %-22s %s%n", engineId(), task.id(),
                    s.supported() ? "yes" : "no: " + s.reason());
            if (!task.isNetwork()) {
                assertFalse(s.supported(), task.id());
            } else if (!s.supported()) {
                assertTrue(s.reason().startsWith("layer "), task.id() + ": " + s.reason());
            }
            if (task.isNetwork() && task.isRegression()) {
                assertTrue(s.supported(), task.id() + ": " + s.reason());
            }
        }
        assertTrue(engine().supports(catalogue.get("births-lstm")).supported());
    }

    /**
     * digits-mlp (64-64-10, Adam) reaches its accuracy target, trained twice from the canonical initial parameters:
     * once plainly and once with a listener that predicts the test split after every epoch. The listener sees every
     * epoch with the loss the log reports, and the two runs end with identical parameters.
     */
    @Test
    void digitsMlpReachesItsTargetAndAListenerThatPredictsChangesNothing() {
        TaskSpec task = catalogue.get("digits-mlp");
        assertTrue(engine().supports(task).supported(), engine().supports(task).reason());
        TrainTestData data = Datasets.load(task.dataset());
        Parameters initial = ParameterInitializer.initialize(task.model(), task.training().initializer(),
                task.training().seed());
        Parameters plain;
        TrainingLog plainLog;
        double accuracy;
        try (Model model = engine().build(task)) {
            model.importParameters(initial);
            plainLog = model.train(data.train());
            plain = model.exportParameters();
            accuracy = Metrics.accuracy(model.predict(data.test().features()), data.test().labels());
        }
        List<Double> seenLosses = new ArrayList<>();
        List<Double> curve = new ArrayList<>();
        Parameters listened;
        TrainingLog listenedLog;
        try (Model model = engine().build(task)) {
            model.importParameters(initial);
            listenedLog = model.train(data.train(), (epoch, loss) -> {
                assertEquals(seenLosses.size() + 1, epoch);
                seenLosses.add(loss);
                curve.add(Metrics.accuracy(model.predict(data.test().features()), data.test().labels()));
            });
            listened = model.exportParameters();
        }
        System.out.printf("[%s] digits-mlp: test accuracy %.4f (target %s); accuracy by epoch %s%n", engineId(),
                accuracy, task.target().describe(), curve);
        assertTrue(task.target().isMetBy(accuracy), "accuracy " + accuracy + " misses " + task.target().describe());
        assertEquals(task.training().epochs(), seenLosses.size());
        assertEquals(listenedLog.epochLosses(), seenLosses);
        assertEquals(plainLog.epochLosses(), listenedLog.epochLosses());
        assertEquals(0.0, plain.maxAbsDiff(listened), "parameters with and without a predicting listener");
        assertEquals(accuracy, curve.get(curve.size() - 1), 0.0, "the last epoch's accuracy is the final one");
        assertNotEquals(curve.get(0), curve.get(curve.size() - 1), "the listener saw the model as it trained");
    }

    @Test
    void regressionTrainingCallsTheListenerAndStaysIdentical() {
        TaskSpec full = catalogue.get("diabetes-linreg");
        TrainingRecipe r = full.training();
        TaskSpec task = new TaskSpec(full.id(), full.description(), full.family(), full.dataset(), full.model(),
                new TrainingRecipe(r.optimizer(), r.loss(), r.batchSize(), 15, r.initializer(), r.seed()),
                full.target()); // 15 of its 100 epochs: enough to compare two runs
        RegressionSplit data = Datasets.loadRegression(task.dataset());
        Parameters initial = ParameterInitializer.initialize(task.model(), task.training().initializer(),
                task.training().seed());
        Parameters plain;
        try (Model model = engine().build(task)) {
            model.importParameters(initial);
            model.trainRegression(data.train(), EpochListener.NONE);
            plain = model.exportParameters();
        }
        List<Double> seen = new ArrayList<>();
        try (Model model = engine().build(task)) {
            model.importParameters(initial);
            TrainingLog log = model.trainRegression(data.train(), (epoch, loss) -> {
                seen.add(loss);
                assertEquals(data.test().size(), model.predict(data.test().features()).length);
            });
            assertEquals(15, seen.size());
            assertEquals(log.epochLosses(), seen);
            assertEquals(0.0, plain.maxAbsDiff(model.exportParameters()));
        }
    }
}
