package dev.jmlbench.adapters.tribuo;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.RegressionData;
import dev.jmlbench.core.engine.EpochListener;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.task.TaskSpec;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.util.ArrayList;
import java.util.List;

/**
 * Linear regression of a task on Tribuo (one Dense(1, IDENTITY) layer, mean squared error): Tribuo's regression
 * {@code LinearSGDModel} with the {@code SquaredLoss} objective, whose per-example direction is half the gradient
 * of the squared error, hence the loss scale 2 in {@link SgdSchedule}. The one output is the regression dimension
 * {@value #DIMENSION}; {@link #predict} returns it as one column.
 */
final class TribuoRegressionModel extends LinearSgdModel<Regressor> {
    static final String DIMENSION = "target";

    TribuoRegressionModel(TaskSpec task) {
        super(task, new RegressionFactory(), List.of(new Regressor(DIMENSION, 0.0)), 2.0);
    }

    @Override
    Trainer<Regressor> trainer(double learningRate, int epochs, int minibatchSize, long seed, DenseMatrix start) {
        return new ContinuingTrainers.Regression(learningRate, epochs, minibatchSize, seed, start);
    }

    @Override
    public TrainingLog train(LabeledData train) {
        throw new UnsupportedOperationException("task " + task.id() + " is a regression (mean squared error): train"
                + " it with trainRegression(RegressionData, EpochListener)");
    }

    /** Trains epoch by epoch, calling the listener after each (a null listener: one Tribuo run of all epochs). */
    @Override
    public TrainingLog trainRegression(RegressionData train, EpochListener listener) {
        List<Regressor> targets = new ArrayList<>(train.size());
        for (float t : train.targets()) {
            if (!Float.isFinite(t)) {
                throw new IllegalArgumentException("tribuo model of task " + task.id() + ": training target " + t
                        + " is not finite");
            }
            targets.add(new Regressor(DIMENSION, t));
        }
        return fitRecipe(train.features(), targets, listener);
    }

    @Override
    float[] outputsOf(Prediction<Regressor> prediction, int row) {
        Regressor r = prediction.getOutput();
        String[] names = r.getNames();
        if (names.length != 1 || !names[0].equals(DIMENSION)) {
            throw new IllegalStateException("Tribuo's prediction for row " + row + " has dimensions "
                    + String.join(", ", names) + ", expected only " + DIMENSION);
        }
        return new float[] {(float) r.getValues()[0]};
    }
}
