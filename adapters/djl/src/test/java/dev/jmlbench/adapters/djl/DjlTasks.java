package dev.jmlbench.adapters.djl;

import dev.jmlbench.conformance.ParityCheck;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.DatasetRef;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.Loss;
import dev.jmlbench.core.task.ModelSpec;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.QualityTarget;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskFamily;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/** Task specs and parameters shared by the adapter's tests. */
final class DjlTasks {
    /** The digits (8x8 scikit-learn images), as the LeNet-5 task splits them. */
    static final DatasetRef DIGITS = new DatasetRef("digits", 0.2, 42);

    private DjlTasks() {
    }

    /** A task over the digits with the given model and recipe. */
    static TaskSpec task(String id, TaskFamily family, ModelSpec model, OptimizerSpec optimizer, int batchSize,
                         int epochs, Initializer initializer, double target) {
        return new TaskSpec(id, id, family, DIGITS, model,
                new TrainingRecipe(optimizer, Loss.SOFTMAX_CROSS_ENTROPY, batchSize, epochs, initializer, 42),
                new QualityTarget(QualityTarget.Metric.ACCURACY, target));
    }

    /** The same task with another number of epochs. */
    static TaskSpec withEpochs(TaskSpec t, int epochs) {
        TrainingRecipe r = t.training();
        return new TaskSpec(t.id(), t.description(), t.family(), t.dataset(), t.model(),
                new TrainingRecipe(r.optimizer(), r.loss(), r.batchSize(), epochs, r.initializer(), r.seed()),
                t.target());
    }

    /** LeNet-5 on the digits, from the task catalogue's resource {@code lenet5-digits.json}. */
    static TaskSpec lenet5Digits() {
        String name = "lenet5-digits.json";
        try (InputStream in = TaskCatalogue.class.getResourceAsStream("/dev/jmlbench/core/tasks/" + name)) {
            if (in == null) {
                throw new IllegalStateException("task resource " + name + " is missing from jmlbench-core");
            }
            return TaskCatalogue.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The MLP: 64-32-16-10 over the flattened digits, SGD with momentum. */
    static TaskSpec mlpDigits() {
        return task("mlp-digits", TaskFamily.CLASSIC, new ModelSpec(64, List.of(
                new LayerSpec.Dense(32, Activation.RELU), new LayerSpec.Dense(16, Activation.TANH),
                new LayerSpec.Dense(10, Activation.SOFTMAX))), new OptimizerSpec.Momentum(0.05, 0.9), 32, 10,
                Initializer.GLOROT_UNIFORM, 0.93);
    }

    /**
     * A recurrent classifier of the digits read as sequences: 8 time steps (rows) of 8 features (columns), one
     * recurrent layer returning its last state, then a softmax layer.
     */
    static TaskSpec recurrentDigits(String id, LayerSpec recurrent, OptimizerSpec optimizer, int epochs,
                                    double target) {
        return task(id, TaskFamily.RNN, new ModelSpec(List.of(8, 8), List.of(recurrent,
                new LayerSpec.Dense(10, Activation.SOFTMAX))), optimizer, 32, epochs, Initializer.GLOROT_UNIFORM,
                target);
    }

    /** SimpleRNN(32) on the digit rows, SGD with momentum. */
    static TaskSpec simpleRnnDigits() {
        return recurrentDigits("simple-rnn-digits", new LayerSpec.SimpleRnn(32, false),
                new OptimizerSpec.Momentum(0.02, 0.9), 15, 0.90);
    }

    /** LSTM(32) on the digit rows, Adam. */
    static TaskSpec lstmDigits() {
        return recurrentDigits("lstm-digits", new LayerSpec.Lstm(32, false),
                new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8), 15, 0.90);
    }

    /** GRU(32) on the digit rows, Adam. */
    static TaskSpec gruDigits() {
        return recurrentDigits("gru-digits", new LayerSpec.Gru(32, false),
                new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8), 15, 0.90);
    }

    /**
     * Parameters in the model's canonical layout whose every value (biases included) is drawn uniformly from
     * {@code [-scale, scale]}, so that a misplaced element or a dropped bias changes the outputs:
     * {@link ParityCheck#uniformParameters}.
     */
    static Parameters distinct(ModelSpec model, double scale, long seed) {
        return ParityCheck.uniformParameters(model, scale, seed);
    }

    /** Rows of uniform values in {@code [-1, 1]}. */
    static float[][] randomRows(int rows, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] x = new float[rows][width];
        for (float[] row : x) {
            for (int i = 0; i < width; i++) {
                row[i] = (float) random.nextDouble(-1, 1);
            }
        }
        return x;
    }
}
