package dev.jmlbench.reports;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.reports.stats.Direction;
import dev.jmlbench.reports.stats.PairwiseComparison;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The engines' figures grouped into comparisons: the same task, device, scenario, metric and parameters (less the
 * run-specific ones), one figure per engine, ranked and tested pairwise.
 */
final class Comparisons {
    /** Parameters that describe how a run was made rather than what was measured; never part of a comparison key. */
    static final Set<String> RUN_SPECIFIC = Set.of("jvm", "forks", "preset");

    /** The speed figures the summary ranks: scenario and metric. */
    static final List<String[]> RANKED = List.of(
            new String[] {Names.SCENARIO_INFERENCE_THROUGHPUT, Names.METRIC_THROUGHPUT},
            new String[] {Names.SCENARIO_INFERENCE_LATENCY, Names.METRIC_LATENCY},
            new String[] {"training-throughput", Names.METRIC_THROUGHPUT},
            new String[] {"cold-start", "cold-start"});

    private Comparisons() {
    }

    /**
     * One comparison.
     *
     * @param task     task id
     * @param device   device, or null
     * @param scenario scenario
     * @param metric   metric
     * @param params   the comparison's parameters (run-specific ones removed), sorted
     * @param ranking  the figures, best first, with every pair tested
     */
    record Group(String task, String device, String scenario, String metric, Map<String, String> params,
                 PairwiseComparison.Ranking ranking) {
        List<Measurement> figures() {
            return ranking.ordered();
        }
    }

    /** The parameters of a figure that identify what was measured. */
    static Map<String, String> comparable(Map<String, String> params) {
        Map<String, String> out = new TreeMap<>(params);
        RUN_SPECIFIC.forEach(out::remove);
        return out;
    }

    /** The measurement with its run-specific parameters removed (for labels). */
    static Measurement comparableMeasurement(Measurement m) {
        return new Measurement(m.task(), m.engine(), m.device(), m.scenario(), comparable(m.params()), m.metric(),
                m.value(), m.unit(), m.error(), m.samples(), m.percentiles(), m.rawScores(), m.accuracy(),
                m.qualityMet(), m.dataset());
    }

    /** The comparisons among {@code ms} of the given scenario and metric, in the order first seen. */
    static List<Group> of(List<Measurement> ms, String scenario, String metric) {
        Map<String, List<Measurement>> groups = new LinkedHashMap<>();
        for (Measurement m : ms) {
            if (!scenario.equals(m.scenario()) || !metric.equals(m.metric()) || !Double.isFinite(m.value())) {
                continue;
            }
            String key = m.task() + "\u0000" + Objects.toString(blankToNull(m.device())) + "\u0000"
                    + comparable(m.params());
            List<Measurement> list = groups.computeIfAbsent(key, k -> new ArrayList<>());
            // one figure per engine: the first recorded
            if (list.stream().noneMatch(x -> Objects.equals(x.engine(), m.engine()))) {
                list.add(m);
            }
        }
        List<Group> out = new ArrayList<>();
        Direction direction = Direction.of(metric);
        for (List<Measurement> list : groups.values()) {
            Measurement first = list.get(0);
            out.add(new Group(first.task(), blankToNull(first.device()), scenario, metric,
                    comparable(first.params()), PairwiseComparison.rank(list, direction)));
        }
        return out;
    }

    /** Every ranked comparison among {@code ms}: the speed figures of {@link #RANKED}. */
    static List<Group> ranked(List<Measurement> ms) {
        List<Group> out = new ArrayList<>();
        for (String[] sm : RANKED) {
            List<Group> groups = new ArrayList<>(of(ms, sm[0], sm[1]));
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
            case "training-throughput" -> "Training throughput";
            case "cold-start" -> "Cold start";
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
        if (g.device() != null && !"cpu".equals(g.device())) {
            parts.add(g.device());
        }
        g.params().forEach((k, v) -> {
            if (!k.equals(Names.PARAM_BATCH_SIZE) && !k.equals(Names.PARAM_THREADS) && !k.equals("examplesPerCall")) {
                parts.add(k + " " + v);
            }
        });
        return parts.isEmpty() ? what : what + ", " + String.join(", ", parts);
    }

    /** Whether the groups differ in their thread parameter (then labels must name it). */
    static boolean threadsVary(List<Group> groups) {
        return groups.stream().map(g -> String.valueOf(g.params().get(Names.PARAM_THREADS))).distinct().count() > 1;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
