package dev.jmlbench.suites.harness;

import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.task.TaskSpec;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The leak check of the full preset: a trained model predicts batches of its test set without pause for a
 * while, and the process's resident set size and committed Java heap are sampled every {@value #PERIOD_MILLIS} ms;
 * the slope of a least-squares line through the samples after the first fifth (allocator and JIT warm-up) is the
 * growth rate. Resident memory includes the heap, which the JVM grows towards its {@code -Xmx} as it needs: the
 * heap samples let the report tell that from native memory, where an engine's leak in its inference path shows as
 * a steady positive slope; a flat line is a pass.
 */
final class LeakCheck {
    static final long PERIOD_MILLIS = 250;
    /** Scenario of the leak-check figures. */
    static final String SCENARIO = Names.SCENARIO_MEMORY;
    /** RSS growth rate over the inference run, bytes per second. */
    static final String METRIC_RSS_SLOPE = Names.METRIC_RSS_SLOPE;
    /** Committed-heap growth rate over the inference run, bytes per second. */
    static final String METRIC_HEAP_SLOPE = Names.METRIC_HEAP_SLOPE;

    private LeakCheck() {
    }

    /**
     * Runs the check for {@code seconds} on a model of {@code task} trained on {@code engine}.
     *
     * @return the resident-memory slope, with the RSS samples (MiB) as its raw scores, and the committed-heap slope,
     *         with the heap samples (MiB, at the same instants) as its raw scores
     */
    static List<Measurement> run(Engine engine, String engineId, TaskSpec task, TaskData data, double seconds,
                                 int threads, PrintStream log) {
        TrainedCell cell = CellTrainer.train(engine, task, data, false);
        List<double[]> samples = new ArrayList<>();
        List<double[]> heap = new ArrayList<>();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (var model = cell.model()) {
            float[][] test = data.testFeatures();
            int batch = Math.min(32, test.length);
            float[][][] batches = new float[Math.max(1, test.length / batch)][][];
            for (int b = 0; b < batches.length; b++) {
                batches[b] = java.util.Arrays.copyOfRange(test, b * batch, b * batch + batch);
            }
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long nextSample = start;
            long calls = 0;
            while (System.nanoTime() < end) {
                model.predict(batches[(int) (calls % batches.length)]);
                calls++;
                long now = System.nanoTime();
                if (now >= nextSample) {
                    samples.add(new double[] {(now - start) / 1e9, MemorySampler.residentBytes()});
                    heap.add(new double[] {(now - start) / 1e9, memory.getHeapMemoryUsage().getCommitted()});
                    nextSample = now + PERIOD_MILLIS * 1_000_000;
                }
            }
            double[] fit = LeastSquares.slope(samples.subList(samples.size() / 5, samples.size()));
            double[] heapFit = LeastSquares.slope(heap.subList(heap.size() / 5, heap.size()));
            Map<String, String> params = new LinkedHashMap<>();
            params.put(Names.PARAM_THREADS, Integer.toString(threads));
            params.put(Names.PARAM_BATCH_SIZE, Integer.toString(batch));
            params.put(Names.PARAM_SECONDS, String.format(Locale.ROOT, "%.0f", seconds));
            params.put(Names.PARAM_CALLS, Long.toString(calls));
            List<Double> mib = samples.stream().map(s -> s[1] / 1048576.0).toList();
            List<Double> heapMib = heap.stream().map(s -> s[1] / 1048576.0).toList();
            log.println(String.format(Locale.ROOT, "[leak-check] %s on %s: %d calls in %.0f s, resident memory"
                            + " %.0f -> %.0f MiB, slope %.3f MiB/min; committed heap %.0f -> %.0f MiB", task.id(),
                    engineId, calls, seconds, mib.get(0), mib.get(mib.size() - 1), fit[0] * 60 / 1048576.0,
                    heapMib.get(0), heapMib.get(heapMib.size() - 1)));
            return List.of(figure(task, engineId, METRIC_RSS_SLOPE, fit, mib, params, cell, data),
                    figure(task, engineId, METRIC_HEAP_SLOPE, heapFit, heapMib, params, cell, data));
        }
    }

    private static Measurement figure(TaskSpec task, String engineId, String metric, double[] fit, List<Double> mib,
                                      Map<String, String> params, TrainedCell cell, TaskData data) {
        return Measurement.of(task.id(), engineId, SCENARIO, metric).params(params)
                .value(fit[0], Names.UNIT_BYTES_PER_SECOND).error(Double.isNaN(fit[1]) ? null : fit[1])
                .samples((long) mib.size()).rawScores(mib).quality(cell.quality(), cell.evaluation().met())
                .dataset(data.stamp()).build();
    }
}
