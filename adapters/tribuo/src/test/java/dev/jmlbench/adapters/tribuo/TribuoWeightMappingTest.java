package dev.jmlbench.adapters.tribuo;

import dev.jmlbench.core.params.CanonicalLayout;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import org.junit.jupiter.api.Test;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.math.la.DenseMatrix;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The canonical [in, out] weight and [out] bias against Tribuo's [labels, features + 1] matrix, with distinct
 * values everywhere, so that a transpose, a label-order or a bias-column mistake cannot pass.
 */
class TribuoWeightMappingTest {
    private static final int IN = 4;
    private static final int OUT = 3;

    /** w[i][j] = 10 * (i + 1) + (j + 1), b[j] = -(j + 1) / 2: every value distinct and non-zero. */
    private static float[] weights() {
        float[] w = new float[IN * OUT];
        for (int i = 0; i < IN; i++) {
            for (int j = 0; j < OUT; j++) {
                w[i * OUT + j] = 10f * (i + 1) + (j + 1);
            }
        }
        return w;
    }

    private static float[] biases() {
        return new float[] {-0.5f, -1f, -1.5f};
    }

    @Test
    void permutedIdsPutEveryValueInItsRowAndColumn() {
        int[] columnOfInput = {2, 0, 3, 1};
        int[] rowOfClass = {1, 2, 0};
        WeightMapping mapping = new WeightMapping(columnOfInput, rowOfClass);
        float[] w = weights();
        float[] b = biases();
        DenseMatrix m = mapping.toTribuo(w, b);
        assertEquals(OUT, m.getDimension1Size());
        assertEquals(IN + 1, m.getDimension2Size());
        for (int i = 0; i < IN; i++) {
            for (int j = 0; j < OUT; j++) {
                assertEquals(w[i * OUT + j], m.get(rowOfClass[j], columnOfInput[i]), "w[" + i + "][" + j + "]");
            }
        }
        for (int j = 0; j < OUT; j++) {
            assertEquals(b[j], m.get(rowOfClass[j], IN), "bias " + j + " in the last column");
        }
        // a hand-checked entry: canonical w[0][0] = 11 lives in row 1 (class 0), column 2 (input 0)
        assertEquals(11.0, m.get(1, 2));
        Parameters back = mapping.toCanonical(m);
        assertArrayEquals(w, back.get(CanonicalLayout.weightName(0)).data());
        assertArrayEquals(b, back.get(CanonicalLayout.biasName(0)).data());
    }

    @Test
    void rejectsIdsThatAreNotAPermutation() {
        assertThrows(IllegalStateException.class, () -> new WeightMapping(new int[] {0, 0, 1, 2}, new int[] {0, 1, 2}));
        assertThrows(IllegalStateException.class, () -> new WeightMapping(new int[] {0, 1, 2, 3}, new int[] {0, 1, 3}));
    }

    @Test
    void featureNamesSortInColumnOrder() {
        String[] names = TribuoData.featureNames(12345);
        assertEquals("f00000", names[0]);
        assertEquals("f12344", names[12344]);
        for (int i = 1; i < names.length; i++) {
            assertEquals(-1, Integer.signum(names[i - 1].compareTo(names[i])), names[i - 1] + " vs " + names[i]);
        }
        assertEquals("f0000", TribuoData.featureNames(4)[0]);
    }

    @Test
    void importedParametersLandInTribuosMatrixAndComeBackExactly() {
        TaskSpec iris = TaskCatalogue.builtIn().get("iris-logreg");
        Parameters p = parameters(weights(), biases());
        try (TribuoModel model = (TribuoModel) new TribuoEngineProvider().open(config()).build(iris)) {
            model.importParameters(p);
            DenseMatrix m = model.tribuoWeightsCopy();
            ImmutableFeatureMap features = model.tribuoModel().getFeatureIDMap();
            @SuppressWarnings("unchecked")
            ImmutableOutputInfo<Label> labels = model.tribuoModel().getOutputIDInfo();
            assertEquals(IN + 1, m.getDimension2Size(), "features + bias column");
            float[] w = weights();
            for (int i = 0; i < IN; i++) {
                for (int j = 0; j < OUT; j++) {
                    int row = labels.getID(new Label(Integer.toString(j)));
                    int column = features.getID(TribuoData.featureNames(IN)[i]);
                    assertEquals(w[i * OUT + j], m.get(row, column), "w[" + i + "][" + j + "]");
                }
            }
            for (int j = 0; j < OUT; j++) {
                assertEquals(biases()[j], m.get(labels.getID(new Label(Integer.toString(j))), IN), "bias " + j);
            }
            assertEquals(p, model.exportParameters());
        }
    }

    @Test
    void predictionsThroughTribuoAreSoftmaxOfXwPlusB() {
        TaskSpec iris = TaskCatalogue.builtIn().get("iris-logreg");
        // small weights so that no probability saturates
        float[] w = weights();
        for (int k = 0; k < w.length; k++) {
            w[k] /= 40f;
        }
        float[] b = {0.3f, -0.2f, 0.1f};
        float[][] x = {{0, 0, 0, 0}, {1, 0, 0, 0}, {0, 0, 0, 1}, {0.5f, -1.25f, 2f, -0.75f}};
        try (TribuoModel model = (TribuoModel) new TribuoEngineProvider().open(config()).build(iris)) {
            model.importParameters(parameters(w, b));
            float[][] p = model.predict(x);
            for (int r = 0; r < x.length; r++) {
                double[] z = new double[OUT];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < OUT; j++) {
                    z[j] = b[j];
                    for (int i = 0; i < IN; i++) {
                        z[j] += (double) x[r][i] * w[i * OUT + j];
                    }
                    max = Math.max(max, z[j]);
                }
                double sum = 0;
                for (int j = 0; j < OUT; j++) {
                    z[j] = Math.exp(z[j] - max);
                    sum += z[j];
                }
                for (int j = 0; j < OUT; j++) {
                    assertEquals(z[j] / sum, p[r][j], 1e-6, "row " + r + " class " + j);
                }
            }
        }
    }

    static Parameters parameters(float[] w, float[] b) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put(CanonicalLayout.weightName(0), new Tensor(new int[] {IN, OUT}, w));
        t.put(CanonicalLayout.biasName(0), new Tensor(new int[] {OUT}, b));
        return new Parameters(t);
    }

    static dev.jmlbench.core.engine.EngineConfig config() {
        return new dev.jmlbench.core.engine.EngineConfig(1, java.nio.file.Path.of("target", "native-cache"));
    }
}
