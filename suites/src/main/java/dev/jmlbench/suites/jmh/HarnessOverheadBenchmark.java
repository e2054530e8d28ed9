package dev.jmlbench.suites.jmh;

import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.Parameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the harness itself costs inside a timed region: {@link InferenceBenchmark#batchThroughput}'s body (pick
 * the next batch, cycle the index, call {@link Model#predict}) around an empty engine's model whose predict does
 * nothing and returns its input. The time per call is an upper bound of the harness's share of every inference
 * figure (it includes JMH's own loop); the merge divides it by each measured call's time and records the fraction.
 */
@State(Scope.Benchmark)
public class HarnessOverheadBenchmark {
    /** The same batch layout as the inference benchmark: 16 distinct single-example batches, cycled through. */
    Inputs inputs;
    Model model;

    @Setup(Level.Trial)
    public void setUp() {
        float[][][] batches = new float[16][1][4];
        for (int i = 0; i < batches.length; i++) {
            batches[i][0][0] = i;
        }
        inputs = new Inputs(batches);
        model = new EmptyModel();
    }

    /** The inference benchmark's timed body around a model that does no work. */
    @Produces(scenario = Names.SCENARIO_CALIBRATION, metric = Names.METRIC_HARNESS_OVERHEAD,
            unit = Names.UNIT_NANOS_PER_CALL)
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public float[][] emptyModelCall() {
        return model.predict(inputs.next());
    }

    /** A model of an empty engine: no parameters, no training, predict returns its input. */
    static final class EmptyModel implements Model {
        @Override
        public void importParameters(Parameters parameters) {
        }

        @Override
        public Parameters exportParameters() {
            return new Parameters(Map.of());
        }

        @Override
        public TrainingLog train(LabeledData train) {
            return new TrainingLog(List.of());
        }

        @Override
        public float[][] predict(float[][] features) {
            return features;
        }

        @Override
        public void close() {
        }
    }
}
