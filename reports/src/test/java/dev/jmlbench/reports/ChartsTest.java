package dev.jmlbench.reports;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Values XChart cannot draw: missing, NaN, zero or negative on a logarithmic axis, error bars reaching below zero,
 * a single point, all-equal values. Each chart is drawn without them or not at all, never an exception.
 */
class ChartsTest {
    private static final String T = TestFixtures.TASK;

    private static TaskView view(List<Measurement> ms) {
        RunResults r = new RunResults(RunResults.SCHEMA_VERSION, "charts", TestFixtures.environment(),
                TestFixtures.engines("DJL"), List.of(TestFixtures.task(T, 0.9)), TestFixtures.datasets(), ms,
                List.of());
        return TaskView.of(r).get(0);
    }

    private static Measurement latency(String engine, Map<String, Double> pct) {
        return Measurement.of(T, engine, Names.SCENARIO_INFERENCE_LATENCY, Names.METRIC_LATENCY)
                .param(Names.PARAM_THREADS, "1").value(10, Names.UNIT_MICROS).samples(100).percentiles(pct).build();
    }

    private static Map<String, Double> pct(Double p50, Double p90, Double p99, Double p999) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("p50", p50);
        m.put("p90", p90);
        m.put("p99", p99);
        m.put("p99.9", p999);
        return m;
    }

    private static void decodes(Optional<Charts.Chart> chart) throws IOException {
        assertTrue(chart.isPresent());
        assertNotNull(ImageIO.read(new ByteArrayInputStream(chart.get().png())));
    }

    @Test
    void latencyCurvesLeaveOutMissingPercentilesAndKeepTheLogAxisOnlyForPositiveValues() throws IOException {
        // a missing p90 and p99.9 (null), a NaN p99: the line has the points that exist
        Optional<Charts.Chart> gaps = Charts.latency(view(List.of(
                latency("tribuo", pct(12.0, null, Double.NaN, null)),
                latency("djl", pct(20.0, 30.0, 99.0, 400.0)))));
        decodes(gaps);
        assertTrue(gaps.get().alt().contains("logarithmic"), gaps.get().alt());
        assertTrue(gaps.get().alt().contains("Tribuo: p50 12.00, p90 \u2014, p99 \u2014, p99.9 \u2014"),
                gaps.get().alt());
        // a zero percentile cannot go on a log axis: the axis becomes linear instead of XChart throwing
        Optional<Charts.Chart> zero = Charts.latency(view(List.of(latency("tribuo", pct(0.0, 1.0, 2.0, 50.0)))));
        decodes(zero);
        assertFalse(zero.get().alt().contains("logarithmic"));
        // only one drawable point in all
        decodes(Charts.latency(view(List.of(latency("tribuo", pct(5.0, null, null, null))))));
    }

    @Test
    void latencyWithoutAnyDrawablePercentileHasNoChart() {
        assertTrue(Charts.latency(view(List.of(latency("tribuo", pct(null, Double.NaN, null, null))))).isEmpty());
        assertTrue(Charts.latency(view(List.of(latency("tribuo", Map.of())))).isEmpty());
        assertTrue(Charts.latency(view(List.of(latency("tribuo", null)))).isEmpty());
        assertTrue(Charts.latency(view(List.of())).isEmpty());
    }

    private static Measurement throughput(String engine, String batch, double value, Double error, List<Double> raw) {
        return Measurement.of(T, engine, Names.SCENARIO_INFERENCE_THROUGHPUT, Names.METRIC_THROUGHPUT)
                .params(Map.of(Names.PARAM_BATCH_SIZE, batch, Names.PARAM_THREADS, "1"))
                .value(value, Names.UNIT_SAMPLES_PER_SECOND).error(error)
                .samples(raw == null ? null : (long) raw.size()).rawScores(raw).build();
    }

    @Test
    void throughputErrorBarsBelowZeroOnALogAxisAreCut() throws IOException {
        // 100 against 100,000: logarithmic; the first's interval reaches far below zero
        Optional<Charts.Chart> c = Charts.throughput(view(List.of(
                throughput("tribuo", "1", 100, null, List.of(10.0, 190.0, 20.0, 180.0, 100.0)),
                throughput("djl", "1", 100_000, 1000.0, null))));
        decodes(c);
        assertTrue(c.get().alt().contains("logarithmic axis"));
        assertTrue(c.get().alt().contains("Error bars cut at the axis for: Tribuo, batch 1."), c.get().alt());
    }

    @Test
    void throughputWithAZeroOrNaNFigure() throws IOException {
        Optional<Charts.Chart> zero = Charts.throughput(view(List.of(throughput("tribuo", "1", 0, null, null),
                throughput("djl", "1", 1e6, null, null))));
        decodes(zero);
        assertFalse(zero.get().alt().contains("logarithmic"), "a zero figure keeps the axis linear");
        Optional<Charts.Chart> nan = Charts.throughput(view(List.of(throughput("tribuo", "1", Double.NaN, null, null),
                throughput("djl", "1", 5, null, null))));
        decodes(nan);
        assertFalse(nan.get().alt().contains("Tribuo"), "a NaN figure is left out");
        assertTrue(Charts.throughput(view(List.of(throughput("tribuo", "1", Double.NaN, null, null)))).isEmpty());
    }

    @Test
    void batchScalingNeedsTwoBatchSizes() throws IOException {
        assertTrue(Charts.batchScaling(view(List.of(throughput("tribuo", "1", 5, null, null),
                throughput("djl", "1", 6, null, null)))).isEmpty());
        Optional<Charts.Chart> c = Charts.batchScaling(view(List.of(throughput("tribuo", "1", 5, null, null),
                throughput("tribuo", "64", 500, null, null), throughput("djl", "1", 6, null, null))));
        decodes(c);
        assertTrue(c.get().alt().contains("tribuo: batch 1 5.000, batch 64 500.0; djl: batch 1 6.000"),
                c.get().alt());
    }

    private static Measurement curve(String engine, String metric, List<Double> raw) {
        return Measurement.of(T, engine, Names.SCENARIO_TRAINING_CURVE, metric).param(Names.PARAM_SEED, "1")
                .value(raw.get(raw.size() - 1), Names.UNIT_NATS).rawScores(raw).build();
    }

    @Test
    void trainingCurvesSkipNonFiniteEpochsAndFlatCurvesGetARange() throws IOException {
        List<Charts.Chart> charts = Charts.trainingCurves(view(List.of(
                curve("tribuo", Names.METRIC_TRAIN_LOSS, Arrays.asList(2.0, Double.NaN, Double.POSITIVE_INFINITY, 0.01)),
                curve("djl", Names.METRIC_TRAIN_LOSS, Arrays.asList(0.0, 0.0, 0.0)),
                curve("djl", Names.METRIC_ELAPSED, List.of(1.0, 1.0, 1.0)))));
        // the loss chart; cumulative elapsed time per epoch is not drawn (the tables give the training time)
        assertEquals(1, charts.size());
        for (Charts.Chart c : charts) {
            decodes(Optional.of(c));
        }
        assertFalse(charts.get(0).alt().contains("logarithmic"), "the zero loss keeps the axis linear");
        assertTrue(Charts.trainingCurves(view(List.of(curve("djl", Names.METRIC_TRAIN_LOSS,
                List.of(Double.NaN))))).isEmpty());
    }

    @Test
    void gradientNormsWithZerosAndScalingWithOneRowCount() throws IOException {
        List<Double> norms = new ArrayList<>(List.of(0.0, 1e-12, 1e-6, 1.0));
        Measurement grad = Measurement.of(T, "reference", Names.SCENARIO_LONG_SEQUENCE, Names.METRIC_GRADIENT_NORM)
                .params(Map.of(Names.PARAM_CELL, "lstm", Names.PARAM_SEQUENCE_LENGTH, "4")).value(0, "norm")
                .rawScores(norms).build();
        Optional<Charts.Chart> c = Charts.gradientNorms(view(List.of(grad)));
        decodes(c);
        assertFalse(c.get().alt().contains("logarithmic"));
        Measurement one = Measurement.of(T, "tribuo", Names.SCENARIO_SCALING, Names.METRIC_TRAIN_TIME)
                .param(Names.PARAM_ROWS, "100").value(0.5, Names.UNIT_SECONDS).build();
        assertTrue(Charts.scaling(view(List.of(one)), Names.METRIC_TRAIN_TIME).isEmpty());
        Measurement zero = Measurement.of(T, "tribuo", Names.SCENARIO_SCALING, Names.METRIC_TRAIN_TIME)
                .param(Names.PARAM_ROWS, "200").value(0, Names.UNIT_SECONDS).build();
        // a zero time cannot go on the log-log chart: one point is left, drawn alone
        decodes(Charts.scaling(view(List.of(one, zero)), Names.METRIC_TRAIN_TIME));
    }

    private static Measurement stepTime(String engine, String cell, int length, double seconds) {
        return Measurement.of(T, engine, Names.SCENARIO_LONG_SEQUENCE, Names.METRIC_STEP_TIME)
                .params(Map.of(Names.PARAM_CELL, cell, Names.PARAM_SEQUENCE_LENGTH, Integer.toString(length)))
                .value(seconds, Names.UNIT_SECONDS).build();
    }

    @Test
    void stepTimeAgainstSequenceLengthHasALinePerEngineAndCellAndItsLengthExponent() throws IOException {
        List<Measurement> ms = List.of(stepTime("reference", "lstm", 10, 0.001), stepTime("reference", "lstm", 40, 0.004),
                stepTime("reference", "lstm", 160, 0.016), stepTime("djl", "lstm", 10, 0.002),
                stepTime("djl", "lstm", 160, 0.002), stepTime("djl", "gru", 10, 0));
        Optional<Charts.Chart> c = Charts.longSequenceStepTime(view(ms));
        decodes(c);
        assertTrue(c.get().alt().contains("lstm (reference): length 10 1.000 ms, length 40 4.000 ms, length 160"
                + " 16.00 ms"), c.get().alt());
        assertTrue(c.get().alt().contains("lstm (djl): length 10 2.000 ms, length 160 2.000 ms"), c.get().alt());
        assertFalse(c.get().alt().contains("gru"), "a zero time is no figure: " + c.get().alt());
        assertEquals(1.0, Charts.lengthExponent(ms.subList(0, 3)), 1e-12);
        assertEquals(0.0, Charts.lengthExponent(ms.subList(3, 5)), 1e-12);
        assertTrue(Double.isNaN(Charts.lengthExponent(ms.subList(0, 1))), "one length fits no exponent");
        assertTrue(Charts.longSequenceStepTime(view(List.of())).isEmpty());
        assertEquals(dev.jmlbench.reports.stats.Direction.LOWER_IS_BETTER,
                dev.jmlbench.reports.stats.Direction.of(Names.METRIC_STEP_TIME));
    }

    @Test
    void timeToTargetOfZeroSeconds() throws IOException {
        Measurement zero = Measurement.of(T, "tribuo", Names.SCENARIO_QUALITY, Names.METRIC_TIME_TO_TARGET)
                .value(0, Names.UNIT_SECONDS).build();
        Measurement big = Measurement.of(T, "djl", Names.SCENARIO_QUALITY, Names.METRIC_TIME_TO_TARGET)
                .value(500, Names.UNIT_SECONDS).build();
        decodes(Charts.timeToTarget(view(List.of(zero, big))));
    }
}
