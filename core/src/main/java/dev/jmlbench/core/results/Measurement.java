package dev.jmlbench.core.results;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One measured figure for one (task, engine, device, scenario, parameters).
 *
 * @param task        task id
 * @param engine      engine id
 * @param device      device, e.g. {@code cpu}
 * @param scenario    what was measured: {@code quality}, {@code inference-throughput}, {@code inference-latency}
 * @param params      the scenario's parameters (batch size, threads, ...)
 * @param metric      the figure's name, e.g. {@code accuracy}, {@code throughput}, {@code latency}
 * @param value       the figure (for JMH: the score)
 * @param unit        its unit, e.g. {@code samples/s}, {@code us}, {@code s}, {@code fraction}
 * @param error       half-width of the 99.9% confidence interval as JMH reports it; null when not known
 * @param samples     number of samples behind the figure (measurement iterations or latency samples)
 * @param percentiles latency percentiles by name ({@code p50}, {@code p90}, {@code p99}, ...), when measured
 * @param rawScores   the per-iteration scores behind {@code value}, when there are several
 * @param accuracy    test accuracy of the model the figure was measured on; null when not known
 * @param qualityMet  whether that accuracy reached the task's target; null when not known
 * @param dataset     the data the figure was measured on
 * @param forkMeans   the figure measured in each JVM fork (the mean of that fork's iterations, in the figure's
 *                    unit): the replicates that intervals and comparisons work on, since iterations inside one
 *                    fork share its JIT decisions, heap layout and thread pools; null when the figure does not
 *                    come from forked JVMs (quality-stage figures, files written before forks were recorded)
 */
public record Measurement(String task, String engine, String device, String scenario, Map<String, String> params,
                          String metric, double value, String unit, Double error, Long samples,
                          Map<String, Double> percentiles, List<Double> rawScores, Double accuracy,
                          Boolean qualityMet, DatasetStamp dataset, List<Double> forkMeans) {
    public Measurement {
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        percentiles = percentiles == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(percentiles));
        rawScores = rawScores == null ? null : List.copyOf(rawScores);
        forkMeans = forkMeans == null ? null : List.copyOf(forkMeans);
    }

    /** A figure that does not come from forked JVMs (no per-fork means). */
    public Measurement(String task, String engine, String device, String scenario, Map<String, String> params,
                       String metric, double value, String unit, Double error, Long samples,
                       Map<String, Double> percentiles, List<Double> rawScores, Double accuracy,
                       Boolean qualityMet, DatasetStamp dataset) {
        this(task, engine, device, scenario, params, metric, value, unit, error, samples, percentiles, rawScores,
                accuracy, qualityMet, dataset, null);
    }

    /** The same figure, tagged with the accuracy of the model it was measured on. */
    public Measurement withAccuracy(double reached, boolean met) {
        return new Measurement(task, engine, device, scenario, params, metric, value, unit, error, samples,
                percentiles, rawScores, reached, met, dataset, forkMeans);
    }

    /** The same figure with its per-fork means. */
    public Measurement withForkMeans(List<Double> means) {
        return new Measurement(task, engine, device, scenario, params, metric, value, unit, error, samples,
                percentiles, rawScores, accuracy, qualityMet, dataset, means);
    }

    /** The same figure with other parameters. */
    public Measurement withParams(Map<String, String> newParams) {
        return new Measurement(task, engine, device, scenario, newParams, metric, value, unit, error, samples,
                percentiles, rawScores, accuracy, qualityMet, dataset, forkMeans);
    }

    /** How many JVM forks measured this figure; 0 when it does not come from forks. */
    @com.fasterxml.jackson.annotation.JsonProperty(access = com.fasterxml.jackson.annotation.JsonProperty.Access.READ_ONLY)
    public int forks() {
        return forkMeans == null ? 0 : forkMeans.size();
    }
}
