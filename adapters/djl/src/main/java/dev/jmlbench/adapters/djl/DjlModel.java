package dev.jmlbench.adapters.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.loss.L2Loss;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.RegressionData;
import dev.jmlbench.core.engine.EpochListener;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingDivergedException;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.CanonicalLayout;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;
import dev.jmlbench.core.task.TaskSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A task's model on DJL/PyTorch: the blocks of {@link DjlNetwork} in float32, owned by a DJL {@link ai.djl.Model}
 * (and its NDManager), run through a {@link Trainer} for initialisation, forward passes and gradients, and updated
 * by {@link DjlOptimizer}.
 *
 * <p>Input rows are flattened examples. They are shaped from the spec's input shape: {@code [c, h, w]} images to
 * NCHW, {@code [t, f]} sequences to {@code [batch, t, f]} (batch first), and, when the first layer is an
 * Embedding, {@code [t]} float-coded token indices to int64 {@code [batch, t]} (each must be an integer in
 * {@code [0, vocabulary)}).
 *
 * <p>A classifier's output layer emits logits: {@link #predict} applies softmax, training uses
 * {@link SoftmaxCrossEntropyLoss} from logits (log-softmax, then the negative log-likelihood of the label,
 * averaged over the batch). A regression network's output layer emits the prediction (one column), trained with
 * DJL's {@link L2Loss} at weight 1: {@code mean((prediction - target)^2)} over the batch, as the spec states the
 * mean squared error (DJL's default weight of 1/2 would halve it).
 *
 * <p>Both kinds of training call an {@link EpochListener} after every epoch with the epoch's mean loss; the model
 * can predict inside the callback (inference outside the gradient collector changes neither the parameters nor
 * the optimiser state), so the training result is the same with or without it.
 *
 * <p>Native memory: the arrays of a batch or a prediction live in a sub-manager closed at the end of the call.
 *
 * <p>Not thread-safe. DJL's PyTorch gradient collector is process-wide (one may be collecting at a time), so
 * DJL models must not train concurrently in one JVM.
 */
final class DjlModel implements Model {
    private final TaskSpec task;
    private final CanonicalLayout layout;
    private final DjlNetwork network;
    private final long[] inputShape;
    private final int inputSize;
    /** Output values per example: classes of a classifier, 1 for a regression network. */
    private final int outputs;
    /** Whether the task is a regression (mean squared error, one output) rather than a classifier. */
    private final boolean regression;
    /** Vocabulary size when layer 0 is an Embedding (input rows are token indices), else 0. */
    private final int vocabulary;
    private final ai.djl.Model model;
    private final Trainer trainer;
    private final DjlOptimizer optimizer;
    private final List<Parameter> parameters;
    private final Consumer<DjlModel> onClose;
    private boolean closed;

    /**
     * @param task       a task {@link DjlEngine#supports} accepted
     * @param engineName DJL's name of the PyTorch engine
     * @param device     where the model and its arrays live
     * @param onClose    told when the model is closed
     */
    DjlModel(TaskSpec task, String engineName, Device device, Consumer<DjlModel> onClose) {
        this.task = task;
        this.onClose = onClose;
        ModelSpec spec = task.model();
        this.layout = CanonicalLayout.of(spec);
        this.regression = task.isRegression();
        this.network = new DjlNetwork(spec, !regression);
        this.inputSize = spec.inputSize();
        this.outputs = spec.outputSize();
        this.vocabulary = spec.layers().get(0) instanceof LayerSpec.Embedding e ? e.vocabularySize() : 0;
        List<Integer> shape = spec.inputShape();
        this.inputShape = new long[shape.size() + 1];
        this.inputShape[0] = 1;
        for (int d = 0; d < shape.size(); d++) {
            inputShape[d + 1] = shape.get(d);
        }

        // classifier: sparse labels (class indices), predictions are logits; weight 1, class axis -1.
        // regression: (target - prediction)^2 times the weight 1, averaged over every element of the batch.
        Loss loss = regression ? new L2Loss("MeanSquaredError", 1f)
                : new SoftmaxCrossEntropyLoss("SoftmaxCrossEntropyLoss", 1f, -1, true, true);
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                .optDevices(new Device[] {device})
                // the harness imports the canonical initial parameters; zeros until then
                .optInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT)
                .optInitializer(Initializer.ZEROS, Parameter.Type.BIAS);

        ai.djl.Model djlModel = ai.djl.Model.newInstance("jmlbench-" + task.id(), device, engineName);
        Trainer newTrainer = null;
        DjlOptimizer newOptimizer = null;
        try {
            djlModel.setBlock(network.block());
            newTrainer = djlModel.newTrainer(config);
            newTrainer.initialize(new Shape(inputShape));
            network.checkShapes();
            network.freezeSecondBiases();
            newOptimizer = new DjlOptimizer(task.training().optimizer(), djlModel.getNDManager());
        } catch (RuntimeException | Error e) {
            if (newTrainer != null) {
                newTrainer.close();
            }
            djlModel.close();
            throw e;
        }
        this.model = djlModel;
        this.trainer = newTrainer;
        this.optimizer = newOptimizer;
        this.parameters = network.trainableParameters();
    }

    @Override
    public void importParameters(Parameters parameters) {
        checkOpen();
        parameters.requireLayout(layout);
        network.importParameters(parameters);
    }

    @Override
    public Parameters exportParameters() {
        checkOpen();
        return network.exportParameters();
    }

    /** As {@link #train(LabeledData, EpochListener)} without a listener. */
    @Override
    public TrainingLog train(LabeledData train) {
        return train(train, EpochListener.NONE);
    }

    /**
     * Trains the classifier with softmax cross-entropy on class labels, as {@link #fit} describes.
     */
    @Override
    public TrainingLog train(LabeledData train, EpochListener listener) {
        checkOpen();
        if (regression) {
            throw new UnsupportedOperationException(name() + " is a regression network (target "
                    + task.target().describe() + "); train it with trainRegression, not train");
        }
        checkInput(train.features(), "training row");
        if (train.numClasses() > outputs) {
            throw new IllegalArgumentException(name() + ": training data has " + train.numClasses()
                    + " classes, the model outputs " + outputs);
        }
        int[] labels = train.labels();
        return fit(train.features(), (scope, from, to) -> {
            long[] y = new long[to - from];
            for (int r = 0; r < y.length; r++) {
                y[r] = labels[from + r];
            }
            return scope.create(y);
        }, listener);
    }

    /**
     * Trains the regression network with the mean squared error on its targets (a {@code [batch, 1]} column), as
     * {@link #fit} describes: the same batches, steps and optimiser as a classifier's training.
     */
    @Override
    public TrainingLog trainRegression(RegressionData train, EpochListener listener) {
        checkOpen();
        if (!regression) {
            throw new UnsupportedOperationException(name() + " is a classifier (target " + task.target().describe()
                    + "); train it with train, not trainRegression");
        }
        checkInput(train.features(), "training row");
        float[] targets = train.targets();
        for (int i = 0; i < targets.length; i++) {
            if (!Float.isFinite(targets[i])) {
                throw new IllegalArgumentException(name() + ": target of row " + i + " is " + targets[i]
                        + "; regression targets must be finite numbers");
            }
        }
        return fit(train.features(), (scope, from, to) -> scope.create(Arrays.copyOfRange(targets, from, to),
                new Shape(to - from, 1)), listener);
    }

    /** Makes the target array of rows {@code [from, to)} in {@code scope}. */
    @FunctionalInterface
    private interface Targets {
        NDArray of(NDManager scope, int from, int to);
    }

    /**
     * One optimiser step per consecutive mini-batch, in the order of {@code features}, the same order every epoch;
     * no shuffling. The optimiser's state starts from zero. When the model has dropout, PyTorch's generator is
     * seeded with the recipe's seed first, so a run is repeatable (its masks are PyTorch's, not the reference
     * engine's). After each epoch {@code listener} gets the epoch's mean loss (batch losses weighted by batch
     * size). Returns the mean loss of each epoch.
     */
    private TrainingLog fit(float[][] features, Targets targets, EpochListener listener) {
        Objects.requireNonNull(listener, "listener (use EpochListener.NONE for none)");
        if (network.hasDropout()) {
            model.getNDManager().getEngine().setRandomSeed((int) task.training().seed());
        }
        optimizer.reset();
        int batchSize = task.training().batchSize();
        int n = features.length;
        List<Double> epochLosses = new ArrayList<>();
        long step = 0;
        for (int epoch = 0; epoch < task.training().epochs(); epoch++) {
            double sum = 0;
            for (int start = 0; start < n; start += batchSize) {
                int end = Math.min(n, start + batchSize);
                step++;
                float loss = trainStep(features, targets, start, end);
                if (!Float.isFinite(loss)) {
                    throw new TrainingDivergedException(name() + " diverged at step " + step + " (epoch "
                            + (epoch + 1) + "): loss is " + loss);
                }
                sum += (double) loss * (end - start);
            }
            double mean = sum / n;
            epochLosses.add(mean);
            listener.afterEpoch(epoch + 1, mean);
            checkOpen();
        }
        return new TrainingLog(epochLosses);
    }

    /**
     * Forward pass, the task's loss (batch mean) and backward pass over rows {@code [from, to)}, then one optimiser
     * update of every parameter. Returns the batch loss computed before the update; when it is not finite, the
     * parameters are left as they were.
     *
     * <p>The update is {@link DjlOptimizer}'s, not {@code Trainer.step()}: besides the formulas (see there), that
     * method's one-time sanity check throws "Gradient values are all zeros" when the sum of all gradient values
     * is exactly 0.0f, which happens for valid first steps of softmax models (every weight and bias gradient of a
     * softmax output layer sums to zero mathematically, see {@code DjlModelTest}).
     */
    private float trainStep(float[][] features, Targets targets, int from, int to) {
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray input = input(scope, features, from, to);
            NDArray target = targets.of(scope, from, to);
            float loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList out = trainer.forward(new NDList(input));
                NDArray lossValue = trainer.getLoss().evaluate(new NDList(target), out);
                collector.backward(lossValue);
                loss = lossValue.getFloat();
            }
            if (!Float.isFinite(loss)) {
                zeroGradients();
                return loss;
            }
            optimizer.step(parameters);
            return loss;
        }
    }

    private void zeroGradients() {
        for (Parameter p : parameters) {
            ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p.getArray());
        }
    }

    /**
     * Softmax of the logits (a classifier) or the output column (a regression network), one row per example; all
     * NDArrays live in a sub-manager closed on return.
     */
    @Override
    public float[][] predict(float[][] features) {
        checkOpen();
        checkInput(features, "input row");
        if (features.length == 0) {
            return new float[0][];
        }
        float[] p;
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray input = input(scope, features, 0, features.length);
            NDArray out = trainer.evaluate(new NDList(input)).singletonOrThrow();
            p = (regression ? out : out.softmax(-1)).toFloatArray();
        }
        return rows(p, features.length, outputs);
    }

    /**
     * The output of spec layer {@code layerIndex} in inference mode, each row flattened row-major in the layer's
     * canonical output shape (NCHW and batch-first layouts are the canonical ones). The output layer's output is
     * what {@link #predict} gives: a classifier's softmax, a regression network's prediction.
     */
    @Override
    public Optional<float[][]> layerOutput(int layerIndex, float[][] features) {
        checkOpen();
        int layers = task.model().layers().size();
        if (layerIndex < 0 || layerIndex >= layers) {
            throw new IllegalArgumentException(name() + ": layer index " + layerIndex + " is out of range; the"
                    + " model has layers 0 to " + (layers - 1));
        }
        checkInput(features, "input row");
        int width = 1;
        for (int d : task.model().shapeBefore(layerIndex + 1)) {
            width *= d;
        }
        if (features.length == 0) {
            return Optional.of(new float[0][]);
        }
        float[] out;
        try (NDManager scope = model.getNDManager().newSubManager()) {
            ParameterStore store = new ParameterStore(scope, false);
            NDList x = new NDList(input(scope, features, 0, features.length));
            for (int i = 0; i <= layerIndex; i++) {
                x = network.layer(i).forward(store, x, false);
            }
            NDArray result = x.singletonOrThrow();
            if (layerIndex == layers - 1 && !regression) {
                result = result.softmax(-1);
            }
            out = result.toFloatArray();
        }
        return Optional.of(rows(out, features.length, width));
    }

    /**
     * The gradient of the regression loss (the training loss: {@link L2Loss} at weight 1, the batch mean of squared
     * errors) with respect to the input, by PyTorch's autograd: the input array requires a gradient, the blocks run in
     * inference mode ({@code training = false}, as {@link #layerOutput}) inside a gradient collector, and the
     * collector's backward pass fills the input's gradient. Autograd accumulates into the parameters' gradients too;
     * they are zeroed before returning, so the next training step starts from the state it would have had (the
     * optimiser reads and zeroes them itself). No parameter is updated. The input is batch-first
     * {@code [batch, t, f]} (or the flattened example shape), the features' own layout, so the gradient's rows come
     * back as they are. Empty for a classifier and for token inputs (an Embedding has no input gradient).
     */
    @Override
    public Optional<float[][]> inputGradient(float[][] features, float[] targets) {
        checkOpen();
        if (!regression || vocabulary > 0) {
            return Optional.empty();
        }
        checkInput(features, "input row");
        if (targets.length != features.length) {
            throw new IllegalArgumentException(name() + ": " + features.length + " input rows but " + targets.length
                    + " targets");
        }
        if (features.length == 0) {
            return Optional.of(new float[0][]);
        }
        float[] g;
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray input = input(scope, features, 0, features.length);
            input.setRequiresGradient(true);
            NDArray target = scope.create(targets.clone(), new Shape(features.length, 1));
            ParameterStore store = new ParameterStore(scope, false);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList out = network.block().forward(store, new NDList(input), false);
                NDArray loss = trainer.getLoss().evaluate(new NDList(target), out);
                collector.backward(loss);
            } finally {
                zeroGradients();
            }
            g = input.getGradient().toFloatArray();
        }
        return Optional.of(rows(g, features.length, inputSize));
    }

    private static float[][] rows(float[] flat, int n, int width) {
        float[][] out = new float[n][width];
        for (int r = 0; r < n; r++) {
            System.arraycopy(flat, r * width, out[r], 0, width);
        }
        return out;
    }

    /** Rows {@code [from, to)} as the network's input array, in {@code scope}. */
    private NDArray input(NDManager scope, float[][] features, int from, int to) {
        long[] shape = inputShape.clone();
        shape[0] = to - from;
        if (vocabulary > 0) {
            long[] tokens = new long[(to - from) * inputSize];
            for (int r = from; r < to; r++) {
                for (int t = 0; t < inputSize; t++) {
                    tokens[(r - from) * inputSize + t] = (long) features[r][t];
                }
            }
            return scope.create(tokens, new Shape(shape));
        }
        float[] x = new float[(to - from) * inputSize];
        for (int r = from; r < to; r++) {
            System.arraycopy(features[r], 0, x, (r - from) * inputSize, inputSize);
        }
        return scope.create(x, new Shape(shape));
    }

    /**
     * Every row must have the model's input size; token rows must hold integer indices in
     * {@code [0, vocabulary)}.
     */
    private void checkInput(float[][] features, String what) {
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != inputSize) {
                throw new IllegalArgumentException(name() + ": " + what + " " + i + " has " + features[i].length
                        + " features, the model expects " + inputSize);
            }
            if (vocabulary > 0) {
                for (int t = 0; t < inputSize; t++) {
                    float v = features[i][t];
                    if (!(v >= 0 && v < vocabulary && v == Math.rint(v))) {
                        throw new IllegalArgumentException(name() + ": " + what + " " + i + ", position " + t
                                + ": token " + v + " is not an integer index in [0, " + vocabulary + ") (layer 0"
                                + " is an Embedding of " + vocabulary + " tokens)");
                    }
                }
            }
        }
    }

    private String name() {
        return "djl model of task " + task.id();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(name() + " is closed");
        }
    }

    /** Canonical {@code W[in][out]} (row-major) to PyTorch's Linear {@code [out][in]}: an exact transpose. */
    static float[] canonicalToDjl(float[] canonical, int in, int out) {
        return DjlNetwork.transpose(canonical, in, out);
    }

    /** PyTorch's Linear {@code [out][in]} to canonical {@code W[in][out]}: the inverse of {@link #canonicalToDjl}. */
    static float[] djlToCanonical(float[] djl, int in, int out) {
        return DjlNetwork.transpose(djl, out, in);
    }

    /** The DJL array holding canonical parameter {@code name} (for {@code SPLIT_BIAS}: bias_ih), as DJL holds it. */
    float[] djlValues(String name) {
        return binding(name).parameter().getArray().toFloatArray();
    }

    /** The shape of the DJL array holding canonical parameter {@code name}. */
    long[] djlShape(String name) {
        return binding(name).parameter().getArray().getShape().getShape();
    }

    /** For a canonical bias held as PyTorch's two biases: the bias_hh values as DJL holds them. */
    float[] djlSecondValues(String name) {
        return binding(name).second().getArray().toFloatArray();
    }

    private DjlNetwork.Binding binding(String name) {
        return network.bindings().stream().filter(b -> b.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no canonical parameter " + name));
    }

    /** The DJL weight of spec layer {@code l} as PyTorch holds it (for tests). */
    float[] djlWeight(int l) {
        return djlValues(CanonicalLayout.weightName(l));
    }

    /** The shape of the DJL weight of spec layer {@code l} (for tests). */
    long[] djlWeightShape(int l) {
        return djlShape(CanonicalLayout.weightName(l));
    }

    /** Number of NDArrays attached to the model's NDManager and its sub-managers (for leak checks). */
    int liveArrays() {
        return count(model.getNDManager());
    }

    private static int count(NDManager manager) {
        return manager.getManagedArrays().size();
    }

    /** Closes the optimiser state, the trainer and the DJL model, freeing their native memory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            optimizer.close();
            trainer.close();
        } finally {
            model.close();
            onClose.accept(this);
        }
    }
}
