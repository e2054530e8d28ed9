package dev.jmlbench.adapters.tribuo;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.SGD;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins down the mini-batch update rule of Tribuo's SGD trainers that the adapter compensates for, so that a
 * Tribuo upgrade that changes it fails here first. Read from Tribuo 4.3.2's {@code AbstractSGDTrainer.train}:
 * a batch of m examples (batch size B, example weights w_k) moves the weights by
 * {@code lr * (sum_k w_k / B) * B * sum_k grad_k}; the bias is the last column and starts at zero like all
 * weights.
 */
class TribuoSgdRuleTest {
    private static final String[] NAMES = {"a", "b"};
    private static final double[][] X = {{1.0, -2.0}, {0.5, 1.5}, {-1.0, 0.25}};
    private static final String[] Y = {"x", "y", "x"};
    private static final float[] W = {1f, 1f, 3f};

    @BeforeAll
    static void quietTribuo() {
        new TribuoEngineProvider().open(TribuoWeightMappingTest.config()).close();
    }

    @Test
    void batchGradientsAreSummedAndScaledByTheBatchSize() {
        double lr = 0.3;
        int batch = 2;
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("rule", factory), factory);
        for (int k = 0; k < X.length; k++) {
            Example<Label> e = new ArrayExample<>(new Label(Y[k]), NAMES, X[k]);
            e.setWeight(W[k]);
            data.add(e);
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), SGD.getSimpleSGD(lr), 1, -1, batch, 1L);
        trainer.setShuffle(false);
        LinearSGDModel model = trainer.train(data);
        DenseMatrix actual = model.getWeightsCopy();

        int[] column = {model.getFeatureIDMap().getID("a"), model.getFeatureIDMap().getID("b")};
        @SuppressWarnings("unchecked")
        org.tribuo.ImmutableOutputInfo<Label> info = model.getOutputIDInfo();
        int[] row = {info.getID(new Label("x")), info.getID(new Label("y"))};
        int[] target = {0, 1, 0};

        // expected[class][feature], bias at index 2; by hand, in the canonical class order x, y
        double[][] tribuoRule = new double[2][3];
        double[][] meanRule = new double[2][3];
        for (int start = 0; start < X.length; start += batch) {
            int end = Math.min(X.length, start + batch);
            double[][] sum = gradientSum(tribuoRule, start, end, target);
            double weightSum = 0;
            for (int k = start; k < end; k++) {
                weightSum += W[k];
            }
            step(tribuoRule, sum, lr * (weightSum / batch) * batch);
            step(meanRule, gradientSum(meanRule, start, end, target), lr / (end - start));
        }
        double maxDiffToMeanRule = 0;
        for (int j = 0; j < 2; j++) {
            for (int f = 0; f < 2; f++) {
                assertEquals(tribuoRule[j][f], actual.get(row[j], column[f]), 1e-12, "class " + j + " feature " + f);
                maxDiffToMeanRule = Math.max(maxDiffToMeanRule, Math.abs(meanRule[j][f] - actual.get(row[j], column[f])));
            }
            assertEquals(tribuoRule[j][2], actual.get(row[j], 2), 1e-12, "bias of class " + j + " (last column)");
        }
        assertTrue(maxDiffToMeanRule > 0.1, "the rule must differ from lr * mean(grad): " + maxDiffToMeanRule);
    }

    /** Sum over examples [start, end) of the descent direction (onehot - softmax) x [features, 1]. */
    private static double[][] gradientSum(double[][] w, int start, int end, int[] target) {
        double[][] sum = new double[2][3];
        for (int k = start; k < end; k++) {
            double[] x = {X[k][0], X[k][1], 1.0};
            double[] z = new double[2];
            for (int j = 0; j < 2; j++) {
                for (int f = 0; f < 3; f++) {
                    z[j] += w[j][f] * x[f];
                }
            }
            double max = Math.max(z[0], z[1]);
            double e0 = Math.exp(z[0] - max);
            double e1 = Math.exp(z[1] - max);
            double[] p = {e0 / (e0 + e1), e1 / (e0 + e1)};
            for (int j = 0; j < 2; j++) {
                double d = (j == target[k] ? 1 : 0) - p[j];
                for (int f = 0; f < 3; f++) {
                    sum[j][f] += d * x[f];
                }
            }
        }
        return sum;
    }

    private static void step(double[][] w, double[][] direction, double factor) {
        for (int j = 0; j < 2; j++) {
            for (int f = 0; f < 3; f++) {
                w[j][f] += factor * direction[j][f];
            }
        }
    }
}
