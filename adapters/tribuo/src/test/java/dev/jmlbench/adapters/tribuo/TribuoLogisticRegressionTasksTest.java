package dev.jmlbench.adapters.tribuo;

import dev.jmlbench.conformance.EngineConformanceKit;
import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.Datasets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The logistic-regression tasks of the catalogue on their real data: Tribuo reaches each target and agrees with
 * the reference engine, trained from the same canonical initial parameters on the same split, within 2 points of
 * accuracy (in fact its parameters match the reference's within the conformance kit's tolerance).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TribuoLogisticRegressionTasksTest {
    private Engine tribuo;
    private Engine reference;

    @BeforeAll
    void open() throws EngineUnavailableException {
        tribuo = Engines.find("tribuo").open(TribuoWeightMappingTest.config());
        reference = Engines.find("reference").open(TribuoWeightMappingTest.config());
    }

    @AfterAll
    void close() {
        tribuo.close();
        reference.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris-logreg", "wine-logreg", "breast-cancer-logreg", "digits-logreg"})
    void reachesItsTargetAndAgreesWithTheReferenceEngine(String id) {
        TaskSpec task = TaskCatalogue.builtIn().get(id);
        TrainTestData data = Datasets.load(task.dataset());
        Parameters initial = ParameterInitializer.initialize(task.model(), task.training().initializer(),
                task.training().seed());
        double referenceAccuracy;
        Parameters referenceParameters;
        try (Model ref = reference.build(task)) {
            ref.importParameters(initial);
            ref.train(data.train());
            referenceAccuracy = EngineConformanceKit.accuracy(ref.predict(data.test().features()),
                    data.test().labels());
            referenceParameters = ref.exportParameters();
        }
        try (Model model = tribuo.build(task)) {
            model.importParameters(initial);
            int[] epochs = {0};
            long start = System.nanoTime();
            model.train(data.train(), (epoch, loss) -> epochs[0] = epoch);
            double seconds = (System.nanoTime() - start) / 1e9;
            double accuracy = EngineConformanceKit.accuracy(model.predict(data.test().features()),
                    data.test().labels());
            double maxDiff = referenceParameters.maxAbsDiff(model.exportParameters());
            System.out.printf(Locale.ROOT, "[tribuo accuracy] %s: accuracy %.4f (reference engine %.4f, target %s),"
                            + " max |w - w_ref| %.2g, trained in %.3f s (%d epochs, epoch by epoch) on %d rows%n", id,
                    accuracy, referenceAccuracy, task.target().describe(), maxDiff, seconds, epochs[0],
                    data.train().size());
            assertEquals(task.training().epochs(), epochs[0], "the listener is called after every epoch");
            assertTrue(task.target().isMetBy(accuracy), id + ": accuracy " + accuracy + " misses "
                    + task.target().describe());
            assertTrue(Math.abs(accuracy - referenceAccuracy) <= 0.02, id + ": Tribuo " + accuracy + " vs reference "
                    + referenceAccuracy);
            Map<String, String> provenance = model.provenance();
            assertEquals("dev.jmlbench.adapters.tribuo.ContinuingTrainers$Classification",
                    provenance.get("trainer-class"), provenance.toString());
            assertEquals(Integer.toString(task.training().batchSize()), provenance.get("trainer.minibatchSize"));
            assertEquals("false", provenance.get("trainer.shuffle"));
            assertEquals(Integer.toString(task.training().epochs()), provenance.get("adapter.epochs"));
        }
    }
}
