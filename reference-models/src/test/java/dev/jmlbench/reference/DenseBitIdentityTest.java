package dev.jmlbench.reference;

import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import dev.jmlbench.datasets.Datasets;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Dense stacks trained with SGD must stay bit-identical to the engine's first (Dense-only) implementation: the
 * conformance kit and the adapters' parity tests were calibrated against those numbers. The digests below were
 * recorded from that implementation (commit c6c92de) and cover the trained weights, the epoch losses and the
 * test-set probabilities.
 */
class DenseBitIdentityTest {

    /** Digest of everything a training run produces, exact to the bit. */
    static long digest(TaskSpec task, Initializer init, long seed) {
        TrainTestData data = Datasets.load(task.dataset());
        try (Model model = new ReferenceEngine().build(task)) {
            model.importParameters(ParameterInitializer.initialize(task.model(), init, seed));
            TrainingLog log = model.train(data.train());
            Parameters p = model.exportParameters();
            long h = 17;
            for (Tensor t : p.tensors().values()) {
                h = 31 * h + Arrays.hashCode(t.data());
            }
            for (double loss : log.epochLosses()) {
                h = 31 * h + Double.hashCode(loss);
            }
            for (float[] row : model.predict(data.test().features())) {
                h = 31 * h + Arrays.hashCode(row);
            }
            return h;
        }
    }

    static TaskSpec mlp(Activation hidden) {
        TaskSpec iris = TaskCatalogue.builtIn().get("iris-logreg");
        TrainingRecipe r = iris.training();
        return new TaskSpec("iris-mlp", "iris MLP", iris.family(), iris.dataset(),
                new ModelSpec(4, List.of(new LayerSpec.Dense(8, hidden), new LayerSpec.Dense(6, Activation.RELU),
                        new LayerSpec.Dense(3, Activation.SOFTMAX))),
                new TrainingRecipe(new OptimizerSpec.Sgd(0.05), r.loss(), 7, 20, Initializer.GLOROT_UNIFORM, 3),
                iris.target());
    }

    @Test
    void irisLogisticRegressionIsBitIdentical() {
        TaskSpec iris = TaskCatalogue.builtIn().get("iris-logreg");
        assertEquals(2996009707332481820L, digest(iris, iris.training().initializer(), iris.training().seed()));
        assertEquals(1539729387812758456L, digest(iris, Initializer.GLOROT_UNIFORM, 5));
    }

    @Test
    void mlpsWithEveryHiddenActivationAreBitIdentical() {
        assertEquals(8786632285507353602L, digest(mlp(Activation.IDENTITY), Initializer.GLOROT_UNIFORM, 3));
        assertEquals(-4171470186190493615L, digest(mlp(Activation.TANH), Initializer.GLOROT_UNIFORM, 3));
        assertEquals(8423984657382637344L, digest(mlp(Activation.SIGMOID), Initializer.GLOROT_UNIFORM, 3));
        assertEquals(2032851498556642092L, digest(mlp(Activation.RELU), Initializer.GLOROT_UNIFORM, 3));
    }
}
