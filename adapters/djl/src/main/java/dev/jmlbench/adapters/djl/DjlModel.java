package dev.jmlbench.adapters.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingDivergedException;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.CanonicalLayout;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.TaskSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A task's model on DJL/PyTorch: a {@link SequentialBlock} of {@link Linear} blocks and activation blocks, in
 * float32 on the CPU, owned by a DJL {@link ai.djl.Model} (and its NDManager) and trained through a
 * {@link Trainer}.
 *
 * <p>The output layer emits logits: {@link #predict} applies softmax, training uses
 * {@link SoftmaxCrossEntropyLoss} from logits (log-softmax, then the negative log-likelihood of the label,
 * averaged over the batch).
 *
 * <p>Parameter layout: DJL's (PyTorch's) Linear weight is {@code [out, in]}, the canonical weight
 * {@code [in, out]} row-major; import and export transpose element by element, so values pass unchanged.
 *
 * <p>Not thread-safe. DJL's PyTorch gradient collector is process-wide (one may be collecting at a time), so
 * DJL models must not train concurrently in one JVM.
 */
final class DjlModel implements Model {
    private final TaskSpec task;
    private final CanonicalLayout layout;
    /** sizes[0] = input size, sizes[l + 1] = units of layer l. */
    private final int[] sizes;
    private final ai.djl.Model model;
    private final Trainer trainer;
    private final Optimizer optimizer;
    private final List<Parameter> weights = new ArrayList<>();
    private final List<Parameter> biases = new ArrayList<>();
    private final Consumer<DjlModel> onClose;
    private boolean closed;

    DjlModel(TaskSpec task, String engineName, Consumer<DjlModel> onClose) {
        this.task = task;
        this.onClose = onClose;
        ModelSpec spec = task.model();
        this.layout = CanonicalLayout.of(spec);
        int n = spec.layers().size();
        this.sizes = new int[n + 1];
        sizes[0] = spec.inputSize();

        SequentialBlock block = new SequentialBlock();
        List<Linear> linears = new ArrayList<>();
        for (int l = 0; l < n; l++) {
            LayerSpec.Dense dense = (LayerSpec.Dense) spec.layers().get(l);
            sizes[l + 1] = dense.units();
            Linear linear = Linear.builder().setUnits(dense.units()).optBias(true).build();
            linears.add(linear);
            block.add(linear);
            if (l < n - 1) {
                addActivation(block, dense.activation());
            }
            // the output layer (softmax) emits logits: softmax is applied in predict and inside the loss
        }

        float learningRate = (float) ((OptimizerSpec.Sgd) task.training().optimizer()).learningRate();
        // DJL's defaults are neutral and stated here anyway: no weight decay, no gradient clipping (clip < 0),
        // gradients not rescaled, no momentum. Learning rate fixed.
        this.optimizer = Optimizer.sgd()
                .setLearningRateTracker(Tracker.fixed(learningRate))
                .optWeightDecays(0f)
                .optClipGrad(-1f)
                .setRescaleGrad(1f)
                .optMomentum(0f)
                .build();
        // sparse labels (class indices), predictions are logits; weight 1, class axis -1
        SoftmaxCrossEntropyLoss loss = new SoftmaxCrossEntropyLoss("SoftmaxCrossEntropyLoss", 1f, -1, true, true);
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                .optOptimizer(optimizer)
                .optDevices(new Device[] {Device.cpu()})
                // the harness imports the canonical initial parameters; zeros until then
                .optInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT)
                .optInitializer(Initializer.ZEROS, Parameter.Type.BIAS);

        ai.djl.Model djlModel = ai.djl.Model.newInstance("jmlbench-" + task.id(), Device.cpu(), engineName);
        Trainer newTrainer = null;
        try {
            djlModel.setDataType(DataType.FLOAT32);
            djlModel.setBlock(block);
            newTrainer = djlModel.newTrainer(config);
            // initialises the block in the model's NDManager, float32, for input shape (1, in)
            newTrainer.initialize(new Shape(1, sizes[0]));
            for (int l = 0; l < n; l++) {
                Parameter w = linears.get(l).getParameters().get("weight");
                Parameter b = linears.get(l).getParameters().get("bias");
                requireShape(w, sizes[l + 1], sizes[l]);
                requireShape(b, sizes[l + 1]);
                weights.add(w);
                biases.add(b);
            }
        } catch (RuntimeException | Error e) {
            if (newTrainer != null) {
                newTrainer.close();
            }
            djlModel.close();
            throw e;
        }
        this.model = djlModel;
        this.trainer = newTrainer;
    }

    private static void addActivation(SequentialBlock block, Activation activation) {
        switch (activation) {
            case IDENTITY -> { }
            case RELU -> block.add(ai.djl.nn.Activation.reluBlock());
            case TANH -> block.add(ai.djl.nn.Activation.tanhBlock());
            case SIGMOID -> block.add(ai.djl.nn.Activation.sigmoidBlock());
            case SOFTMAX -> throw new IllegalArgumentException("softmax is supported as the output activation only");
        }
    }

    private static void requireShape(Parameter p, long... expected) {
        Shape actual = p.getArray().getShape();
        if (!actual.equals(new Shape(expected))) {
            throw new IllegalStateException("DJL parameter " + p.getName() + " has shape " + actual
                    + ", expected " + new Shape(expected));
        }
    }

    @Override
    public void importParameters(Parameters parameters) {
        checkOpen();
        parameters.requireLayout(layout);
        for (int l = 0; l < weights.size(); l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] canonical = parameters.get(CanonicalLayout.weightName(l)).data();
            weights.get(l).getArray().set(canonicalToDjl(canonical, in, out));
            biases.get(l).getArray().set(parameters.get(CanonicalLayout.biasName(l)).data());
        }
    }

    @Override
    public Parameters exportParameters() {
        checkOpen();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int l = 0; l < weights.size(); l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] djl = weights.get(l).getArray().toFloatArray();
            tensors.put(CanonicalLayout.weightName(l), new Tensor(new int[] {in, out}, djlToCanonical(djl, in, out)));
            tensors.put(CanonicalLayout.biasName(l), new Tensor(new int[] {out}, biases.get(l).getArray()
                    .toFloatArray()));
        }
        return new Parameters(tensors);
    }

    /** Canonical {@code W[in][out]} (row-major) to PyTorch's {@code [out][in]}: an exact transpose. */
    static float[] canonicalToDjl(float[] canonical, int in, int out) {
        float[] djl = new float[in * out];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                djl[o * in + i] = canonical[i * out + o];
            }
        }
        return djl;
    }

    /** PyTorch's {@code [out][in]} to canonical {@code W[in][out]}: the inverse of {@link #canonicalToDjl}. */
    static float[] djlToCanonical(float[] djl, int in, int out) {
        float[] canonical = new float[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                canonical[i * out + o] = djl[o * in + i];
            }
        }
        return canonical;
    }

    /**
     * One plain SGD step per consecutive mini-batch, in the order of {@code train}, the same order every
     * epoch; no shuffling. Returns the mean loss of each epoch (batch losses weighted by batch size).
     */
    @Override
    public TrainingLog train(LabeledData train) {
        checkOpen();
        checkWidth(train.features(), "training row");
        int classes = sizes[sizes.length - 1];
        if (train.numClasses() > classes) {
            throw new IllegalArgumentException(name() + ": training data has " + train.numClasses()
                    + " classes, the model outputs " + classes);
        }
        int batchSize = task.training().batchSize();
        int n = train.size();
        List<Double> epochLosses = new ArrayList<>();
        long step = 0;
        for (int epoch = 0; epoch < task.training().epochs(); epoch++) {
            double sum = 0;
            for (int start = 0; start < n; start += batchSize) {
                int end = Math.min(n, start + batchSize);
                step++;
                float loss = sgdStep(train.features(), train.labels(), start, end);
                if (!Float.isFinite(loss)) {
                    throw new TrainingDivergedException(name() + " diverged at step " + step + " (epoch "
                            + (epoch + 1) + "): loss is " + loss);
                }
                sum += (double) loss * (end - start);
            }
            epochLosses.add(sum / n);
        }
        return new TrainingLog(epochLosses);
    }

    /**
     * Forward pass, mean softmax cross-entropy and backward pass over rows {@code [from, to)}, then
     * {@code w -= lr * grad} for every parameter. Returns the batch loss computed before the update; when it is
     * not finite, the parameters are left as they were.
     *
     * <p>The update applies the trainer's SGD optimizer to each parameter and its gradient, as DJL's
     * {@code LocalParameterServer} does for one device (PyTorch's sgd update then zeroes the gradient), rather
     * than through {@code Trainer.step()}: that method's one-time sanity check throws "Gradient values are all
     * zeros" when the sum of all gradient values is exactly 0.0f, not when the gradients are zero. For a softmax
     * output layer every weight and bias gradient sums to zero mathematically (each row of
     * {@code p - onehot(y)} sums to zero), and the float sum can come out exactly zero: a two-class model with
     * one input started from zero weights has gradients {@code [a, -a]} and {@code [b, -b]}, and
     * {@code Trainer.step()} rejects its first, valid step (see {@code DjlModelTest}).
     */
    private float sgdStep(float[][] features, int[] labels, int from, int to) {
        int batch = to - from;
        int in = sizes[0];
        float[] x = new float[batch * in];
        long[] y = new long[batch];
        for (int r = 0; r < batch; r++) {
            System.arraycopy(features[from + r], 0, x, r * in, in);
            y[r] = labels[from + r];
        }
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray input = scope.create(x, new Shape(batch, in));
            NDArray target = scope.create(y);
            float loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList logits = trainer.forward(new NDList(input));
                NDArray lossValue = trainer.getLoss().evaluate(new NDList(target), logits);
                collector.backward(lossValue);
                loss = lossValue.getFloat();
            }
            if (!Float.isFinite(loss)) {
                return loss;
            }
            update(weights);
            update(biases);
            return loss;
        }
    }

    private void update(List<Parameter> parameters) {
        for (Parameter p : parameters) {
            NDArray value = p.getArray();
            try (NDArray gradient = value.getGradient()) {
                optimizer.update(p.getId(), value, gradient);
            }
        }
    }

    /** Softmax of the logits, one row per example; all NDArrays live in a sub-manager closed on return. */
    @Override
    public float[][] predict(float[][] features) {
        checkOpen();
        checkWidth(features, "input row");
        int n = features.length;
        int in = sizes[0];
        int classes = sizes[sizes.length - 1];
        if (n == 0) {
            return new float[0][];
        }
        float[] x = new float[n * in];
        for (int r = 0; r < n; r++) {
            System.arraycopy(features[r], 0, x, r * in, in);
        }
        float[] p;
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray input = scope.create(x, new Shape(n, in));
            NDList logits = trainer.evaluate(new NDList(input));
            p = logits.singletonOrThrow().softmax(-1).toFloatArray();
        }
        float[][] out = new float[n][classes];
        for (int r = 0; r < n; r++) {
            System.arraycopy(p, r * classes, out[r], 0, classes);
        }
        return out;
    }

    private void checkWidth(float[][] features, String what) {
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != sizes[0]) {
                throw new IllegalArgumentException(name() + ": " + what + " " + i + " has " + features[i].length
                        + " features, the model expects " + sizes[0]);
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

    /** The DJL weight of layer {@code l} as PyTorch holds it, {@code [out, in]} row-major (for tests). */
    float[] djlWeight(int l) {
        return weights.get(l).getArray().toFloatArray();
    }

    /** The shape of the DJL weight of layer {@code l} (for tests). */
    long[] djlWeightShape(int l) {
        return weights.get(l).getArray().getShape().getShape();
    }

    /** Number of NDArrays attached to the model's NDManager and its sub-managers (for leak checks). */
    int liveArrays() {
        return model.getNDManager().getManagedArrays().size();
    }

    /** Closes the trainer and the DJL model, freeing their native memory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            trainer.close();
        } finally {
            model.close();
            onClose.accept(this);
        }
    }
}
