package dev.jmlbench.ci.regression;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.reports.stats.FigureKey;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a figure is a figure of: (task, engine, device, scenario, metric, parameters). Two runs' figures are
 * compared only when their keys are equal.
 *
 * <p>The engine and the one {@link FigureKey} the report pairs figures by. Parameters that describe the
 * environment rather than the scenario ({@link #ENVIRONMENT_PARAMS}: the JVM and the JMH fork count) are left out, so that a JDK upgrade is compared with the run before it
 * instead of being reported as new figures.
 *
 * @param task     task id
 * @param engine   engine id
 * @param device   device
 * @param scenario scenario, e.g. {@code inference-throughput}
 * @param metric   metric, e.g. {@code throughput}
 * @param params   the scenario's parameters, sorted by name
 */
public record CellKey(String task, String engine, String device, String scenario, String metric,
                      Map<String, String> params) implements Comparable<CellKey> {

    /** Parameters that describe where and how long a figure was measured, not what was measured. */
    public static final Set<String> ENVIRONMENT_PARAMS = Names.ENVIRONMENT_PARAMS;

    public CellKey {
        params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
    }

    /** The key of {@code m}. */
    public static CellKey of(Measurement m) {
        FigureKey k = FigureKey.of(m);
        return new CellKey(k.task(), m.engine(), k.device(), k.scenario(), k.metric(), k.params());
    }

    /** The parameters as {@code name=value, ...}; empty when there are none. */
    public String paramsText() {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** The same key for another engine (trend charts group engines). */
    public String seriesGroup() {
        return task + " " + scenario + " " + metric + (params.isEmpty() ? "" : " [" + paramsText() + "]");
    }

    @Override
    public int compareTo(CellKey o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return task + "/" + engine + "/" + device + " " + scenario + " " + metric
                + (params.isEmpty() ? "" : " [" + paramsText() + "]");
    }
}
