package dev.jmlbench.core.results;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A figure built by name is the figure the record holds; what is not given is absent, and a value is required. */
class MeasurementBuilderTest {
    private static final DatasetStamp STAMP = new DatasetStamp("d", "00".repeat(32), "split", false);

    @Test
    void namedPartsLandInTheirFieldsAndTheRestIsAbsent() {
        Measurement m = Measurement.of("t", "e", Names.SCENARIO_INFERENCE_THROUGHPUT, Names.METRIC_THROUGHPUT)
                .param(Names.PARAM_BATCH_SIZE, "32").param(Names.PARAM_THREADS, "2")
                .value(1000, Names.UNIT_SAMPLES_PER_SECOND).error(5.0).samples(6).rawScores(List.of(990.0, 1010.0))
                .quality(0.97, true).dataset(STAMP).forkMeans(List.of(995.0, 1005.0)).build();
        assertEquals(new Measurement("t", "e", Names.DEVICE_CPU, Names.SCENARIO_INFERENCE_THROUGHPUT,
                Map.of(Names.PARAM_BATCH_SIZE, "32", Names.PARAM_THREADS, "2"), Names.METRIC_THROUGHPUT, 1000,
                Names.UNIT_SAMPLES_PER_SECOND, 5.0, 6L, null, List.of(990.0, 1010.0), 0.97, true, STAMP,
                List.of(995.0, 1005.0)), m);
        assertEquals(List.of(Names.PARAM_BATCH_SIZE, Names.PARAM_THREADS), List.copyOf(m.params().keySet()),
                "params keep the order they were given in");

        Measurement bare = Measurement.of("t", "e", Names.SCENARIO_QUALITY, Names.METRIC_ACCURACY)
                .value(0.5, Names.UNIT_FRACTION).build();
        assertTrue(bare.params().isEmpty());
        assertNull(bare.error());
        assertNull(bare.samples());
        assertNull(bare.accuracy());
        assertNull(bare.forkMeans());
        assertEquals(0, bare.forks());
    }

    @Test
    void aDerivedFigureKeepsWhoWhereAndOnWhatModelButNotTheNumbers() {
        Measurement m = Measurement.of("t", "e", Names.SCENARIO_INFERENCE_LATENCY, Names.METRIC_LATENCY).device("gpu")
                .param(Names.PARAM_BATCH_SIZE, "1").value(12, Names.UNIT_MICROS).error(1.0).samples(100)
                .percentiles(Map.of(Names.PERCENTILE_P50, 11.0)).quality(0.9, false).dataset(STAMP)
                .forkMeans(List.of(11.0, 13.0)).build();
        Measurement d = m.derive(Names.METRIC_ALLOCATION).value(64, Names.UNIT_BYTES_PER_EXAMPLE).build();
        assertEquals(List.of("t", "e", "gpu", Names.SCENARIO_INFERENCE_LATENCY, Names.METRIC_ALLOCATION),
                List.of(d.task(), d.engine(), d.device(), d.scenario(), d.metric()));
        assertEquals(m.params(), d.params());
        assertEquals(0.9, d.accuracy());
        assertEquals(false, d.qualityMet());
        assertEquals(STAMP, d.dataset());
        assertEquals(64.0, d.value());
        assertNull(d.error());
        assertNull(d.samples());
        assertNull(d.percentiles());
        assertNull(d.forkMeans());
    }

    @Test
    void aFigureWithoutAValueIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Measurement.of("t", "e", Names.SCENARIO_QUALITY, Names.METRIC_ACCURACY).samples(1).build());
        assertTrue(e.getMessage().contains(Names.METRIC_ACCURACY), e.getMessage());
    }
}
