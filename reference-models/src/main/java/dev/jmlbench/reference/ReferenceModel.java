package dev.jmlbench.reference;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.RegressionData;
import dev.jmlbench.core.engine.EpochListener;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingDivergedException;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.reference.nn.Losses;
import dev.jmlbench.reference.nn.Network;
import dev.jmlbench.reference.nn.Optimizer;
import dev.jmlbench.reference.nn.Pass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The reference engine's model of a network task: a {@link Network} trained with the recipe's loss and optimiser.
 * Every call of {@link #train} or {@link #trainRegression} runs the whole recipe from the current parameters with
 * fresh optimiser state, counting optimiser steps from 1 (the step seeds dropout masks).
 *
 * <p>Both training paths share one loop: the examples in their given order, in consecutive mini-batches of the
 * recipe's batch size (the last one smaller when the count does not divide), the same order every epoch; after
 * every mini-batch one optimiser step. The epoch's mean loss is the mean over its examples (each batch's mean loss
 * weighted by the batch's size). After every epoch the listener gets that mean; the model is then between steps,
 * so {@link #predict} (an inference pass that replaces no state the next step reads) may be called from the
 * listener without changing training.
 *
 * <ul>
 *   <li>Classification ({@link #train}): softmax cross-entropy averaged over the mini-batch, the model ending in a
 *   Dense SOFTMAX layer ({@link Network#softmaxCrossEntropyGradients}).</li>
 *   <li>Regression ({@link #trainRegression}): a network with one output trained with the mean squared error
 *   {@code L = (1/B) sum_i (prediction_i - target_i)^2} over the B examples of the mini-batch; exactly the mean
 *   over batch and outputs, with no factor 1/2 (PyTorch's {@code MSELoss()}), gradient
 *   {@code dL/dprediction_i = 2 (prediction_i - target_i) / B} ({@link Losses#meanSquaredError}).</li>
 * </ul>
 * A NaN or infinite batch loss stops training with a {@link TrainingDivergedException} naming the step.
 */
final class ReferenceModel implements Model {
    private final TaskSpec task;
    private final Network network;

    ReferenceModel(TaskSpec task) {
        this.task = task;
        this.network = new Network(task.model(), task.training().seed());
    }

    @Override
    public void importParameters(Parameters parameters) {
        network.importParameters(parameters);
    }

    @Override
    public Parameters exportParameters() {
        return network.exportParameters();
    }

    @Override
    public TrainingLog train(LabeledData train) {
        return train(train, EpochListener.NONE);
    }

    @Override
    public TrainingLog train(LabeledData train, EpochListener listener) {
        Objects.requireNonNull(listener, "listener (use EpochListener.NONE for none)");
        if (task.isRegression()) {
            throw new IllegalStateException("task " + task.id() + " is a regression (loss "
                    + task.training().loss() + ", target " + task.target().describe() + "); train it with"
                    + " trainRegression and real-valued targets, not class labels");
        }
        if (train.numClasses() != network.outputSize()) {
            throw new IllegalArgumentException("reference model of task " + task.id() + ": the data has "
                    + train.numClasses() + " classes, the model's output layer has " + network.outputSize());
        }
        float[] all = network.flatten(train.features());
        int width = network.inputSize();
        int[] labels = train.labels();
        return run(train.size(), listener, (start, end, pass) -> network.softmaxCrossEntropyGradients(
                Arrays.copyOfRange(all, start * width, end * width), end - start,
                Arrays.copyOfRange(labels, start, end), pass));
    }

    @Override
    public TrainingLog trainRegression(RegressionData train, EpochListener listener) {
        Objects.requireNonNull(listener, "listener (use EpochListener.NONE for none)");
        if (!task.isRegression()) {
            throw new IllegalStateException("task " + task.id() + " is a classification (loss "
                    + task.training().loss() + ", target " + task.target().describe() + "); train it with train"
                    + " and class labels, not trainRegression");
        }
        if (network.outputSize() != 1) {
            throw new IllegalStateException("task " + task.id() + ": a regression network needs one output, the"
                    + " model has " + network.outputSize());
        }
        float[] targets = train.targets();
        for (int i = 0; i < targets.length; i++) {
            if (!Float.isFinite(targets[i])) {
                throw new IllegalArgumentException("reference model of task " + task.id() + ": target of row " + i
                        + " is " + targets[i] + "; regression targets must be finite numbers");
            }
        }
        float[] all = network.flatten(train.features());
        int width = network.inputSize();
        return run(train.size(), listener, (start, end, pass) -> network.meanSquaredErrorGradients(
                Arrays.copyOfRange(all, start * width, end * width), end - start,
                Arrays.copyOfRange(targets, start, end), pass));
    }

    /** Forward and backward pass of examples {@code [start, end)}: writes the gradients, returns the mean loss. */
    @FunctionalInterface
    private interface BatchLoss {
        double lossAndGradients(int start, int end, Pass pass);
    }

    /** The training loop shared by classification and regression (see the class comment). */
    private TrainingLog run(int n, EpochListener listener, BatchLoss batchLoss) {
        Optimizer optimizer = Optimizer.of(task.training().optimizer());
        int batchSize = task.training().batchSize();
        List<Double> epochLosses = new ArrayList<>();
        long step = 0;
        for (int epoch = 0; epoch < task.training().epochs(); epoch++) {
            double sum = 0;
            for (int start = 0; start < n; start += batchSize) {
                int end = Math.min(n, start + batchSize);
                step++;
                double loss = batchLoss.lossAndGradients(start, end, Pass.training(step));
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException("task " + task.id() + " diverged at step " + step
                            + " (epoch " + (epoch + 1) + "): loss is " + loss);
                }
                optimizer.step(network.paramList());
                sum += loss * (end - start);
            }
            double mean = sum / n;
            epochLosses.add(mean);
            listener.afterEpoch(epoch + 1, mean);
        }
        return new TrainingLog(epochLosses);
    }

    /**
     * The network's outputs: class probabilities for a classifier, one column of predicted values for a
     * regression network.
     */
    @Override
    public float[][] predict(float[][] features) {
        float[] x = network.flatten(features);
        if (features.length == 0) {
            return new float[0][];
        }
        return Network.rows(network.forward(x, features.length, Pass.INFERENCE), features.length);
    }

    @Override
    public Optional<float[][]> layerOutput(int layerIndex, float[][] features) {
        int layers = task.model().layers().size();
        if (layerIndex < 0 || layerIndex >= layers) {
            throw new IllegalArgumentException("reference model of task " + task.id() + ": layer index "
                    + layerIndex + " is outside [0, " + layers + ")");
        }
        float[] x = network.flatten(features);
        if (features.length == 0) {
            return Optional.of(new float[0][]);
        }
        List<float[]> outputs = network.forwardAll(x, features.length, Pass.INFERENCE);
        return Optional.of(Network.rows(outputs.get(layerIndex), features.length));
    }

    /**
     * The input gradient of the regression loss ({@link Network#meanSquaredErrorInputGradient}) after an inference
     * pass (dropout is the identity; every layer's backward pass works from it). Empty for a classifier and for token
     * inputs (an Embedding first layer).
     */
    @Override
    public Optional<float[][]> inputGradient(float[][] features, float[] targets) {
        if (!task.isRegression() || network.outputSize() != 1
                || task.model().layers().get(0) instanceof dev.jmlbench.core.task.LayerSpec.Embedding) {
            return Optional.empty();
        }
        if (targets.length != features.length) {
            throw new IllegalArgumentException("reference model of task " + task.id() + ": " + features.length
                    + " input rows but " + targets.length + " targets");
        }
        float[] x = network.flatten(features);
        if (features.length == 0) {
            return Optional.of(new float[0][]);
        }
        float[] g = network.meanSquaredErrorInputGradient(x, features.length, targets.clone(), Pass.INFERENCE);
        return g == null ? Optional.empty() : Optional.of(Network.rows(g, features.length));
    }

    @Override
    public void close() {
        // plain Java: nothing to free
    }
}
