package dev.jmlbench.adapters.djl;

import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.params.CanonicalLayout;
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

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The canonical {@code [in, out]} weight against DJL's (PyTorch's) {@code [out, in]} Linear weight, on
 * non-square layers whose every value is distinct, so that a missing or doubled transpose, or a reshape in
 * place of a transpose, cannot pass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DjlWeightLayoutTest {
    /** 3 inputs -> 5 tanh units -> 2 softmax outputs: both weights are non-square. */
    static final TaskSpec TASK = new TaskSpec("layout-check", "3-5-2 network for the weight layout test",
            TaskFamily.CLASSIC, new DatasetRef("iris", 0.2, 1),
            new ModelSpec(3, List.of(new LayerSpec.Dense(5, Activation.TANH),
                    new LayerSpec.Dense(2, Activation.SOFTMAX))),
            new TrainingRecipe(new OptimizerSpec.Sgd(0.1), Loss.SOFTMAX_CROSS_ENTROPY, 4, 1, Initializer.ZEROS, 1),
            new QualityTarget(QualityTarget.Metric.ACCURACY, 0.5));

    private Engine engine;

    @BeforeAll
    void open() throws EngineUnavailableException {
        engine = Engines.find("djl").open(new EngineConfig(1, Path.of("target", "native-cache")));
    }

    @AfterAll
    void close() {
        engine.close();
    }

    /** Distinct values: weight of layer l from input i to output o is l + i / 10 + o / 100 (scaled small). */
    static Parameters distinctParameters() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        int[][] shapes = {{3, 5}, {5, 2}};
        for (int l = 0; l < shapes.length; l++) {
            int in = shapes[l][0];
            int out = shapes[l][1];
            float[] w = new float[in * out];
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < out; o++) {
                    w[i * out + o] = 0.1f * (l + 1) + 0.03f * i - 0.011f * o;
                }
            }
            float[] b = new float[out];
            for (int o = 0; o < out; o++) {
                b[o] = -0.05f * (o + 1) + 0.2f * l;
            }
            t.put(CanonicalLayout.weightName(l), new Tensor(new int[] {in, out}, w));
            t.put(CanonicalLayout.biasName(l), new Tensor(new int[] {out}, b));
        }
        return new Parameters(t);
    }

    @Test
    void transposeMovesEveryElementToItsPyTorchPlace() {
        int in = 3;
        int out = 5;
        float[] canonical = new float[in * out];
        for (int k = 0; k < canonical.length; k++) {
            canonical[k] = k; // canonical[i][o] = i * out + o
        }
        float[] djl = DjlModel.canonicalToDjl(canonical, in, out);
        // PyTorch weight[o][i] must be canonical[i][o]
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                assertEquals(i * out + o, djl[o * in + i], "weight[" + o + "][" + i + "]");
            }
        }
        assertEquals(1f, djl[1 * in + 0]); // canonical [0][1] is PyTorch [1][0]
        assertEquals(5f, djl[0 * in + 1]); // canonical [1][0] is PyTorch [0][1]
        assertArrayEquals(canonical, DjlModel.djlToCanonical(djl, in, out));
    }

    @Test
    void importedWeightsSitInDjlTransposedAndExportGivesThemBack() {
        Parameters p = distinctParameters();
        try (DjlModel model = (DjlModel) engine.build(TASK)) {
            model.importParameters(p);
            int[][] shapes = {{3, 5}, {5, 2}};
            for (int l = 0; l < 2; l++) {
                int in = shapes[l][0];
                int out = shapes[l][1];
                assertArrayEquals(new long[] {out, in}, model.djlWeightShape(l), "DJL weight of layer " + l);
                float[] djl = model.djlWeight(l);
                float[] canonical = p.get(CanonicalLayout.weightName(l)).data();
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        assertEquals(canonical[i * out + o], djl[o * in + i], "layer " + l + " [" + i + "][" + o + "]");
                    }
                }
            }
            assertEquals(p, model.exportParameters(), "export must give back exactly what was imported");
        }
    }

    @Test
    void forwardPassUsesTheWeightsInTheCanonicalOrientation() {
        Parameters p = distinctParameters();
        float[][] x = {{0.5f, -1.0f, 2.0f}, {-0.3f, 0.8f, 0.1f}};
        double[][] expected = forwardByHand(p, x);
        try (var model = engine.build(TASK)) {
            model.importParameters(p);
            float[][] actual = model.predict(x);
            for (int r = 0; r < x.length; r++) {
                for (int c = 0; c < 2; c++) {
                    assertEquals(expected[r][c], actual[r][c], 1e-6, "row " + r + " class " + c);
                }
            }
        }
    }

    /** softmax(tanh(x W0 + b0) W1 + b1) in double, straight from the canonical layout. */
    private static double[][] forwardByHand(Parameters p, float[][] x) {
        double[][] a = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            a[r] = new double[x[r].length];
            for (int i = 0; i < x[r].length; i++) {
                a[r][i] = x[r][i];
            }
        }
        int[][] shapes = {{3, 5}, {5, 2}};
        for (int l = 0; l < 2; l++) {
            int in = shapes[l][0];
            int out = shapes[l][1];
            float[] w = p.get(CanonicalLayout.weightName(l)).data();
            float[] b = p.get(CanonicalLayout.biasName(l)).data();
            double[][] z = new double[x.length][out];
            for (int r = 0; r < x.length; r++) {
                for (int o = 0; o < out; o++) {
                    double s = b[o];
                    for (int i = 0; i < in; i++) {
                        s += a[r][i] * w[i * out + o];
                    }
                    z[r][o] = l == 0 ? Math.tanh(s) : s;
                }
            }
            a = z;
        }
        for (double[] row : a) {
            double max = Math.max(row[0], row[1]);
            double sum = 0;
            for (int c = 0; c < row.length; c++) {
                row[c] = Math.exp(row[c] - max);
                sum += row[c];
            }
            for (int c = 0; c < row.length; c++) {
                row[c] /= sum;
            }
        }
        return a;
    }
}
