package dev.jmlbench.reports.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Quantiles against printed tables (Student's t and normal tables, e.g. Abramowitz and Stegun 26.7, 26.2). */
class DistributionsTest {
    @Test
    void studentTQuantilesMatchTheTables() {
        assertEquals(12.706205, Distributions.studentTQuantile(0.975, 1), 1e-6);
        assertEquals(4.302653, Distributions.studentTQuantile(0.975, 2), 1e-6);
        assertEquals(2.776445, Distributions.studentTQuantile(0.975, 4), 1e-6);
        assertEquals(2.228139, Distributions.studentTQuantile(0.975, 10), 1e-6);
        assertEquals(2.749996, Distributions.studentTQuantile(0.995, 30), 1e-6);
        // JMH's 99.9% interval over five iterations uses this one
        assertEquals(8.610302, Distributions.studentTQuantile(0.9995, 4), 1e-6);
        assertEquals(-2.776445, Distributions.studentTQuantile(0.025, 4), 1e-6);
        // many degrees of freedom: the normal quantile
        assertEquals(1.959966, Distributions.studentTQuantile(0.975, 1e6), 1e-5);
    }

    @Test
    void studentTCdfIsTheInverse() {
        assertEquals(0.975, Distributions.studentTCdf(2.776445, 4), 1e-7);
        assertEquals(0.5, Distributions.studentTCdf(0, 7), 1e-15);
        // t with 1 degree of freedom is Cauchy: F(1) = 3/4
        assertEquals(0.75, Distributions.studentTCdf(1, 1), 1e-12);
        // with 2: F(t) = 1/2 + t / (2 sqrt(2 + t^2))
        assertEquals(0.5 + 1.5 / (2 * Math.sqrt(2 + 2.25)), Distributions.studentTCdf(1.5, 2), 1e-12);
    }

    @Test
    void normalMatchesTheTables() {
        assertEquals(0.975, Distributions.normalCdf(1.959964), 1e-7);
        assertEquals(0.841345, Distributions.normalCdf(1), 1e-6);
        assertEquals(0.5, Distributions.normalCdf(0), 1e-15);
        assertEquals(1.959964, Distributions.normalQuantile(0.975), 1e-6);
        assertEquals(-2.326348, Distributions.normalQuantile(0.01), 1e-6);
        assertEquals(3.090232, Distributions.normalQuantile(0.999), 1e-6);
        assertEquals(2.866516e-7, Distributions.normalUpperTail(5), 1e-12);
    }

    @Test
    void impossibleArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Distributions.studentTQuantile(1, 3));
        assertThrows(IllegalArgumentException.class, () -> Distributions.studentTQuantile(0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> Distributions.normalQuantile(0));
    }
}
