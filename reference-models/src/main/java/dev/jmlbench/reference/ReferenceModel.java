package dev.jmlbench.reference;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingDivergedException;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.reference.nn.Network;
import dev.jmlbench.reference.nn.Optimizer;
import dev.jmlbench.reference.nn.Pass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The reference engine's model of a task: a {@link Network} trained with softmax cross-entropy and the recipe's
 * optimiser. Every call of {@link #train} runs the whole recipe from the current parameters with fresh optimiser
 * state, counting optimiser steps from 1 (the step seeds dropout masks).
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
        if (train.numClasses() != network.outputSize()) {
            throw new IllegalArgumentException("reference model of task " + task.id() + ": the data has "
                    + train.numClasses() + " classes, the model's output layer has " + network.outputSize());
        }
        float[] all = network.flatten(train.features());
        int width = network.inputSize();
        Optimizer optimizer = Optimizer.of(task.training().optimizer());
        int batchSize = task.training().batchSize();
        int n = train.size();
        List<Double> epochLosses = new ArrayList<>();
        long step = 0;
        for (int epoch = 0; epoch < task.training().epochs(); epoch++) {
            double sum = 0;
            for (int start = 0; start < n; start += batchSize) {
                int end = Math.min(n, start + batchSize);
                float[] x = Arrays.copyOfRange(all, start * width, end * width);
                int[] y = Arrays.copyOfRange(train.labels(), start, end);
                step++;
                double loss = network.softmaxCrossEntropyGradients(x, end - start, y, Pass.training(step));
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException("task " + task.id() + " diverged at step " + step
                            + " (epoch " + (epoch + 1) + "): loss is " + loss);
                }
                optimizer.step(network.paramList());
                sum += loss * (end - start);
            }
            epochLosses.add(sum / n);
        }
        return new TrainingLog(epochLosses);
    }

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

    @Override
    public void close() {
        // plain Java: nothing to free
    }
}
