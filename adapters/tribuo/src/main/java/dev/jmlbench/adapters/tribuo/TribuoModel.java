package dev.jmlbench.adapters.tribuo;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.RegressionData;
import dev.jmlbench.core.engine.EpochListener;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.TaskSpec;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.math.la.DenseMatrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Multinomial logistic regression of a task on Tribuo: Tribuo's classification {@code LinearSGDModel} with the
 * {@code LogMulticlass} objective. Classes are the labels {@code "0", "1", ...}; canonical index and Tribuo id are
 * mapped through the model's own output info, never assumed. {@link #predict} returns Tribuo's softmax scores.
 */
final class TribuoModel extends LinearSgdModel<Label> {
    private final int numClasses;
    private final String[] labelNames;

    TribuoModel(TaskSpec task) {
        super(task, new LabelFactory(), labels(units(task)), 1.0);
        this.numClasses = units(task);
        this.labelNames = new String[numClasses];
        for (int j = 0; j < numClasses; j++) {
            labelNames[j] = Integer.toString(j);
        }
    }

    private static int units(TaskSpec task) {
        return ((LayerSpec.Dense) task.model().layers().get(0)).units();
    }

    private static List<Label> labels(int count) {
        List<Label> labels = new ArrayList<>(count);
        for (int j = 0; j < count; j++) {
            labels.add(new Label(Integer.toString(j)));
        }
        return labels;
    }

    @Override
    Trainer<Label> trainer(double learningRate, int epochs, int minibatchSize, long seed, DenseMatrix start) {
        return new ContinuingTrainers.Classification(learningRate, epochs, minibatchSize, seed, start);
    }

    @Override
    public TrainingLog train(LabeledData train) {
        return train(train, null);
    }

    /** Trains epoch by epoch, calling the listener after each (a null listener: one Tribuo run of all epochs). */
    @Override
    public TrainingLog train(LabeledData train, EpochListener listener) {
        TribuoData.checkWidth(train.features(), inputSize, "tribuo model of task " + task.id());
        if (train.numClasses() != numClasses) {
            throw new IllegalArgumentException("tribuo model of task " + task.id() + ": training data has "
                    + train.numClasses() + " classes, the model " + numClasses);
        }
        List<Label> targets = new ArrayList<>(train.size());
        for (int label : train.labels()) {
            targets.add(new Label(labelNames[label]));
        }
        return fitRecipe(train.features(), targets, listener);
    }

    @Override
    public TrainingLog trainRegression(RegressionData train, EpochListener listener) {
        throw new UnsupportedOperationException("task " + task.id() + " is a classification (softmax) task: train it"
                + " with train(LabeledData)");
    }

    @Override
    float[] outputsOf(Prediction<Label> prediction, int row) {
        Map<String, Label> scores = prediction.getOutputScores();
        float[] out = new float[numClasses];
        for (int j = 0; j < numClasses; j++) {
            Label scored = scores.get(labelNames[j]);
            if (scored == null) {
                throw new IllegalStateException("Tribuo's prediction for row " + row + " has no score for label "
                        + labelNames[j] + ": " + scores.keySet());
            }
            out[j] = (float) scored.getScore();
        }
        return out;
    }
}
