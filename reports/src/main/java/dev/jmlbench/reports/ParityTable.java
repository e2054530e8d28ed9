package dev.jmlbench.reports;

import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.RunResults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's "Parity with the reference engine" section: per task and engine, how far the engine's forward pass
 * on identical canonical weights lies from the reference engine's, and the first layer beyond its float32 tolerance.
 * It reads the measurements of scenario {@value #SCENARIO}, which the harness's parity run writes; the names below
 * are the contract between the two.
 */
public final class ParityTable {
    /** Scenario of the forward-parity measurements: identical weights, no training. */
    public static final String SCENARIO = Names.SCENARIO_PARITY_FORWARD;
    /** Largest absolute difference of the output probabilities, unit {@value #UNIT_PROBABILITY}. */
    public static final String METRIC_MAX_ABS = Names.METRIC_FORWARD_MAX_ABS;
    /** {@link #METRIC_MAX_ABS} divided by the largest reference output, unit {@value #UNIT_RELATIVE}. */
    public static final String METRIC_MAX_REL = Names.METRIC_FORWARD_MAX_REL;
    /** Largest absolute difference of one layer's output; params {@value #PARAM_LAYER} and {@value #PARAM_KIND}. */
    public static final String METRIC_LAYER_MAX_ABS = Names.METRIC_LAYER_MAX_ABS;
    /** Unit of probability differences. */
    public static final String UNIT_PROBABILITY = Names.UNIT_PROBABILITY;
    /** Unit of relative differences. */
    public static final String UNIT_RELATIVE = Names.UNIT_RELATIVE;
    /** Unit of layer-output differences (the layer's own values). */
    public static final String UNIT_VALUE = Names.UNIT_VALUE;
    /** Param: the first layer beyond its tolerance ("layer 3 (Conv2D)", "output") or {@value #NONE}. */
    public static final String PARAM_FIRST_DIVERGENCE = Names.PARAM_FIRST_DIVERGENCE;
    /** Param: the tolerance the figure was held to (sum of the per-layer-type tiers). */
    public static final String PARAM_ALLOWANCE = Names.PARAM_ALLOWANCE;
    /** Param: "layer by layer" or "output only" (an engine without layer outputs). */
    public static final String PARAM_COMPARISON = Names.PARAM_COMPARISON;
    /** Param: number of test examples compared. */
    public static final String PARAM_EXAMPLES = Names.PARAM_EXAMPLES;
    /** Param: layer index of a {@value #METRIC_LAYER_MAX_ABS} figure. */
    public static final String PARAM_LAYER = Names.PARAM_LAYER;
    /** Param: layer kind of a {@value #METRIC_LAYER_MAX_ABS} figure. */
    public static final String PARAM_KIND = Names.PARAM_KIND;
    /** Value of {@value #PARAM_FIRST_DIVERGENCE} when every layer is within tolerance. */
    public static final String NONE = Names.NONE;

    private ParityTable() {
    }

    /** One row: the figures of one (task, engine). */
    record Row(String task, String engine, Measurement maxAbs, Measurement maxRel, Map<String, Double> byKind) {
    }

    /** The rows of {@code results}, in the order their measurements were recorded. */
    static List<Row> rows(RunResults results) {
        Map<String, Measurement> abs = new LinkedHashMap<>();
        Map<String, Measurement> rel = new LinkedHashMap<>();
        Map<String, Map<String, Double>> byKind = new LinkedHashMap<>();
        for (Measurement m : results.measurements()) {
            if (!SCENARIO.equals(m.scenario())) {
                continue;
            }
            String key = m.task() + "\u0000" + m.engine();
            if (METRIC_MAX_ABS.equals(m.metric())) {
                abs.put(key, m);
            } else if (METRIC_MAX_REL.equals(m.metric())) {
                rel.put(key, m);
            } else if (METRIC_LAYER_MAX_ABS.equals(m.metric())) {
                String kind = m.params().getOrDefault(PARAM_KIND, "?");
                byKind.computeIfAbsent(key, k -> new LinkedHashMap<>()).merge(kind, m.value(), Math::max);
            }
        }
        List<Row> rows = new ArrayList<>();
        abs.forEach((key, m) -> rows.add(new Row(m.task(), m.engine(), m, rel.get(key),
                byKind.getOrDefault(key, Map.of()))));
        return rows;
    }

    /** Writes the section into {@code h}; nothing when the run has no parity figures. */
    static void write(HtmlWriter h, RunResults results) {
        List<Row> rows = rows(results);
        if (rows.isEmpty()) {
            return;
        }
        h.open("section", "id", "parity").element("h2", "Parity with the reference engine");
        h.element("p", "Each engine and the reference engine load the same canonical weights (Glorot-uniform"
                + " weights and distinct small biases from a fixed seed) and predict the same test examples, without"
                + " training. A layer passes when every"
                + " value x satisfies |x - x_ref| <= allowance * max(1, |x_ref|), the allowance being the sum of the"
                + " float32 tiers of the layers up to it (Dense 1e-5, Conv2D 2e-5, recurrent 5e-5, pooling, flatten"
                + " and embedding exact or nearly). Relative: the largest difference over the largest reference"
                + " probability.", "class", "note");
        h.open("table").open("thead").open("tr");
        for (String head : List.of("Task", "Engine", "Max abs diff", "Max rel diff", "Allowance",
                "First layer beyond tolerance", "Compared", "Max abs diff per layer type")) {
            h.element("th", head, "scope", "col");
        }
        h.close().close().open("tbody");
        for (Row r : rows) {
            Map<String, String> p = r.maxAbs().params();
            String first = p.getOrDefault(PARAM_FIRST_DIVERGENCE, NONE);
            h.open("tr", "class", NONE.equals(first) ? null : "regression");
            h.element("th", r.task(), "scope", "row");
            h.element("td", r.engine());
            h.element("td", Format.number(r.maxAbs().value()), "class", "num");
            h.element("td", r.maxRel() == null ? Format.MISSING : Format.number(r.maxRel().value()), "class", "num");
            h.element("td", Format.orMissing(p.get(PARAM_ALLOWANCE)), "class", "num");
            h.element("td", first);
            h.element("td", Format.orMissing(p.get(PARAM_COMPARISON)) + ", " + Format.orMissing(p.get(PARAM_EXAMPLES))
                    + " examples");
            List<String> kinds = new ArrayList<>();
            r.byKind().forEach((kind, v) -> kinds.add(kind + " " + Format.number(v)));
            h.element("td", kinds.isEmpty() ? Format.MISSING : String.join(", ", kinds));
            h.close();
        }
        h.close().close().close();
    }
}
