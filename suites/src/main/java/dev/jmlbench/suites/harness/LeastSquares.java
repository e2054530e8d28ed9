package dev.jmlbench.suites.harness;

import java.util.List;

/** The least-squares line through points, shared by the scaling fit (on log-log) and the leak check. */
final class LeastSquares {
    private LeastSquares() {
    }

    /**
     * Slope of the least-squares line through {@code [x, y]} points and its standard error: {@code [b, se]}, with
     * the error NaN below three points (no residual degrees of freedom) and both NaN below two.
     */
    static double[] slope(List<double[]> points) {
        int n = points.size();
        if (n < 2) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double mx = 0;
        double my = 0;
        for (double[] p : points) {
            mx += p[0];
            my += p[1];
        }
        mx /= n;
        my /= n;
        double sxx = 0;
        double sxy = 0;
        for (double[] p : points) {
            sxx += (p[0] - mx) * (p[0] - mx);
            sxy += (p[0] - mx) * (p[1] - my);
        }
        double b = sxy / sxx;
        if (n < 3) {
            return new double[] {b, Double.NaN};
        }
        double a = my - b * mx;
        double ssr = 0;
        for (double[] p : points) {
            double r = p[1] - (a + b * p[0]);
            ssr += r * r;
        }
        return new double[] {b, Math.sqrt(ssr / (n - 2) / sxx)};
    }
}
