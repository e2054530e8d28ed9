package dev.jmlbench.adapters.tribuo;

import dev.jmlbench.core.engine.EpochListener;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingDivergedException;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.CanonicalLayout;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import org.tribuo.Example;
import org.tribuo.ImmutableDataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableOutputInfo;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A one-Dense-layer network of a task on Tribuo: a linear SGD model that is Tribuo's own, trained by Tribuo's
 * linear SGD trainer (see {@link ContinuingTrainers}) and asked for predictions through its {@code predict}.
 *
 * <p>The feature map and output info are built once per model and cover every feature and every output, so every
 * trained or imported model has them all, whatever the training data contains. Imported parameters become the
 * weights of a real Tribuo model: a run of zero epochs that starts from them. Training starts from the current
 * parameters and maps the recipe onto Tribuo's update rule with {@link SgdSchedule}; with an epoch listener it
 * trains one epoch per Tribuo run, each run starting from the previous run's weights (bit-identical to one run,
 * see TribuoEpochByEpochTest). Tribuo does not report the training loss, so the log is empty and the listener gets
 * NaN.
 *
 * @param <T> Tribuo's output type: {@code Label} or {@code Regressor}
 */
abstract class LinearSgdModel<T extends Output<T>> implements Model {
    final TaskSpec task;
    final int inputSize;
    final String[] featureNames;
    private final CanonicalLayout layout;
    private final OutputFactory<T> factory;
    private final List<T> outputs;
    private final double lossScale;
    private final ImmutableFeatureMap featureMap;
    private final ImmutableOutputInfo<T> outputInfo;
    private AbstractLinearSGDModel<T> tribuoModel;
    private Map<String, String> trainingNotes;

    /**
     * @param outputs   the canonical outputs in order (class j's label; the regression dimension)
     * @param lossScale the recipe's per-example gradient over Tribuo's objective's direction, see {@link SgdSchedule}
     */
    LinearSgdModel(TaskSpec task, OutputFactory<T> factory, List<T> outputs, double lossScale) {
        this.task = task;
        this.layout = CanonicalLayout.of(task.model());
        this.inputSize = task.model().inputSize();
        this.featureNames = TribuoData.featureNames(inputSize);
        this.factory = factory;
        this.outputs = List.copyOf(outputs);
        this.lossScale = lossScale;
        this.featureMap = TribuoData.featureMap(featureNames);
        MutableOutputInfo<T> info = factory.generateInfo();
        for (T output : outputs) {
            info.observe(output);
        }
        this.outputInfo = info.generateImmutableOutputInfo();
        this.tribuoModel = carrying(new DenseMatrix(outputs.size(), inputSize + 1));
    }

    /**
     * Tribuo's trainer for this model's output type.
     *
     * @param start initial weights [outputs, features + 1]
     */
    abstract Trainer<T> trainer(double learningRate, int epochs, int minibatchSize, long seed, DenseMatrix start);

    /** The model's outputs for one of Tribuo's predictions, in canonical order. */
    abstract float[] outputsOf(Prediction<T> prediction, int row);

    /** A Tribuo model with exactly {@code weights}: a run of zero epochs that starts from them. */
    private AbstractLinearSGDModel<T> carrying(DenseMatrix weights) {
        List<Example<T>> template = new ArrayList<>();
        double[] ones = new double[inputSize];
        Arrays.fill(ones, 1.0);
        for (T output : outputs) {
            template.add(new ArrayExample<>(output, featureNames, ones));
        }
        return fit(trainer(1.0, 0, 1, task.training().seed(), weights),
                dataset(template, "parameters imported into task " + task.id()));
    }

    @SuppressWarnings("unchecked")
    private AbstractLinearSGDModel<T> fit(Trainer<T> trainer, ImmutableDataset<T> data) {
        return (AbstractLinearSGDModel<T>) trainer.train(data);
    }

    ImmutableDataset<T> dataset(List<Example<T>> examples, String description) {
        return TribuoData.dataset(examples, description, factory, featureMap, outputInfo);
    }

    private WeightMapping mapping() {
        @SuppressWarnings("unchecked")
        ImmutableOutputInfo<T> info = (ImmutableOutputInfo<T>) tribuoModel.getOutputIDInfo();
        return WeightMapping.of(tribuoModel.getFeatureIDMap(), info, featureNames, outputs);
    }

    @Override
    public void importParameters(Parameters parameters) {
        parameters.requireLayout(layout);
        float[] w = parameters.get(CanonicalLayout.weightName(0)).data();
        float[] b = parameters.get(CanonicalLayout.biasName(0)).data();
        tribuoModel = carrying(mapping().toTribuo(w, b));
        trainingNotes = null;
    }

    @Override
    public Parameters exportParameters() {
        return mapping().toCanonical(tribuoModel.getWeightsCopy());
    }

    /** A copy of Tribuo's own weight matrix [outputs, features + 1] (tests check the mapping against it). */
    DenseMatrix tribuoWeightsCopy() {
        return tribuoModel.getWeightsCopy();
    }

    /** The Tribuo model that answers {@link #predict}. */
    AbstractLinearSGDModel<T> tribuoModel() {
        return tribuoModel;
    }

    /**
     * Trains from the current weights with the task's recipe on {@code outputs} (one per row of {@code features}).
     *
     * @param listener null or {@link EpochListener#NONE}: one Tribuo run of all epochs; else one run per epoch, the
     *                 listener called after each
     */
    TrainingLog fitRecipe(float[][] features, List<T> targets, EpochListener listener) {
        TribuoData.checkWidth(features, inputSize, "tribuo model of task " + task.id());
        TrainingRecipe recipe = task.training();
        int n = features.length;
        SgdSchedule schedule = SgdSchedule.of(recipe, n, lossScale);
        List<Example<T>> examples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ArrayExample<T> e = new ArrayExample<>(targets.get(i), featureNames, TribuoData.toDouble(features[i]));
            e.setWeight(schedule.weightOf(i, n));
            examples.add(e);
        }
        ImmutableDataset<T> data = dataset(examples, "training split of task " + task.id());
        boolean oneRun = listener == null || listener == EpochListener.NONE;
        if (oneRun) {
            tribuoModel = fit(trainer(schedule.tribuoLearningRate(), recipe.epochs(), recipe.batchSize(),
                    recipe.seed(), tribuoModel.getWeightsCopy()), data);
            requireFinite(recipe.epochs());
        } else {
            for (int epoch = 1; epoch <= recipe.epochs(); epoch++) {
                tribuoModel = fit(trainer(schedule.tribuoLearningRate(), 1, recipe.batchSize(), recipe.seed(),
                        tribuoModel.getWeightsCopy()), data);
                requireFinite(epoch);
                listener.afterEpoch(epoch, Double.NaN);
            }
        }
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("adapter.epochs", Integer.toString(recipe.epochs()));
        notes.put("adapter.tribuo-runs", oneRun ? "one run of " + recipe.epochs() + " epochs"
                : recipe.epochs() + " runs of 1 epoch, each starting from the previous run's weights");
        notes.put("adapter.sgd-mapping", schedule.describe(((OptimizerSpec.Sgd) recipe.optimizer()).learningRate(),
                lossScale));
        notes.put("adapter.initial-weights", "the model's parameters before training (Tribuo's createParameters"
                + " overridden to return them)");
        trainingNotes = notes;
        return new TrainingLog(List.of());
    }

    private void requireFinite(int epoch) {
        DenseMatrix w = tribuoModel.getWeightsCopy();
        for (int r = 0; r < w.getDimension1Size(); r++) {
            for (int c = 0; c < w.getDimension2Size(); c++) {
                if (!Double.isFinite(w.get(r, c))) {
                    throw new TrainingDivergedException("task " + task.id() + " diverged on Tribuo: weight matrix"
                            + " entry [" + r + ", " + c + "] is " + w.get(r, c) + " after epoch " + epoch
                            + " (Tribuo does not report the loss per step)");
                }
            }
        }
    }

    /** Tribuo's provenance of the last training run; empty before the model was trained. */
    @Override
    public Map<String, String> provenance() {
        return trainingNotes == null ? Map.of() : TribuoProvenance.of(tribuoModel, trainingNotes);
    }

    @Override
    public float[][] predict(float[][] features) {
        TribuoData.checkWidth(features, inputSize, "tribuo model of task " + task.id());
        List<Example<T>> examples = new ArrayList<>(features.length);
        for (float[] row : features) {
            examples.add(new ArrayExample<>(factory.getUnknownOutput(), featureNames, TribuoData.toDouble(row)));
        }
        List<Prediction<T>> predictions = tribuoModel.predict(examples);
        float[][] out = new float[features.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = outputsOf(predictions.get(i), i);
        }
        return out;
    }

    @Override
    public void close() {
        tribuoModel = null;
    }
}
