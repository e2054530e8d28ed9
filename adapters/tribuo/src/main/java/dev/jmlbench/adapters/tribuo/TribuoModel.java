package dev.jmlbench.adapters.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingDivergedException;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.CanonicalLayout;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import org.tribuo.Example;
import org.tribuo.ImmutableDataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableFeatureMap;
import org.tribuo.MutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.sgd.protos.ClassificationLinearSGDProto;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.LinearParameters;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.SGD;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A task's model on Tribuo: a {@link LinearSGDModel} that is Tribuo's own, trained by {@link LinearSGDTrainer}
 * or carrying imported weights, and asked for predictions through its {@code predict}.
 *
 * <p>Features are named {@code f0000, f0001, ...} and classes {@code "0", "1", ...}; the feature map and the
 * output info are built once per model from one example per class, so every trained or imported model has all
 * features and all labels, whatever the training data contains.
 *
 * <p>Training maps the recipe onto Tribuo 4.3's mini-batch rule (see the package documentation): optimiser
 * {@code SGD.getSimpleSGD(lr / B^2)}, example weight 1 in full batches and {@code (B / m)^2} in a last partial
 * batch of m examples, shuffling off. Tribuo always trains from zero weights, so {@link #train} refuses to start
 * from anything else; it does not report the training loss, so the returned log is empty.
 */
final class TribuoModel implements Model {
    private final TaskSpec task;
    private final CanonicalLayout layout;
    private final int inputSize;
    private final int numClasses;
    private final String[] featureNames;
    private final String[] labelNames;
    private final LabelFactory labelFactory = new LabelFactory();
    private final ImmutableFeatureMap featureMap;
    private final ImmutableOutputInfo<Label> outputInfo;
    private LinearSGDModel tribuoModel;

    TribuoModel(TaskSpec task) {
        this.task = task;
        this.layout = CanonicalLayout.of(task.model());
        this.inputSize = task.model().inputSize();
        this.numClasses = ((LayerSpec.Dense) task.model().layers().get(0)).units();
        this.featureNames = featureNames(inputSize);
        this.labelNames = new String[numClasses];
        for (int j = 0; j < numClasses; j++) {
            labelNames[j] = Integer.toString(j);
        }
        // Feature and label domains covering the whole task: every feature observed (value 1), every label once.
        MutableFeatureMap features = new MutableFeatureMap();
        for (String name : featureNames) {
            features.add(name, 1.0);
        }
        MutableOutputInfo<Label> labels = labelFactory.generateInfo();
        for (String name : labelNames) {
            labels.observe(new Label(name));
        }
        this.featureMap = new ImmutableFeatureMap(features);
        this.outputInfo = labels.generateImmutableOutputInfo();

        // A real LinearSGDModel to carry imported weights: one short training run, then zero weights installed.
        List<Example<Label>> template = new ArrayList<>();
        double[] ones = new double[inputSize];
        Arrays.fill(ones, 1.0);
        for (String name : labelNames) {
            template.add(new ArrayExample<>(new Label(name), featureNames, ones));
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), SGD.getSimpleSGD(1.0), 1, -1, 1,
                task.training().seed());
        trainer.setShuffle(false);
        LinearSGDModel carrier = trainer.train(dataset(template, "template of task " + task.id()));
        this.tribuoModel = withWeights(carrier, new DenseMatrix(numClasses, inputSize + 1));
    }

    /** Feature names that sort in column order: {@code f0000, f0001, ...}, wider when there are more inputs. */
    static String[] featureNames(int count) {
        int width = Math.max(4, Integer.toString(count - 1).length());
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = "f" + "0".repeat(width - Integer.toString(i).length()) + i;
        }
        return names;
    }

    /** Mapping between the canonical layout and the current Tribuo model's weight matrix. */
    private WeightMapping mapping(LinearSGDModel m) {
        @SuppressWarnings("unchecked")
        ImmutableOutputInfo<Label> info = m.getOutputIDInfo();
        return WeightMapping.of(m.getFeatureIDMap(), info, featureNames, labelNames);
    }

    @Override
    public void importParameters(Parameters parameters) {
        parameters.requireLayout(layout);
        float[] w = parameters.get(CanonicalLayout.weightName(0)).data();
        float[] b = parameters.get(CanonicalLayout.biasName(0)).data();
        tribuoModel = withWeights(tribuoModel, mapping(tribuoModel).toTribuo(w, b));
    }

    @Override
    public Parameters exportParameters() {
        return mapping(tribuoModel).toCanonical(tribuoModel.getWeightsCopy());
    }

    /** A copy of Tribuo's own weight matrix [labels, features + 1] (tests check the mapping against it). */
    DenseMatrix tribuoWeightsCopy() {
        return tribuoModel.getWeightsCopy();
    }

    /** The Tribuo model that answers {@link #predict}. */
    LinearSGDModel tribuoModel() {
        return tribuoModel;
    }

    @Override
    public TrainingLog train(LabeledData train) {
        checkWidth(train.features());
        if (train.numClasses() != numClasses) {
            throw new IllegalArgumentException("tribuo model of task " + task.id() + ": training data has "
                    + train.numClasses() + " classes, the model " + numClasses);
        }
        DenseMatrix current = tribuoModel.getWeightsCopy();
        for (int r = 0; r < current.getDimension1Size(); r++) {
            for (int c = 0; c < current.getDimension2Size(); c++) {
                if (current.get(r, c) != 0.0) {
                    throw new IllegalStateException("Tribuo's SGD trainers always start from zero weights; the"
                            + " parameters of this model of task " + task.id() + " are not all zero (train once,"
                            + " after importing zeros)");
                }
            }
        }
        TrainingRecipe recipe = task.training();
        double learningRate = ((OptimizerSpec.Sgd) recipe.optimizer()).learningRate();
        int batch = recipe.batchSize();
        int n = train.size();
        int partial = n % batch;
        // Tribuo 4.3 moves the weights by lr_t * (sum of the batch's example weights) * sum(grad): see package docs.
        float partialWeight = partial == 0 ? 1f : (float) (((double) batch * batch) / ((double) partial * partial));
        List<Example<Label>> examples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ArrayExample<Label> e = new ArrayExample<>(new Label(labelNames[train.labels()[i]]), featureNames,
                    toDouble(train.features()[i]));
            e.setWeight(i >= n - partial ? partialWeight : 1f);
            examples.add(e);
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(),
                SGD.getSimpleSGD(learningRate / ((double) batch * batch)), recipe.epochs(), -1, batch, recipe.seed());
        trainer.setShuffle(false);
        LinearSGDModel trained = trainer.train(dataset(examples, "training split of task " + task.id()));
        DenseMatrix w = trained.getWeightsCopy();
        for (int r = 0; r < w.getDimension1Size(); r++) {
            for (int c = 0; c < w.getDimension2Size(); c++) {
                if (!Double.isFinite(w.get(r, c))) {
                    throw new TrainingDivergedException("task " + task.id() + " diverged on Tribuo: weight matrix"
                            + " entry [" + r + ", " + c + "] is " + w.get(r, c) + " after training (Tribuo does"
                            + " not report the loss per step)");
                }
            }
        }
        tribuoModel = trained;
        return new TrainingLog(List.of());
    }

    @Override
    public float[][] predict(float[][] features) {
        checkWidth(features);
        List<Example<Label>> examples = new ArrayList<>(features.length);
        for (float[] row : features) {
            examples.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, featureNames, toDouble(row)));
        }
        List<Prediction<Label>> predictions = tribuoModel.predict(examples);
        float[][] out = new float[features.length][numClasses];
        for (int i = 0; i < out.length; i++) {
            Map<String, Label> scores = predictions.get(i).getOutputScores();
            for (int j = 0; j < numClasses; j++) {
                Label scored = scores.get(labelNames[j]);
                if (scored == null) {
                    throw new IllegalStateException("Tribuo's prediction for row " + i + " has no score for label "
                            + labelNames[j] + ": " + scores.keySet());
                }
                out[i][j] = (float) scored.getScore();
            }
        }
        return out;
    }

    private ImmutableDataset<Label> dataset(List<Example<Label>> examples, String description) {
        return new ImmutableDataset<>(examples, new SimpleDataSourceProvenance("jmlbench " + description,
                labelFactory), labelFactory, featureMap, outputInfo, false);
    }

    /**
     * {@code model} with its weight matrix replaced by {@code weights}, through Tribuo's public protobuf API:
     * serialise, swap the {@code LinearParameters}, deserialise. The result is a {@code LinearSGDModel} that
     * Tribuo built itself, with the same feature map, output info and normaliser.
     */
    private static LinearSGDModel withWeights(LinearSGDModel model, DenseMatrix weights) {
        ModelProto proto = model.serialize();
        try {
            ClassificationLinearSGDProto inner = proto.getSerializedData().unpack(ClassificationLinearSGDProto.class);
            ClassificationLinearSGDProto replaced = inner.toBuilder()
                    .setParams(new LinearParameters(weights).serialize()).build();
            org.tribuo.Model<?> rebuilt = org.tribuo.Model.deserialize(
                    proto.toBuilder().setSerializedData(Any.pack(replaced)).build());
            return (LinearSGDModel) rebuilt;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot rebuild Tribuo's LinearSGDModel with new weights", e);
        }
    }

    private static double[] toDouble(float[] row) {
        double[] d = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            d[i] = row[i];
        }
        return d;
    }

    private void checkWidth(float[][] features) {
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != inputSize) {
                throw new IllegalArgumentException("tribuo model of task " + task.id() + ": input row " + i
                        + " has " + features[i].length + " features, the model expects " + inputSize);
            }
        }
    }

    @Override
    public void close() {
        tribuoModel = null;
    }
}
