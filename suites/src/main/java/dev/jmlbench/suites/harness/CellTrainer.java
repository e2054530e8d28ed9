package dev.jmlbench.suites.harness;

import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EpochListener;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.params.Tensor;
import dev.jmlbench.core.task.TaskSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a task's model on an engine, imports the canonical initial parameters of a network (identical for every
 * engine), trains it, and evaluates it on the test split after every epoch and at the end. Used alike by the
 * quality run, the scaling study and the JMH setup, so the timed model is trained exactly as the measured one.
 */
public final class CellTrainer {
    /** Provenance keys under which engines report the size of a tree model. */
    static final List<String> NODE_COUNT_KEYS = List.of("node-count", "nodes", "nodeCount");

    private CellTrainer() {
    }

    /** Trains {@code task} on {@code engine} with the canonical initial parameters; the caller owns the model. */
    public static TrainedCell train(Engine engine, TaskSpec task, TaskData data) {
        return train(engine, task, data, true);
    }

    /**
     * Trains {@code task} on {@code engine}.
     *
     * @param perEpoch evaluate on the test split after every epoch (a training curve and the time to target);
     *                 the evaluation time is not counted as training time
     */
    public static TrainedCell train(Engine engine, TaskSpec task, TaskData data, boolean perEpoch) {
        return train(engine, task, data, perEpoch, EpochListener.NONE);
    }

    /**
     * As {@link #train(Engine, TaskSpec, TaskData, boolean)}, telling {@code observer} (progress display) after
     * every epoch; its time is not counted as training time either.
     */
    public static TrainedCell train(Engine engine, TaskSpec task, TaskData data, boolean perEpoch,
                                    EpochListener observer) {
        return train(engine, task, data, perEpoch, observer, Names.DEVICE_CPU);
    }

    /** As {@link #train(Engine, TaskSpec, TaskData, boolean, EpochListener)}, on {@code device}. */
    public static TrainedCell train(Engine engine, TaskSpec task, TaskData data, boolean perEpoch,
                                    EpochListener observer, String device) {
        Model model = engine.build(task, device);
        try {
            if (task.isNetwork()) {
                model.importParameters(ParameterInitializer.initialize(task.model(), task.training().initializer(),
                        task.training().seed()));
            }
            Curve curve = new Curve(model, task, data, perEpoch, observer);
            TrainingLog log;
            long start = System.nanoTime();
            curve.start = start;
            MemorySampler memory = new MemorySampler();
            try {
                if (data instanceof TaskData.Regression r) {
                    log = model.trainRegression(r.train(), curve);
                } else {
                    log = model.train(((TaskData.Classification) data).train(), curve);
                }
            } finally {
                memory.close(); // peaks of training only: the evaluation below is not sampled
            }
            double seconds = (System.nanoTime() - start) / 1e9 - curve.listenerSeconds;
            float[][] outputs = model.predict(data.testFeatures());
            Evaluation evaluation = Evaluation.of(task, data, outputs);
            Double toTarget = curve.timeToTarget;
            if (curve.points.isEmpty() && evaluation.met()) {
                toTarget = seconds; // no epochs reported: the whole fit is the time to the target
            }
            return new TrainedCell(model, log, seconds, evaluation, outputs, curve.points, toTarget,
                    memory.peakHeap(), memory.peakRss(), modelSize(task, model));
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    /** Trainable parameters of a network; nodes of a tree model when its engine reports them; else null. */
    static Long modelSize(TaskSpec task, Model model) {
        if (task.isNetwork()) {
            long n = 0;
            for (Tensor t : model.exportParameters().tensors().values()) {
                n += t.size();
            }
            return n;
        }
        for (String key : NODE_COUNT_KEYS) {
            String v = model.provenance().get(key);
            if (v != null && v.strip().matches("\\d+")) {
                return Long.parseLong(v.strip());
            }
        }
        return null;
    }

    /** Evaluates after every epoch, keeping its own time out of the training time. */
    private static final class Curve implements EpochListener {
        private final Model model;
        private final TaskSpec task;
        private final TaskData data;
        private final boolean enabled;
        final List<TrainedCell.EpochPoint> points = new ArrayList<>();
        long start;
        double listenerSeconds;
        Double timeToTarget;

        private final EpochListener observer;

        Curve(Model model, TaskSpec task, TaskData data, boolean enabled, EpochListener observer) {
            this.observer = observer;
            this.model = model;
            this.task = task;
            this.data = data;
            this.enabled = enabled;
        }

        @Override
        public void afterEpoch(int epoch, double meanLoss) {
            long entered = System.nanoTime();
            observer.afterEpoch(epoch, meanLoss);
            if (!enabled) {
                listenerSeconds += (System.nanoTime() - entered) / 1e9;
                return;
            }
            double elapsed = (entered - start) / 1e9 - listenerSeconds;
            Evaluation e = Evaluation.of(task, data, model.predict(data.testFeatures()));
            points.add(new TrainedCell.EpochPoint(epoch, meanLoss, elapsed, e));
            if (timeToTarget == null && e.met()) {
                timeToTarget = elapsed;
            }
            listenerSeconds += (System.nanoTime() - entered) / 1e9;
        }
    }

    /** Largest absolute element-wise difference of two equally shaped output matrices. */
    public static double maxAbsDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs((double) a[i][j] - b[i][j]));
            }
        }
        return max;
    }
}
