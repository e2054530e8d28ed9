package dev.jmlbench.suites.harness;

import dev.jmlbench.core.data.DatasetInfo;
import dev.jmlbench.core.data.RegressionData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EpochListener;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.DatasetStamp;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.DatasetRef;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.Loss;
import dev.jmlbench.core.task.ModelSpec;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.QualityTarget;
import dev.jmlbench.core.task.TaskFamily;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import dev.jmlbench.datasets.Synthetic;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The long-sequence experiment: SimpleRNN, LSTM and GRU on the adding problem (synthetic, labelled so) across
 * sequence lengths, on every engine through the engine SPI. For every (cell, length) it trains the same small
 * regression network on the engine and records:
 * <ul>
 *   <li>the test RMSE and the fraction of test sums predicted within {@value #TOLERANCE} ("accuracy"): which cell
 *   learns the long dependency;</li>
 *   <li>the training time and the time per training step ({@link Names#METRIC_STEP_TIME}: the median over the epochs
 *   after the first where the engine reports epochs, else the whole run over its steps): whose implementation scales
 *   with the length;</li>
 *   <li>on the untrained network with its canonical initial weights, the norm of the loss gradient with respect to
 *   the input at every time step, computed by the engine itself ({@link Model#inputGradient}): how much of the signal
 *   from step t reaches the loss, the quantity that vanishes for a SimpleRNN over long sequences. An engine without
 *   that capability gets no such figure and an {@code UNSUPPORTED} cell saying so; nothing else computes it in its
 *   place.</li>
 * </ul>
 */
final class LongSequenceStudy {
    static final double TOLERANCE = 0.04;
    static final int TRAIN = 2000;
    static final int TEST = 500;
    static final int UNITS = 16;
    static final int EPOCHS = 8;
    static final long SEED = 11;
    static final List<String> CELLS = List.of("simple-rnn", "lstm", "gru");
    /** Stage name of the experiment's cells. */
    static final String STAGE = Names.STAGE_LONG_SEQUENCE;
    /**
     * The experiment's id in measurements and cells: one experiment, whose points the params tell apart (cell,
     * sequence length), so that it is read and charted as one.
     */
    static final String EXPERIMENT = "adding-problem";

    /** Sequences the gradient norms are taken over (the first ones of the training set). */
    static final int GRADIENT_BATCH = 256;

    private final RunSettings settings;
    private final PrintStream log;
    private final int trainSize;
    private final int testSize;
    private final int epochs;

    LongSequenceStudy(RunSettings settings, PrintStream log) {
        this(settings, log, TRAIN, TEST, EPOCHS);
    }

    /** A smaller experiment of the same kind (tests): {@code train} and {@code test} sequences, {@code epochs}. */
    LongSequenceStudy(RunSettings settings, PrintStream log, int train, int test, int epochs) {
        this.settings = settings;
        this.log = log;
        this.trainSize = train;
        this.testSize = test;
        this.epochs = epochs;
    }

    /** The task of one (cell, length) point; its id names both. */
    static TaskSpec task(String cell, int length) {
        return task(cell, length, EPOCHS);
    }

    /** The task of one (cell, length) point trained for {@code epochs}. */
    static TaskSpec task(String cell, int length, int epochs) {
        LayerSpec recurrent = switch (cell) {
            case "simple-rnn" -> new LayerSpec.SimpleRnn(UNITS, false);
            case "lstm" -> new LayerSpec.Lstm(UNITS, false);
            case "gru" -> new LayerSpec.Gru(UNITS, false);
            default -> throw new IllegalArgumentException("unknown cell '" + cell + "'; known: " + CELLS);
        };
        return new TaskSpec("adding-" + cell + "-" + length, "Adding problem (synthetic), " + cell + " over "
                + length + " steps", TaskFamily.RNN, new DatasetRef("adding-problem", (double) TEST / (TRAIN + TEST),
                SEED), new ModelSpec(List.of(length, 2), List.of(recurrent, new LayerSpec.Dense(1,
                Activation.IDENTITY))), new TrainingRecipe(new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8),
                Loss.MEAN_SQUARED_ERROR, 32, epochs, Initializer.GLOROT_UNIFORM, SEED),
                new QualityTarget(QualityTarget.Metric.RMSE, 0.2));
    }

    /** Runs every (cell, length) point of the preset on {@code engine}. */
    void run(Engine engine, String engineId, List<Measurement> out, List<CellStatus> cells) {
        for (int length : settings.preset().sequenceLengths()) {
            RegressionData train = Synthetic.addingProblem(trainSize, length, SEED);
            RegressionData test = Synthetic.addingProblem(testSize, length, SEED + 1);
            DatasetInfo info = new DatasetInfo("adding-problem", "generated by dev.jmlbench.datasets.Synthetic"
                    + ".addingProblem (synthetic)", "none (synthetic)", "", List.of(), true);
            TaskData data = new TaskData.Regression(info, "synthetic: " + trainSize + " training and " + testSize
                    + " test sequences of " + length + " steps, seeds " + SEED + " and " + (SEED + 1), train, test);
            for (String cell : CELLS) {
                TaskSpec task = task(cell, length, epochs);
                Support support = engine.supports(task);
                if (!support.supported()) {
                    cells.add(new CellStatus(EXPERIMENT, engineId, Names.DEVICE_CPU, STAGE, CellStatus.Status.UNSUPPORTED,
                            cell + ", " + length + " steps: " + support.reason()));
                    continue;
                }
                try {
                    boolean gradients = measure(engine, engineId, task, cell, length, data, out);
                    cells.add(new CellStatus(EXPERIMENT, engineId, Names.DEVICE_CPU, STAGE, CellStatus.Status.OK, ""));
                    if (!gradients) {
                        cells.add(new CellStatus(EXPERIMENT, engineId, Names.DEVICE_CPU, STAGE,
                                CellStatus.Status.UNSUPPORTED, cell + ", " + length + " steps: no "
                                + Names.METRIC_GRADIENT_NORM + " figure: the engine offers no input gradient"
                                + " (Model.inputGradient is empty); its other figures were measured"));
                    }
                } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
                    String reason = "failed: " + QualityRun.describe(e);
                    log.println("[long-sequence] " + task.id() + " on " + engineId + ": FAILED, " + reason);
                    cells.add(new CellStatus(EXPERIMENT, engineId, Names.DEVICE_CPU, STAGE, CellStatus.Status.FAILED,
                            cell + ", " + length + " steps: " + reason));
                }
            }
        }
    }

    /** Measures one point; returns whether the engine gave the input gradients (else no gradient-norm figure). */
    private boolean measure(Engine engine, String engineId, TaskSpec task, String cell, int length, TaskData data,
                            List<Measurement> out) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(Names.PARAM_CELL, cell);
        params.put(Names.PARAM_SEQUENCE_LENGTH, Integer.toString(length));
        params.put(Names.PARAM_THREADS, Integer.toString(settings.threads()));
        DatasetStamp stamp = data.stamp();
        EpochClock clock = new EpochClock();
        TrainedCell trained = CellTrainer.train(engine, task, data, false, clock);
        double rmse;
        double within;
        try (var model = trained.model()) {
            rmse = trained.evaluation().metrics().get(Names.METRIC_RMSE);
            float[] y = ((TaskData.Regression) data).test().targets();
            int hits = 0;
            for (int i = 0; i < y.length; i++) {
                hits += Math.abs(trained.outputs()[i][0] - y[i]) < TOLERANCE ? 1 : 0;
            }
            within = (double) hits / y.length;
        }
        boolean met = trained.evaluation().met();
        int trainRows = ((TaskData.Regression) data).train().size();
        out.add(figure(engineId, params, Names.METRIC_ACCURACY, rmse, met, stamp)
                .value(within, Names.UNIT_FRACTION).samples(data.testFeatures().length).build());
        out.add(figure(engineId, params, Names.METRIC_RMSE, rmse, met, stamp)
                .value(rmse, Names.UNIT_TARGET).samples(data.testFeatures().length).build());
        out.add(figure(engineId, params, Names.METRIC_TRAIN_TIME, rmse, met, stamp)
                .value(trained.trainSeconds(), Names.UNIT_SECONDS).samples(1).build());
        StepTime step = StepTime.of(clock.epochEnds(), trained.trainSeconds(), task.training().epochs(),
                stepsPerEpoch(trainRows, task.training().batchSize()));
        out.add(figure(engineId, params, Names.METRIC_STEP_TIME, rmse, met, stamp)
                .value(step.seconds(), Names.UNIT_SECONDS).samples(Math.max(1, step.perEpoch().size()))
                .rawScores(step.perEpoch()).build());
        Optional<List<Double>> norms = gradientNormsAtInit(engine, task, ((TaskData.Regression) data).train());
        norms.ifPresent(n -> out.add(figure(engineId, params, Names.METRIC_GRADIENT_NORM, rmse, met, stamp)
                .value(n.get(0) / n.get(n.size() - 1), Names.UNIT_FIRST_TO_LAST_STEP)
                .samples(n.size()).rawScores(n).build()));
        log.println(String.format(Locale.ROOT, "[long-sequence] %s, %d steps, on %s: RMSE %.4f, %.1f%% within %.2f;"
                        + " %.3g ms per training step (%s); %s", cell, length, engineId, rmse, 100 * within,
                TOLERANCE, 1e3 * step.seconds(), step.perEpoch().isEmpty() ? "whole run, warm-up included"
                        : "median of epochs 2-" + (step.perEpoch().size() + 1),
                norms.map(n -> String.format(Locale.ROOT, "input-gradient norm at step 1 / step %d: %.2e", length,
                        n.get(0) / n.get(n.size() - 1))).orElse("no input gradient from this engine")));
        return norms.isPresent();
    }

    /** Optimiser steps in one epoch of {@code rows} examples in batches of {@code batch}. */
    static int stepsPerEpoch(int rows, int batch) {
        return (rows + batch - 1) / batch;
    }

    /** Records when each epoch ended (it is called on entry to the harness's per-epoch listener). */
    static final class EpochClock implements EpochListener {
        private final List<Long> ends = new ArrayList<>();

        @Override
        public void afterEpoch(int epoch, double meanLoss) {
            ends.add(System.nanoTime());
        }

        /** {@link System#nanoTime()} at the end of every epoch the engine reported. */
        List<Long> epochEnds() {
            return List.copyOf(ends);
        }
    }

    /**
     * Time per training step.
     *
     * @param seconds  the figure: the median of {@code perEpoch}, or the whole run over its steps when empty
     * @param perEpoch seconds per step of each epoch after the first (epoch time over its steps); empty when the
     *                 engine reported fewer than two epochs
     */
    record StepTime(double seconds, List<Double> perEpoch) {
        /**
         * From the epoch end times ({@link System#nanoTime()}) the engine reported; without two of them, the whole
         * training time {@code trainSeconds} over {@code epochs x stepsPerEpoch} steps (JIT warm-up included).
         */
        static StepTime of(List<Long> epochEnds, double trainSeconds, int epochs, int stepsPerEpoch) {
            List<Double> perEpoch = new ArrayList<>();
            for (int e = 1; e < epochEnds.size(); e++) {
                perEpoch.add((epochEnds.get(e) - epochEnds.get(e - 1)) / 1e9 / stepsPerEpoch);
            }
            if (perEpoch.isEmpty()) {
                return new StepTime(trainSeconds / ((double) epochs * stepsPerEpoch), List.of());
            }
            return new StepTime(EpochTimes.median(perEpoch), List.copyOf(perEpoch));
        }
    }

    /**
     * The L2 norm, over the first {@value #GRADIENT_BATCH} training sequences, of the gradient of the mean squared
     * error with respect to the input at each time step (both channels), computed by {@code engine}
     * ({@link Model#inputGradient}) on a fresh model of {@code task} with its canonical initial weights (the same
     * weights on every engine). Empty when the engine does not offer input gradients.
     */
    static Optional<List<Double>> gradientNormsAtInit(Engine engine, TaskSpec task, RegressionData train) {
        int batch = Math.min(GRADIENT_BATCH, train.size());
        float[][] rows = Arrays.copyOf(train.features(), batch);
        float[] targets = Arrays.copyOf(train.targets(), batch);
        Optional<float[][]> gradient;
        try (Model model = engine.build(task, Names.DEVICE_CPU)) {
            model.importParameters(ParameterInitializer.initialize(task.model(), task.training().initializer(),
                    task.training().seed()));
            gradient = model.inputGradient(rows, targets);
        }
        int steps = task.model().inputShape().get(0);
        int channels = task.model().inputShape().get(1);
        return gradient.map(g -> normsPerStep(g, steps, channels));
    }

    /** The L2 norm over the batch and the channels of each time step of {@code g} (rows of {@code [steps, channels]}). */
    static List<Double> normsPerStep(float[][] g, int steps, int channels) {
        List<Double> norms = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            double sum = 0;
            for (float[] row : g) {
                for (int c = 0; c < channels; c++) {
                    double v = row[t * channels + c];
                    sum += v * v;
                }
            }
            norms.add(Math.sqrt(sum));
        }
        return norms;
    }

    /** A figure of the experiment on {@code engineId}, measured on a model of test RMSE {@code rmse}. */
    private static Measurement.Builder figure(String engineId, Map<String, String> params, String metric, double rmse,
                                              boolean met, DatasetStamp stamp) {
        return Measurement.of(EXPERIMENT, engineId, Names.SCENARIO_LONG_SEQUENCE, metric).params(params)
                .quality(rmse, met).dataset(stamp);
    }
}
