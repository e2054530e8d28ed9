package dev.jmlbench.suites.harness;

import org.apache.commons.math3.stat.regression.SimpleRegression;

import java.util.List;

/** The least-squares line through points, shared by the scaling fit (on log-log) and the leak check. */
final class LeastSquares {
    private LeastSquares() {
    }

    /**
     * Slope of the least-squares line through {@code [x, y]} points and its standard error: {@code [b, se]}, with
     * the error NaN below three points (no residual degrees of freedom) and both NaN below two (commons-math3's
     * {@link SimpleRegression}).
     */
    static double[] slope(List<double[]> points) {
        SimpleRegression fit = new SimpleRegression();
        for (double[] p : points) {
            fit.addData(p[0], p[1]);
        }
        return new double[] {fit.getSlope(), fit.getSlopeStdErr()};
    }
}
