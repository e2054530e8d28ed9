package dev.jmlbench.adapters.tribuo;

import org.tribuo.math.la.DenseMatrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Helpers shared by the adapter's tests. */
final class TribuoTestSupport {
    private TribuoTestSupport() {
    }

    /** Fails unless {@code a} and {@code b} have the same shape and bit-identical entries. */
    static void assertBitIdentical(DenseMatrix expected, DenseMatrix actual, String what) {
        assertEquals(expected.getDimension1Size(), actual.getDimension1Size(), what + ": rows");
        assertEquals(expected.getDimension2Size(), actual.getDimension2Size(), what + ": columns");
        for (int r = 0; r < expected.getDimension1Size(); r++) {
            for (int c = 0; c < expected.getDimension2Size(); c++) {
                if (Double.doubleToLongBits(expected.get(r, c)) != Double.doubleToLongBits(actual.get(r, c))) {
                    fail(what + ": entry [" + r + ", " + c + "] is " + actual.get(r, c) + ", expected exactly "
                            + expected.get(r, c));
                }
            }
        }
    }

    /** Coefficient of determination of one-column predictions. */
    static double r2(float[][] predicted, float[] targets) {
        double mean = 0;
        for (float t : targets) {
            mean += t;
        }
        mean /= targets.length;
        double sse = 0;
        double sst = 0;
        for (int i = 0; i < targets.length; i++) {
            double e = predicted[i][0] - targets[i];
            sse += e * e;
            sst += (targets[i] - mean) * (targets[i] - mean);
        }
        return 1 - sse / sst;
    }

    /** Root mean squared error of one-column predictions. */
    static double rmse(float[][] predicted, float[] targets) {
        double sse = 0;
        for (int i = 0; i < targets.length; i++) {
            double e = predicted[i][0] - targets[i];
            sse += e * e;
        }
        return Math.sqrt(sse / targets.length);
    }
}
