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

    /**
     * A builder of a figure of {@code task} on {@code engine} for {@code scenario} and {@code metric}, on the
     * device {@link Names#DEVICE_CPU} until {@link Builder#device} says otherwise; {@link Builder#value} is
     * required, everything else is optional (absent: null, or no params).
     */
    public static Builder of(String task, String engine, String scenario, String metric) {
        return new Builder(task, engine, scenario, metric);
    }

    /**
     * A builder of a figure derived from this one: the same task, engine, device, scenario and params, measured on
     * the same model (accuracy, target met, dataset), under another {@code metric}; value and unit to be given.
     */
    public Builder derive(String newMetric) {
        return new Builder(task, engine, scenario, newMetric).device(device).params(params)
                .quality(accuracy, qualityMet).dataset(dataset);
    }

    /** Builds a {@link Measurement} by name instead of by position. */
    public static final class Builder {
        private final String task;
        private final String engine;
        private final String scenario;
        private final String metric;
        private String device = Names.DEVICE_CPU;
        private final Map<String, String> params = new LinkedHashMap<>();
        private double value;
        private String unit;
        private boolean valued;
        private Double error;
        private Long samples;
        private Map<String, Double> percentiles;
        private List<Double> rawScores;
        private Double accuracy;
        private Boolean qualityMet;
        private DatasetStamp dataset;
        private List<Double> forkMeans;

        private Builder(String task, String engine, String scenario, String metric) {
            this.task = task;
            this.engine = engine;
            this.scenario = scenario;
            this.metric = metric;
        }

        public Builder device(String d) {
            this.device = d;
            return this;
        }

        /** Adds {@code more} to the params given so far. */
        public Builder params(Map<String, String> more) {
            this.params.putAll(more);
            return this;
        }

        public Builder param(String name, String v) {
            this.params.put(name, v);
            return this;
        }

        /** The figure and its unit (required). */
        public Builder value(double v, String u) {
            this.value = v;
            this.unit = u;
            this.valued = true;
            return this;
        }

        public Builder error(Double e) {
            this.error = e;
            return this;
        }

        public Builder samples(long n) {
            this.samples = n;
            return this;
        }

        /** The number of samples, or null when not known. */
        public Builder samples(Long n) {
            this.samples = n;
            return this;
        }

        public Builder percentiles(Map<String, Double> p) {
            this.percentiles = p;
            return this;
        }

        public Builder rawScores(List<Double> raw) {
            this.rawScores = raw;
            return this;
        }

        /** The quality of the model the figure was measured on; either may be null (not known). */
        public Builder quality(Double reached, Boolean met) {
            this.accuracy = reached;
            this.qualityMet = met;
            return this;
        }

        public Builder dataset(DatasetStamp stamp) {
            this.dataset = stamp;
            return this;
        }

        public Builder forkMeans(List<Double> means) {
            this.forkMeans = means;
            return this;
        }

        /**
         * The figure.
         *
         * @throws IllegalStateException when no value was given
         */
        public Measurement build() {
            if (!valued) {
                throw new IllegalStateException("a measurement of " + metric + " (" + task + " on " + engine
                        + ") needs a value and unit");
            }
            return new Measurement(task, engine, device, scenario, params, metric, value, unit, error, samples,
                    percentiles, rawScores, accuracy, qualityMet, dataset, forkMeans);
        }
    }

    /** How many JVM forks measured this figure; 0 when it does not come from forks. */
    @com.fasterxml.jackson.annotation.JsonProperty(access = com.fasterxml.jackson.annotation.JsonProperty.Access.READ_ONLY)
    public int forks() {
        return forkMeans == null ? 0 : forkMeans.size();
    }
}
