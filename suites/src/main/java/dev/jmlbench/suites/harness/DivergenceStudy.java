package dev.jmlbench.suites.harness;

import dev.jmlbench.conformance.DivergenceCurve;
import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineProvider;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.task.TaskSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Training divergence as a curve (the study behind {@code jmlbench divergence} and the {@code divergence} group of
 * the studies stage): every engine and the parity reference trained from the task's initial parameters for k
 * optimiser steps (each checkpoint trained afresh) and for the full recipe, compared parameter by parameter and on
 * a probe batch of test examples; beside them the rounding baseline, the parity reference started one float32 ulp
 * away. Curves that look like the baseline's mean the engines differ as rounding grows in training; a curve far
 * above it at step 1, or a jump the baseline does not have, points at a difference in what is computed.
 */
public final class DivergenceStudy {
    /** The stage name of its cells, and the catalogue group naming its tasks. */
    public static final String STAGE = "divergence";
    /** The checkpoints the studies stage draws: steps, and -1 for the end of the full recipe. */
    public static final List<Integer> CHECKPOINTS = List.of(1, 10, 100, -1);

    private DivergenceStudy() {
    }

    /**
     * One curve.
     *
     * @param engine the engine compared with the parity reference (the reference itself for the baseline)
     * @param start  {@link Names#START_SAME} or {@link Names#START_ONE_ULP}
     * @param points one point per checkpoint
     */
    public record Curve(String engine, String start, List<DivergenceCurve.Point> points) {
    }

    /**
     * The curves of one task.
     *
     * @param stepsPerEpoch optimiser steps of one epoch over the whole training set (full mini-batches)
     * @param endSteps      optimiser steps of the full recipe (the end point)
     * @param probeExamples test examples the outputs are compared on
     * @param curves        the rounding baseline first, then one per engine that supports the task
     */
    public record Curves(int stepsPerEpoch, int endSteps, int probeExamples, List<Curve> curves) {
    }

    /**
     * Trains and compares; checkpoints beyond one epoch are skipped (said in the log), unsupported engines too.
     *
     * @param checkpoints step counts, -1 for the end of the full recipe
     * @throws EngineUnavailableException when the parity reference cannot be opened (an engine that cannot is
     *                                    skipped and the log says why)
     */
    public static Curves run(TaskSpec t, TaskData.Classification data, List<EngineProvider> providers,
                             List<Integer> checkpoints, int examples, EngineConfig config, Consumer<String> log)
            throws EngineUnavailableException {
        LabeledData train = data.train();
        int batch = t.training().batchSize();
        int perEpoch = train.size() / batch;
        int endSteps = t.training().epochs() * ((train.size() + batch - 1) / batch);
        List<Integer> usable = checkpoints.stream().filter(k -> k <= perEpoch).toList();
        checkpoints.stream().filter(k -> k > perEpoch).forEach(k -> log.accept("[divergence] " + t.id() + ": " + k
                + " steps skipped: one epoch has " + perEpoch + " steps; 'end' is the full recipe"));
        float[][] probe = Arrays.copyOf(data.test().features(), Math.min(examples, data.test().size()));
        Parameters initial = ParameterInitializer.initialize(t.model(), t.training().initializer(), t.training().seed());
        List<Curve> curves = new ArrayList<>();
        EngineProvider refProvider = Engines.parityReference();
        try (Engine reference = refProvider.open(config)) {
            Map<Integer, DivergenceCurve.Trained> ref = new LinkedHashMap<>();
            for (int k : usable) {
                ref.put(k, DivergenceCurve.train(reference, t, initial, train, k, probe));
            }
            curves.add(new Curve(refProvider.id(), Names.START_ONE_ULP, curve(log, t, refProvider.id()
                    + " started 1 ulp away (rounding baseline)", reference, DivergenceCurve.ulpPerturbed(initial),
                    train, probe, usable, ref)));
            for (EngineProvider p : providers) {
                if (p.isParityReference()) {
                    continue;
                }
                Engine opened;
                try {
                    opened = p.open(config);
                } catch (EngineUnavailableException e) {
                    log.accept("[divergence] " + t.id() + " on " + p.id() + ": skipped, the engine could not be"
                            + " opened: " + e.getMessage());
                    continue;
                }
                try (Engine e = opened) {
                    if (!e.supports(t).supported()) {
                        log.accept("[divergence] " + t.id() + " on " + p.id() + ": skipped, " + e.supports(t).reason());
                        continue;
                    }
                    curves.add(new Curve(p.id(), Names.START_SAME, curve(log, t, p.id() + " vs " + refProvider.id(),
                            e, initial, train, probe, usable, ref)));
                }
            }
        }
        return new Curves(perEpoch, endSteps, probe.length, curves);
    }

    private static List<DivergenceCurve.Point> curve(Consumer<String> log, TaskSpec t, String title, Engine engine,
                                                     Parameters initial, LabeledData train, float[][] probe,
                                                     List<Integer> checkpoints,
                                                     Map<Integer, DivergenceCurve.Trained> ref) {
        log.accept("[divergence] " + t.id() + ", " + title + ":");
        List<DivergenceCurve.Point> points = new ArrayList<>();
        for (int k : checkpoints) {
            DivergenceCurve.Point p = DivergenceCurve.compare(k, DivergenceCurve.train(engine, t, initial, train, k,
                    probe), ref.get(k));
            log.accept("  " + p);
            points.add(p);
        }
        return points;
    }

    /** The curves as figures for results.json: four metrics per point. */
    public static List<Measurement> measurements(TaskSpec t, Curves c, int threads) {
        List<Measurement> out = new ArrayList<>();
        for (Curve curve : c.curves()) {
            for (DivergenceCurve.Point p : curve.points()) {
                Map<String, String> params = new LinkedHashMap<>();
                params.put(Names.PARAM_STEPS, Integer.toString(p.steps() < 0 ? c.endSteps() : p.steps()));
                if (p.steps() < 0) {
                    params.put(Names.PARAM_CHECKPOINT, "end");
                }
                params.put(Names.PARAM_START, curve.start());
                params.put("probeExamples", Integer.toString(c.probeExamples()));
                params.put(Names.PARAM_THREADS, Integer.toString(threads));
                double[] metrics = {p.maxParamDiff(), p.maxOutputDiff(), p.medianOutputDiff(), p.sameClassShare()};
                String[] names = {Names.METRIC_MAX_PARAM_DIFF, Names.METRIC_MAX_OUTPUT_DIFF,
                        Names.METRIC_MEDIAN_OUTPUT_DIFF, Names.METRIC_SAME_CLASS_SHARE};
                String[] units = {"abs", "abs", "abs", Names.UNIT_FRACTION};
                for (int i = 0; i < names.length; i++) {
                    out.add(Measurement.of(t.id(), curve.engine(), Names.SCENARIO_TRAINING_DIVERGENCE, names[i])
                            .device(Names.DEVICE_CPU).params(params).value(metrics[i], units[i]).build());
                }
            }
        }
        return out;
    }
}
