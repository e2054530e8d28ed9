package dev.jmlbench.reports.stats;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a figure is a figure of, engine aside: (task, device, scenario, metric, parameters). Figures of different
 * engines are compared when their keys are equal; figures of two runs when their keys and engines are equal. The
 * parameters leave out {@link Names#ENVIRONMENT_PARAMS} (the JVM and the fork count), which say how a figure was
 * measured rather than what was measured. This is the one key the report, {@code compare A B} and the CI gate
 * pair figures by.
 *
 * @param task     task id
 * @param device   device ({@code cpu} when a file did not say)
 * @param scenario scenario
 * @param metric   metric
 * @param params   what was measured, sorted by name
 */
public record FigureKey(String task, String device, String scenario, String metric, Map<String, String> params)
        implements Comparable<FigureKey> {
    public FigureKey {
        device = device == null || device.isBlank() ? Names.DEVICE_CPU : device;
        params = Collections.unmodifiableMap(new TreeMap<>(params));
    }

    /** The key of {@code m}. */
    public static FigureKey of(Measurement m) {
        return new FigureKey(m.task(), m.device(), m.scenario(), m.metric(), comparableParams(m.params()));
    }

    /** {@code params} without the environment parameters, sorted by name. */
    public static Map<String, String> comparableParams(Map<String, String> params) {
        Map<String, String> p = new TreeMap<>(params);
        p.keySet().removeAll(Names.ENVIRONMENT_PARAMS);
        return p;
    }

    /** The parameters as {@code name=value, ...}; empty when there are none. */
    public String paramsText() {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    @Override
    public int compareTo(FigureKey o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return task + "/" + device + " " + scenario + " " + metric + (params.isEmpty() ? "" : " [" + paramsText() + "]");
    }
}
