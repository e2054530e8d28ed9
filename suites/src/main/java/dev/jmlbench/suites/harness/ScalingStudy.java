package dev.jmlbench.suites.harness;

import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.DatasetStamp;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.task.TaskSpec;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scaling study (in the manner of benchm-ml): each learner is trained on the first n rows of its training
 * split for every n of the preset, on one engine, recording training time, peak heap and resident memory and the
 * test quality; then {@code y = a * n^b} is fitted by least squares on log-log and the growth exponent b is
 * recorded with its standard error.
 */
final class ScalingStudy {
    /** Stage name of the study's cells. */
    static final String STAGE = Names.STAGE_SCALING;

    private final RunSettings settings;
    private final PrintStream log;

    ScalingStudy(RunSettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    /** Runs the study for {@code task} on {@code engine}, whose data is {@code data}. */
    void run(Engine engine, String engineId, TaskSpec task, TaskData data, List<Measurement> out,
             List<CellStatus> cells) {
        Support support = engine.supports(task);
        if (!support.supported()) {
            cells.add(new CellStatus(task.id(), engineId, Names.DEVICE_CPU, STAGE, CellStatus.Status.UNSUPPORTED,
                    support.reason()));
            return;
        }
        List<double[]> timeByRows = new ArrayList<>();
        List<double[]> heapByRows = new ArrayList<>();
        for (int rows : settings.preset().scalingRows()) {
            if (rows > data.trainSize()) {
                log.println("[scaling] " + task.id() + ": only " + data.trainSize() + " training rows, " + rows
                        + " skipped");
                continue;
            }
            TaskData subset = data.withTrainRows(rows);
            TrainedCell cell;
            try {
                cell = CellTrainer.train(engine, task, subset, false);
            } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
                String reason = "training on " + rows + " rows failed: " + QualityRun.describe(e);
                log.println("[scaling] " + task.id() + " on " + engineId + ": FAILED, " + reason);
                cells.add(new CellStatus(task.id(), engineId, Names.DEVICE_CPU, STAGE, CellStatus.Status.FAILED, reason));
                break; // larger sizes would fail likewise; what was measured stays
            }
            try (var model = cell.model()) {
                Map<String, String> params = new LinkedHashMap<>();
                params.put(Names.PARAM_ROWS, Integer.toString(rows));
                params.put(Names.PARAM_THREADS, Integer.toString(settings.threads()));
                DatasetStamp stamp = subset.stamp();
                double q = cell.quality();
                boolean met = cell.evaluation().met();
                out.add(point(task, engineId, params, Names.METRIC_TRAIN_TIME, cell.trainSeconds(), Names.UNIT_SECONDS,
                        q, met, stamp));
                out.add(point(task, engineId, params, task.target().metric().resultName(), q,
                        Evaluation.unitOf(task.target().metric().resultName()), q, met, stamp));
                out.add(point(task, engineId, params, Names.METRIC_PEAK_HEAP, cell.peakHeap(), Names.UNIT_BYTES, q,
                        met, stamp));
                if (cell.peakRss() > 0) {
                    out.add(point(task, engineId, params, Names.METRIC_PEAK_RSS, cell.peakRss(), Names.UNIT_BYTES, q,
                            met, stamp));
                }
                timeByRows.add(new double[] {rows, cell.trainSeconds()});
                heapByRows.add(new double[] {rows, cell.peakHeap()});
                log.println(String.format(Locale.ROOT, "[scaling] %s on %s, %d rows: train %.3f s, %s %.4f, peak heap"
                                + " %.0f MiB", task.id(), engineId, rows, cell.trainSeconds(),
                        task.target().metric().resultName(), q, cell.peakHeap() / 1048576.0));
            }
        }
        fit(task, engineId, Names.METRIC_TRAIN_TIME, timeByRows, out);
        fit(task, engineId, Names.METRIC_PEAK_HEAP, heapByRows, out);
        cells.add(new CellStatus(task.id(), engineId, Names.DEVICE_CPU, STAGE, CellStatus.Status.OK, ""));
    }

    private void fit(TaskSpec task, String engineId, String metric, List<double[]> points, List<Measurement> out) {
        if (points.size() < 2) {
            return;
        }
        double[] f = Growth.fit(points);
        Map<String, String> params = new LinkedHashMap<>();
        params.put(Names.PARAM_OF, metric);
        params.put(Names.PARAM_THREADS, Integer.toString(settings.threads()));
        params.put(Names.PARAM_ROWS, points.stream().map(p -> Integer.toString((int) p[0]))
                .reduce((a, b) -> a + "," + b).orElse(""));
        out.add(Measurement.of(task.id(), engineId, Names.SCENARIO_SCALING_FIT, Names.METRIC_GROWTH_EXPONENT)
                .params(params).value(f[0], Names.UNIT_COUNT).error(Double.isNaN(f[1]) ? null : f[1])
                .samples(points.size()).build());
        log.println(String.format(Locale.ROOT, "[scaling] %s on %s: %s grows as rows^%.2f%s", task.id(), engineId,
                metric, f[0], Double.isNaN(f[1]) ? "" : String.format(Locale.ROOT, " (standard error %.2f)", f[1])));
    }

    private static Measurement point(TaskSpec task, String engine, Map<String, String> params, String metric,
                                     double value, String unit, double quality, boolean met, DatasetStamp stamp) {
        return Measurement.of(task.id(), engine, Names.SCENARIO_SCALING, metric).params(params).value(value, unit)
                .samples(1).quality(quality, met).dataset(stamp).build();
    }

    /** Least-squares fit of {@code log y = log a + b log x}. */
    static final class Growth {
        private Growth() {
        }

        /** {@code [b, standard error of b]} (NaN with two points: no residual degrees of freedom). */
        static double[] fit(List<double[]> xy) {
            return LeastSquares.slope(xy.stream().map(p -> new double[] {Math.log(p[0]), Math.log(p[1])}).toList());
        }
    }
}
