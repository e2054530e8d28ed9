package dev.jmlbench.core.results;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Two engines' figures of the same (task, device, scenario, metric, parameters) as an effect size: how many times
 * faster {@code engineA} is than {@code engineB}, with a confidence interval over JVM forks, and the verdict that
 * interval supports against a practical margin.
 *
 * @param task     task id
 * @param device   device
 * @param scenario scenario, e.g. {@code inference-throughput}
 * @param metric   metric, e.g. {@code throughput}
 * @param params   what was measured (batch size, threads, preset); run-specific parameters left out
 * @param engineA  the engine whose speed is stated (the faster of the two by the point estimate)
 * @param engineB  the engine it is compared with
 * @param ratio    speed of A over speed of B: A's figure over B's for a figure where higher is better
 *                 (throughput), B's over A's where lower is better (latency, time); above 1 means A is faster
 * @param low      lower bound of the interval of {@code ratio}; NaN when no interval could be made
 * @param high     upper bound of the interval of {@code ratio}; NaN when no interval could be made
 * @param level    confidence level of the interval, e.g. 0.95
 * @param margin   practical margin: ratios within {@code [1/(1+margin), 1+margin]} count as equivalent
 * @param verdict  {@code faster}, {@code slower}, {@code equivalent} or {@code inconclusive}, of A against B
 * @param method   how the interval was obtained, for people
 * @param forksA   number of JVM forks behind A's figure
 * @param forksB   number of JVM forks behind B's figure
 * @param statement the comparison as a person reads it, e.g. "reference is 10.6x faster than djl (95% CI
 *                  9.8-11.5x)"
 */
public record EngineComparison(String task, String device, String scenario, String metric,
                               Map<String, String> params, String engineA, String engineB, double ratio, double low,
                               double high, double level, double margin, String verdict, String method, int forksA,
                               int forksB, String statement) {
    /** A faster than B: the whole interval lies above {@code 1 + margin}. */
    public static final String FASTER = "faster";
    /** A slower than B: the whole interval lies below {@code 1 / (1 + margin)}. */
    public static final String SLOWER = "slower";
    /** The whole interval lies inside the margin: no difference that matters. */
    public static final String EQUIVALENT = "equivalent";
    /** The interval reaches both inside and outside the margin, or there are too few forks for one. */
    public static final String INCONCLUSIVE = "inconclusive";

    public EngineComparison {
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
