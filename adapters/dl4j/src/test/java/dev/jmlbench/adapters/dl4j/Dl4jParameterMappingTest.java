package dev.jmlbench.adapters.dl4j;

import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.DatasetRef;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.Loss;
import dev.jmlbench.core.task.ModelSpec;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.QualityTarget;
import dev.jmlbench.core.task.TaskFamily;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The canonical [in, out] row-major weight lands in DL4J's W with the right orientation, on a non-square layer with
 * distinct values, so a transpose or a storage-order mix-up cannot pass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Dl4jParameterMappingTest {
    private Dl4jEngine engine;

    @BeforeAll
    void open() throws EngineUnavailableException {
        engine = (Dl4jEngine) new Dl4jEngineProvider().open(new EngineConfig(1, Path.of("target", "native-cache")));
    }

    @AfterAll
    void close() {
        engine.close();
    }

    /** 4 inputs -> 3 softmax outputs; weight value 10*i + j at canonical (i, j), bias 100 + j. */
    private static TaskSpec fourToThree() {
        ModelSpec model = new ModelSpec(4, List.of(new LayerSpec.Dense(3, Activation.SOFTMAX)));
        return task(model);
    }

    static TaskSpec task(ModelSpec model) {
        return new TaskSpec("mapping-test", "mapping test", TaskFamily.CLASSIC, new DatasetRef("iris", 0.2, 1), model,
                new TrainingRecipe(new OptimizerSpec.Sgd(0.1), Loss.SOFTMAX_CROSS_ENTROPY, 2, 1, Initializer.ZEROS, 1),
                new QualityTarget(QualityTarget.Metric.ACCURACY, 0));
    }

    private static Parameters distinct() {
        float[] w = new float[4 * 3];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                w[i * 3 + j] = 10 * i + j;
            }
        }
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("layer0.weight", new Tensor(new int[] {4, 3}, w));
        t.put("layer0.bias", new Tensor(new int[] {3}, new float[] {100, 101, 102}));
        return new Parameters(t);
    }

    @Test
    void canonicalWeightIsDl4jWeightByLogicalIndex() {
        try (Dl4jModel model = (Dl4jModel) engine.build(fourToThree())) {
            model.importParameters(distinct());
            INDArray w = model.network().getParam("0_W");
            assertArrayEquals(new long[] {4, 3}, w.shape(), "DL4J W is [nIn, nOut]");
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(10 * i + j, w.getFloat(i, j), 0.0, "W[" + i + "," + j + "]");
                }
            }
            INDArray b = model.network().getParam("0_b");
            assertArrayEquals(new float[] {100, 101, 102}, Dl4jParameterMapping.rowMajor(b));
            // DL4J stores W column-major inside the flat parameter vector: 0 10 20 30 1 11 ...
            float[] flat = Dl4jParameterMapping.rowMajor(model.network().params());
            assertArrayEquals(new float[] {0, 10, 20, 30, 1, 11, 21, 31, 2, 12, 22, 32, 100, 101, 102}, flat);
        }
    }

    @Test
    void forwardPassUsesTheWeightAsXTimesW() {
        try (Dl4jModel model = (Dl4jModel) engine.build(fourToThree())) {
            Parameters p = distinct();
            model.importParameters(p);
            // x = e_1 (second input only): logits are row 1 of W plus b = (110, 112, 114) -> softmax
            float[][] prob = model.predict(new float[][] {{0, 1, 0, 0}});
            double z0 = 110;
            double z1 = 112;
            double z2 = 114;
            double m = Math.max(z0, Math.max(z1, z2));
            double s = Math.exp(z0 - m) + Math.exp(z1 - m) + Math.exp(z2 - m);
            assertEquals(Math.exp(z0 - m) / s, prob[0][0], 1e-6);
            assertEquals(Math.exp(z1 - m) / s, prob[0][1], 1e-6);
            assertEquals(Math.exp(z2 - m) / s, prob[0][2], 1e-6);
        }
    }

    @Test
    void exportIsTheExactInverseOfImport() {
        try (Dl4jModel model = (Dl4jModel) engine.build(fourToThree())) {
            Parameters p = distinct();
            model.importParameters(p);
            assertEquals(p, model.exportParameters());
        }
    }

    @Test
    void roundTripIsExactForADeeperNonSquareNetwork() {
        ModelSpec spec = new ModelSpec(5, List.of(new LayerSpec.Dense(7, Activation.TANH),
                new LayerSpec.Dense(2, Activation.RELU), new LayerSpec.Dense(3, Activation.SOFTMAX)));
        Parameters p = ParameterInitializer.initialize(spec, Initializer.GLOROT_UNIFORM, 123);
        // give the biases distinct non-zero values too
        Map<String, Tensor> t = new LinkedHashMap<>(p.tensors());
        for (int i = 0; i < 3; i++) {
            Tensor b = t.get("layer" + i + ".bias");
            float[] v = new float[b.size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = 0.25f * (j + 1) * (i + 1);
            }
            t.put("layer" + i + ".bias", new Tensor(b.shape(), v));
        }
        Parameters withBias = new Parameters(t);
        try (Dl4jModel model = (Dl4jModel) engine.build(task(spec))) {
            model.importParameters(withBias);
            assertEquals(withBias, model.exportParameters());
            assertArrayEquals(new long[] {5, 7}, model.network().getParam("0_W").shape());
            assertArrayEquals(new long[] {7, 2}, model.network().getParam("1_W").shape());
            assertArrayEquals(new long[] {2, 3}, model.network().getParam("2_W").shape());
        }
    }
}
