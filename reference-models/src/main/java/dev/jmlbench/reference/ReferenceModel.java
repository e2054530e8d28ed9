package dev.jmlbench.reference;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingDivergedException;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.CanonicalLayout;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.TaskSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The reference engine's model of a task: a {@link DenseNetwork} trained with plain SGD. */
final class ReferenceModel implements Model {
    private final TaskSpec task;
    private final CanonicalLayout layout;
    private final DenseNetwork network;

    ReferenceModel(TaskSpec task) {
        this.task = task;
        this.layout = CanonicalLayout.of(task.model());
        this.network = new DenseNetwork(task.model());
    }

    @Override
    public void importParameters(Parameters parameters) {
        network.importParameters(parameters, layout);
    }

    @Override
    public Parameters exportParameters() {
        return network.exportParameters();
    }

    @Override
    public TrainingLog train(LabeledData train) {
        checkWidth(train.features());
        float lr = (float) ((OptimizerSpec.Sgd) task.training().optimizer()).learningRate();
        int batchSize = task.training().batchSize();
        int n = train.size();
        List<Double> epochLosses = new ArrayList<>();
        long step = 0;
        for (int epoch = 0; epoch < task.training().epochs(); epoch++) {
            double sum = 0;
            for (int start = 0; start < n; start += batchSize) {
                int end = Math.min(n, start + batchSize);
                float[][] x = Arrays.copyOfRange(train.features(), start, end);
                int[] y = Arrays.copyOfRange(train.labels(), start, end);
                double loss = network.sgdStep(x, y, lr);
                step++;
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException("task " + task.id() + " diverged at step " + step
                            + " (epoch " + (epoch + 1) + "): loss is " + loss);
                }
                sum += loss * (end - start);
            }
            epochLosses.add(sum / n);
        }
        return new TrainingLog(epochLosses);
    }

    @Override
    public float[][] predict(float[][] features) {
        checkWidth(features);
        float[][][] a = network.forward(features, null);
        return a[network.layerCount()];
    }

    private void checkWidth(float[][] features) {
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != network.inputSize()) {
                throw new IllegalArgumentException("reference model of task " + task.id() + ": input row " + i
                        + " has " + features[i].length + " features, the model expects " + network.inputSize());
            }
        }
    }

    @Override
    public void close() {
        // plain Java: nothing to free
    }
}
