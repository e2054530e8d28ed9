package dev.jmlbench.adapters.tribuo;

import dev.jmlbench.conformance.EngineConformanceKit;
import dev.jmlbench.conformance.Tolerances;
import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import dev.jmlbench.datasets.Datasets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parity with the reference engine beyond the kit: the differences are printed (they go into the adapter's
 * record), and recipes whose batch size does not divide the 120 training rows check the partial-batch weights.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TribuoReferenceParityTest {
    private Engine tribuo;
    private Engine reference;
    private TaskSpec iris;
    private TrainTestData data;

    @BeforeAll
    void open() throws EngineUnavailableException {
        tribuo = Engines.find("tribuo").open(TribuoWeightMappingTest.config());
        reference = Engines.find("reference").open(TribuoWeightMappingTest.config());
        iris = TaskCatalogue.builtIn().get("iris-logreg");
        data = Datasets.load(iris.dataset());
    }

    @AfterAll
    void close() {
        tribuo.close();
        reference.close();
    }

    @Test
    void forwardDifferenceOnIdenticalWeights() {
        Parameters p = ParameterInitializer.initialize(iris.model(), Initializer.GLOROT_UNIFORM, 17);
        float[][] expected;
        try (Model ref = reference.build(iris)) {
            ref.importParameters(p);
            expected = ref.predict(data.test().features());
        }
        try (Model model = tribuo.build(iris)) {
            model.importParameters(p);
            double max = EngineConformanceKit.maxAbsDiff(expected, model.predict(data.test().features()));
            System.out.println("[tribuo parity] forward, iris test split, Glorot seed 17: max |p - p_ref| = " + max);
            assertTrue(max <= Tolerances.DENSE_FORWARD_ABS, "max |p - p_ref| = " + max);
        }
    }

    /** Batch 10 is the task's own (no partial batch); 7, 50 and 200 leave a last batch of 1, 20 and 120 rows. */
    @ParameterizedTest
    @ValueSource(ints = {10, 1, 7, 50, 200})
    void trainedParametersMatchTheReference(int batchSize) {
        TrainingRecipe r = iris.training();
        TaskSpec task = new TaskSpec(iris.id(), iris.description(), iris.family(), iris.dataset(), iris.model(),
                new TrainingRecipe(r.optimizer(), r.loss(), batchSize, r.epochs(), r.initializer(), r.seed()),
                iris.target());
        Parameters initial = ParameterInitializer.initialize(iris.model(), r.initializer(), r.seed());
        Parameters expected;
        float[][] expectedTest;
        try (Model ref = reference.build(task)) {
            ref.importParameters(initial);
            ref.train(data.train());
            expected = ref.exportParameters();
            expectedTest = ref.predict(data.test().features());
        }
        try (Model model = tribuo.build(task)) {
            model.importParameters(initial);
            model.train(data.train());
            double max = expected.maxAbsDiff(model.exportParameters());
            float[][] p = model.predict(data.test().features());
            double accuracy = EngineConformanceKit.accuracy(p, data.test().labels());
            System.out.println("[tribuo parity] batch " + batchSize + ", " + r.epochs() + " epochs: max |w - w_ref| = "
                    + max + ", max |p - p_ref| on test = " + EngineConformanceKit.maxAbsDiff(expectedTest, p)
                    + ", test accuracy " + accuracy);
            assertTrue(max <= Tolerances.DENSE_TRAINED_PARAMS_ABS, "max |w - w_ref| after training = " + max);
        }
    }

    /** Training starts from the imported weights: from Glorot weights too, Tribuo ends where the reference does. */
    @Test
    void trainingFromNonZeroWeightsMatchesTheReference() {
        Parameters initial = ParameterInitializer.initialize(iris.model(), Initializer.GLOROT_UNIFORM, 23);
        Parameters expected;
        try (Model ref = reference.build(iris)) {
            ref.importParameters(initial);
            ref.train(data.train());
            expected = ref.exportParameters();
        }
        try (Model model = tribuo.build(iris)) {
            model.importParameters(initial);
            model.train(data.train());
            double max = expected.maxAbsDiff(model.exportParameters());
            System.out.println("[tribuo parity] from Glorot weights (seed 23), " + iris.training().epochs()
                    + " epochs: max |w - w_ref| = " + max);
            assertTrue(max <= Tolerances.DENSE_TRAINED_PARAMS_ABS, "max |w - w_ref| after training = " + max);
            assertTrue(initial.maxAbsDiff(model.exportParameters()) > 0.1, "training moved the weights");
        }
    }
}
