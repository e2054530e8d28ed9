package dev.jmlbench.reports;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.EngineComparison;
import dev.jmlbench.reports.stats.Direction;
import dev.jmlbench.reports.stats.EngineComparisons;
import dev.jmlbench.reports.stats.FigureKey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The engines' figures grouped into comparisons: the same task, device, scenario, metric and parameters (the one
 * {@link FigureKey}), one figure per engine, ordered best first, with the {@link EngineComparison}s of every pair
 * (speed ratio over forks, interval, verdict) from the results file, or computed when the file predates them.
 */
final class Comparisons {
    /** The speed figures the summary ranks: scenario and metric. */
    static final List<String[]> RANKED = List.of(
            new String[] {Names.SCENARIO_INFERENCE_THROUGHPUT, Names.METRIC_THROUGHPUT},
            new String[] {Names.SCENARIO_INFERENCE_LATENCY, Names.METRIC_LATENCY},
            new String[] {Names.SCENARIO_TRAINING_THROUGHPUT, Names.METRIC_THROUGHPUT},
            new String[] {Names.SCENARIO_COLD_START, Names.METRIC_COLD_START});

    private Comparisons() {
    }

    /**
     * One comparison.
     *
     * @param task      task id
     * @param device    device, or null
     * @param scenario  scenario
     * @param metric    metric
     * @param params    the comparison's parameters (environment ones removed), sorted
     * @param direction which way is better
     * @param figures   the figures, best first (in the given order when the direction is neutral)
     * @param pairs     the engine comparisons of every pair, in the order they were recorded
     */
    record Group(String task, String device, String scenario, String metric, Map<String, String> params,
                 Direction direction, List<Measurement> figures, List<EngineComparison> pairs) {
        /** The comparisons of the best figure's engine against each other engine. */
        List<EngineComparison> ofBest() {
            if (figures.isEmpty()) {
                return List.of();
            }
            String best = figures.get(0).engine();
            return pairs.stream().filter(c -> c.engineA().equals(best) || c.engineB().equals(best)).toList();
        }
    }

    /** The parameters of a figure that identify what was measured. */
    static Map<String, String> comparable(Map<String, String> params) {
        return FigureKey.comparableParams(params);
    }

    /** The measurement with its environment parameters removed (for labels). */
    static Measurement comparableMeasurement(Measurement m) {
        return m.withParams(comparable(m.params()));
    }

    /** The comparisons among {@code ms} of the given scenario and metric, in the order first seen. */
    static List<Group> of(List<Measurement> ms, List<EngineComparison> recorded, String scenario, String metric) {
        Map<FigureKey, List<Measurement>> groups = new LinkedHashMap<>();
        for (Measurement m : ms) {
            if (!scenario.equals(m.scenario()) || !metric.equals(m.metric()) || !Double.isFinite(m.value())) {
                continue;
            }
            List<Measurement> list = groups.computeIfAbsent(FigureKey.of(m), k -> new ArrayList<>());
            // one figure per engine: the first recorded
            if (list.stream().noneMatch(x -> Objects.equals(x.engine(), m.engine()))) {
                list.add(m);
            }
        }
        List<EngineComparison> all = recorded.isEmpty() ? EngineComparisons.of(ms) : recorded;
        List<Group> out = new ArrayList<>();
        Direction direction = Direction.of(metric);
        for (Map.Entry<FigureKey, List<Measurement>> e : groups.entrySet()) {
            FigureKey k = e.getKey();
            List<Measurement> ordered = new ArrayList<>(e.getValue());
            if (direction == Direction.HIGHER_IS_BETTER) {
                ordered.sort(Comparator.comparingDouble(Measurement::value).reversed());
            } else if (direction == Direction.LOWER_IS_BETTER) {
                ordered.sort(Comparator.comparingDouble(Measurement::value));
            }
            List<EngineComparison> pairs = all.stream().filter(c -> c.task().equals(k.task())
                    && k.device().equals(c.device() == null ? Names.DEVICE_CPU : c.device()) && c.scenario().equals(k.scenario())
                    && c.metric().equals(k.metric()) && FigureKey.comparableParams(c.params()).equals(k.params()))
                    .toList();
            out.add(new Group(k.task(), Names.DEVICE_CPU.equals(k.device()) ? null : k.device(), scenario, metric, k.params(),
                    direction, List.copyOf(ordered), pairs));
        }
        return out;
    }

    /** Every ranked comparison among {@code ms}: the speed figures of {@link #RANKED}. */
    static List<Group> ranked(List<Measurement> ms, List<EngineComparison> recorded) {
        List<Group> out = new ArrayList<>();
        for (String[] sm : RANKED) {
            List<Group> groups = new ArrayList<>(of(ms, recorded, sm[0], sm[1]));
            groups.sort(java.util.Comparator.comparing((Group g) -> String.valueOf(g.task()))
                    .thenComparingLong(g -> Charts.numeric(g.params().get(Names.PARAM_BATCH_SIZE)))
                    .thenComparingLong(g -> Charts.numeric(g.params().get(Names.PARAM_THREADS))));
            out.addAll(groups);
        }
        return out;
    }

    /** What the comparison is, for people: "inference throughput, batch 32" (threads only when they vary). */
    static String label(Group g, boolean withThreads) {
        String what = switch (g.scenario()) {
            case Names.SCENARIO_INFERENCE_THROUGHPUT -> "Inference throughput";
            case Names.SCENARIO_INFERENCE_LATENCY -> "Single-example latency";
            case Names.SCENARIO_TRAINING_THROUGHPUT -> "Training throughput";
            case Names.SCENARIO_COLD_START -> "Cold start";
            default -> g.scenario() + " " + g.metric();
        };
        List<String> parts = new ArrayList<>();
        String batch = g.params().get(Names.PARAM_BATCH_SIZE);
        if (batch != null && !Names.SCENARIO_INFERENCE_LATENCY.equals(g.scenario())) {
            parts.add("batch " + batch);
        }
        if (withThreads && g.params().get(Names.PARAM_THREADS) != null) {
            parts.add("threads " + g.params().get(Names.PARAM_THREADS));
        }
        if (g.device() != null && !Names.DEVICE_CPU.equals(g.device())) {
            parts.add(g.device());
        }
        g.params().forEach((k, v) -> {
            if (!k.equals(Names.PARAM_BATCH_SIZE) && !k.equals(Names.PARAM_THREADS) && !k.equals(Names.PARAM_EXAMPLES_PER_CALL)
                    && !k.equals(Names.PARAM_PRESET)) {
                parts.add(k + " " + v);
            }
        });
        return parts.isEmpty() ? what : what + ", " + String.join(", ", parts);
    }

    /** Whether the groups differ in their thread parameter (then labels must name it). */
    static boolean threadsVary(List<Group> groups) {
        return groups.stream().map(g -> String.valueOf(g.params().get(Names.PARAM_THREADS))).distinct().count() > 1;
    }

}
