package dev.jmlbench.ci;

import dev.jmlbench.core.env.EnvironmentProbe;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.RunResults;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QualityGateTest {

    private static RunResults results(List<Measurement> m, List<CellStatus> c) {
        return new RunResults(RunResults.SCHEMA_VERSION, "test-run", EnvironmentProbe.capture(1, null), List.of(),
                List.of(), List.of(), m, c);
    }

    private static Measurement throughput(String engine, boolean met) {
        return Measurement.of("iris-logreg", engine, Names.SCENARIO_INFERENCE_THROUGHPUT, Names.METRIC_THROUGHPUT)
                .value(1000, Names.UNIT_SAMPLES_PER_SECOND).error(10.0).samples(5).rawScores(List.of(990.0, 1010.0))
                .quality(met ? 0.95 : 0.5, met).build();
    }

    private static CellStatus cell(String engine, CellStatus.Status status, String reason) {
        return new CellStatus("iris-logreg", engine, "cpu", "quality", status, reason);
    }

    @Test
    void passesWhenEveryCellMetItsTarget() {
        QualityGate.Verdict v = new QualityGate(false).evaluate(results(List.of(throughput("a", true)),
                List.of(cell("a", CellStatus.Status.OK, ""), cell("b", CellStatus.Status.UNSUPPORTED, "no LSTM"))));
        assertTrue(v.passed(), v.violations().toString());
        assertEquals(1, v.notes().size());
        assertTrue(v.notes().get(0).contains("unsupported: no LSTM"));
    }

    @Test
    void failsOnBelowTargetAndOnSpeedMeasuredBelowTarget() {
        QualityGate.Verdict v = new QualityGate(false).evaluate(results(List.of(throughput("a", false)),
                List.of(cell("a", CellStatus.Status.BELOW_TARGET, "test accuracy 0.5 is below the target 0.90"))));
        assertFalse(v.passed());
        assertEquals(2, v.violations().size(), v.violations().toString());
        assertTrue(v.violations().get(1).contains("measured on a model below the quality target (quality 0.5000)"));
    }

    @Test
    void studiesOfModelsBelowTheTargetAreNoViolation() {
        // the scaling study trains on small subsets: its models miss the target by design
        Measurement scaling = Measurement.of("a", "reference", Names.SCENARIO_SCALING, Names.METRIC_TRAIN_TIME)
                .param(Names.PARAM_ROWS, "200").value(0.1, Names.UNIT_SECONDS).samples(1).quality(0.5, false).build();
        QualityGate.Verdict v = new QualityGate(false).evaluate(results(List.of(throughput("a", true), scaling),
                List.of(cell("a", CellStatus.Status.OK, ""))));
        assertTrue(v.passed(), v.violations().toString());
    }

    @Test
    void engineFailuresFailUnlessAllowed() {
        RunResults r = results(List.of(throughput("a", true)),
                List.of(cell("b", CellStatus.Status.FAILED, "engine could not be opened: no native library")));
        assertFalse(new QualityGate(false).evaluate(r).passed());
        QualityGate.Verdict allowed = new QualityGate(true).evaluate(r);
        assertTrue(allowed.passed());
        assertTrue(allowed.notes().get(0).contains("no native library"));
    }

    @Test
    void aRunThatMeasuredNothingFails() {
        assertFalse(new QualityGate(true).evaluate(results(List.of(), List.of())).passed());
    }
}
