package dev.jmlbench.adapters.dl4j;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.RegressionData;
import dev.jmlbench.core.engine.EpochListener;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingDivergedException;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;
import dev.jmlbench.core.task.TaskSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A task's model as a DL4J {@link MultiLayerNetwork} built by {@link Dl4jNetworkPlan}, float32.
 *
 * <p>Inputs arrive as flattened rows (the spec's row-major example shape) and are shaped for DL4J here: images
 * become NCHW {@code [batch, c, h, w]}, sequences {@code [time, features]} become DL4J's NCW
 * {@code [batch, features, time]}, token sequences stay {@code [batch, time]} (checked to be whole numbers inside
 * the vocabulary, since DL4J would read outside the embedding matrix otherwise), vectors stay {@code [batch, n]}.
 *
 * <p>A classifier ({@link #train}) outputs class probabilities; a regression network ({@link #trainRegression})
 * outputs one column, the predicted value.
 *
 * <p>Native memory: every {@code INDArray} this class creates (inputs, one-hot labels, outputs, copies) is closed
 * explicitly once used, rather than left to the garbage collector; {@link #close()} frees the network's parameter,
 * gradient and updater buffers and this thread's workspaces.
 */
final class Dl4jModel implements Model {
    private final TaskSpec task;
    private final Nd4jThreads threads;
    private final Dl4jNetworkPlan plan;
    private final MultiLayerNetwork net;
    private final int inputSize;
    private final int outputSize;
    private boolean closed;

    Dl4jModel(TaskSpec task, Nd4jThreads threads) {
        this.task = task;
        this.threads = threads;
        this.inputSize = task.model().inputSize();
        this.outputSize = task.model().outputSize();
        this.plan = Dl4jNetworkPlan.of(task);
        this.net = new MultiLayerNetwork(plan.configuration());
        net.init();
    }

    @Override
    public void importParameters(Parameters parameters) {
        checkOpen();
        Dl4jParameterMapping.importInto(net, task.model(), plan, parameters);
    }

    @Override
    public Parameters exportParameters() {
        checkOpen();
        return Dl4jParameterMapping.exportFrom(net, task.model(), plan);
    }

    /** As {@link #train(LabeledData, EpochListener)} without a listener. */
    @Override
    public TrainingLog train(LabeledData train) {
        return train(train, EpochListener.NONE);
    }

    /**
     * Trains the classifier: one {@code net.fit(DataSet)} (exactly one optimiser step) per consecutive mini-batch,
     * in the given order, the same batches every epoch (see {@link #fit}); labels become one-hot rows for
     * {@code LossMCXENT}.
     */
    @Override
    public TrainingLog train(LabeledData train, EpochListener listener) {
        checkOpen();
        if (task.isRegression()) {
            throw new UnsupportedOperationException("dl4j model of task " + task.id() + " is a regression network"
                    + " (target " + task.target().describe() + "); train it with trainRegression, not train");
        }
        checkWidth(train.features());
        for (int i = 0; i < train.size(); i++) {
            if (train.labels()[i] >= outputSize) {
                throw new IllegalArgumentException("dl4j model of task " + task.id() + ": label " + train.labels()[i]
                        + " of row " + i + " is outside the model's " + outputSize + " classes");
            }
        }
        return fit(train.size(), (start, end) -> new DataSet(input(Arrays.copyOfRange(train.features(), start, end)),
                Nd4j.create(oneHot(train.labels(), start, end))), listener);
    }

    /**
     * Trains the regression network exactly as {@link #train(LabeledData, EpochListener)} trains a classifier (same
     * batches, same {@code net.fit} steps), with the targets as a {@code [batch, 1]} label column for the output
     * layer's {@code LossMSE}: DL4J's score is then the batch mean of {@code (prediction - target)^2} and its
     * gradient that of the same mean, as the spec states the loss (see {@link Dl4jNetworkPlan}).
     */
    @Override
    public TrainingLog trainRegression(RegressionData train, EpochListener listener) {
        checkOpen();
        if (!task.isRegression()) {
            throw new UnsupportedOperationException("dl4j model of task " + task.id() + " is a classifier (target "
                    + task.target().describe() + "); train it with train, not trainRegression");
        }
        checkWidth(train.features());
        float[] targets = train.targets();
        for (int i = 0; i < targets.length; i++) {
            if (!Float.isFinite(targets[i])) {
                throw new IllegalArgumentException("dl4j model of task " + task.id() + ": target of row " + i
                        + " is " + targets[i] + "; regression targets must be finite numbers");
            }
        }
        return fit(train.size(), (start, end) -> new DataSet(input(Arrays.copyOfRange(train.features(), start, end)),
                Nd4j.create(Arrays.copyOfRange(targets, start, end), new long[] {end - start, 1}, 'c')), listener);
    }

    /** Makes the DL4J data set of rows {@code [start, end)}. */
    @FunctionalInterface
    private interface BatchMaker {
        DataSet make(int start, int end);
    }

    /**
     * One {@code net.fit(DataSet)} (exactly one SGD step) per consecutive mini-batch of {@code n} examples, in their
     * order, the same batches every epoch. The batch arrays are built once and closed at the end. The loss of a step
     * is {@code net.score()}: the mean loss of the batch, computed before the update. After each epoch
     * {@code listener} gets the epoch's mean loss (batch losses weighted by batch size); it may call
     * {@link #predict}, which runs a detached inference pass and leaves the parameters, the updater state and the
     * batches as they were, so training goes on exactly as without it.
     */
    private TrainingLog fit(int n, BatchMaker maker, EpochListener listener) {
        Objects.requireNonNull(listener, "listener (use EpochListener.NONE for none)");
        threads.applyToCurrentThread();
        int batchSize = task.training().batchSize();
        List<DataSet> batches = new ArrayList<>();
        try {
            for (int start = 0; start < n; start += batchSize) {
                batches.add(maker.make(start, Math.min(n, start + batchSize)));
            }
            List<Double> epochLosses = new ArrayList<>();
            long step = 0;
            for (int epoch = 0; epoch < task.training().epochs(); epoch++) {
                double sum = 0;
                for (DataSet batch : batches) {
                    net.fit(batch);
                    double loss = net.score();
                    step++;
                    if (!Double.isFinite(loss)) {
                        throw new TrainingDivergedException("dl4j model of task " + task.id() + " diverged at step "
                                + step + " (epoch " + (epoch + 1) + "): loss is " + loss);
                    }
                    sum += loss * batch.numExamples();
                }
                double mean = sum / n;
                epochLosses.add(mean);
                listener.afterEpoch(epoch + 1, mean);
                checkOpen();
                threads.applyToCurrentThread();
            }
            return new TrainingLog(epochLosses);
        } finally {
            if (!closed) {
                net.clear(); // drop the network's references to the batch arrays before closing them
            }
            for (DataSet batch : batches) {
                closeQuietly(batch.getFeatures());
                closeQuietly(batch.getLabels());
            }
        }
    }

    private float[][] oneHot(int[] labels, int start, int end) {
        float[][] y = new float[end - start][outputSize];
        for (int i = start; i < end; i++) {
            y[i - start][labels[i]] = 1f;
        }
        return y;
    }

    @Override
    public float[][] predict(float[][] features) {
        checkOpen();
        checkWidth(features);
        if (features.length == 0) {
            return new float[0][];
        }
        threads.applyToCurrentThread();
        try (INDArray x = input(features)) {
            INDArray out = net.output(x, false);
            try {
                return rows(Dl4jParameterMapping.rowMajor(out), features.length);
            } finally {
                closeQuietly(out);
            }
        }
    }

    /**
     * The output of spec layer {@code layerIndex} in inference mode, from {@code MultiLayerNetwork.feedForwardToLayer}
     * on the DL4J layer that holds it, as canonical rows: NCHW {@code [c, h, w]} flattened row-major, NCW sequences
     * turned back to {@code [time, units]} row-major, vectors as they are.
     */
    @Override
    public Optional<float[][]> layerOutput(int layerIndex, float[][] features) {
        checkOpen();
        checkWidth(features);
        int layers = task.model().layers().size();
        if (layerIndex < 0 || layerIndex >= layers) {
            throw new IllegalArgumentException("dl4j model of task " + task.id() + ": layer index " + layerIndex
                    + " is outside [0, " + layers + ")");
        }
        if (features.length == 0) {
            return Optional.of(new float[0][]);
        }
        threads.applyToCurrentThread();
        int j = plan.dl4jLayerOf(layerIndex);
        try (INDArray x = input(features)) {
            if (j < 0) { // a Flatten or identity Dropout directly on the input
                return Optional.of(canonicalRows(x, task.model().shapeBefore(layerIndex + 1)));
            }
            List<INDArray> activations = net.feedForwardToLayer(j, x, false);
            try {
                return Optional.of(canonicalRows(activations.get(j + 1), task.model().shapeBefore(layerIndex + 1)));
            } finally {
                for (int k = 1; k < activations.size(); k++) {
                    closeQuietly(activations.get(k));
                }
            }
        }
    }

    /**
     * The gradient of the regression loss with respect to the input, from
     * {@code MultiLayerNetwork.calculateGradients(features, labels, null, null)}: DL4J's forward and backward pass
     * over the batch, returning the parameter gradients (left in the network's gradient view, which the next
     * {@code fit} overwrites; no parameter and no updater state is touched) and the epsilon of the network input.
     * DL4J's backward pass sums over the batch (its updater divides by the batch size when it applies a step), so the
     * epsilon is divided by the batch size here to be the gradient of the batch mean the spec trains; NCW
     * {@code [batch, features, time]} is turned back to the features' {@code [time, features]} rows.
     *
     * <p>That forward pass is DL4J's training pass, which differs from inference only by dropout: a model with active
     * dropout, a classifier and token inputs (an Embedding has no input gradient) get an empty result.
     */
    @Override
    public Optional<float[][]> inputGradient(float[][] features, float[] targets) {
        checkOpen();
        ModelSpec model = task.model();
        if (!task.isRegression() || model.layers().get(0) instanceof LayerSpec.Embedding
                || model.layers().stream().anyMatch(l -> l instanceof LayerSpec.Dropout d && d.rate() > 0)) {
            return Optional.empty();
        }
        checkWidth(features);
        if (targets.length != features.length) {
            throw new IllegalArgumentException("dl4j model of task " + task.id() + ": " + features.length
                    + " input rows but " + targets.length + " targets");
        }
        if (features.length == 0) {
            return Optional.of(new float[0][]);
        }
        threads.applyToCurrentThread();
        INDArray epsilon = null;
        try (INDArray x = input(features);
             INDArray y = Nd4j.create(targets.clone(), new long[] {features.length, 1}, 'c')) {
            epsilon = net.calculateGradients(x, y, null, null).getSecond();
            if (epsilon == null) {
                return Optional.empty();
            }
            float[][] rows = canonicalRows(epsilon, model.inputShape());
            float scale = 1f / features.length;
            for (float[] row : rows) {
                for (int k = 0; k < row.length; k++) {
                    row[k] *= scale;
                }
            }
            return Optional.of(rows);
        } finally {
            net.clear(); // drop the network's references to the batch arrays before they are closed
            closeQuietly(epsilon);
        }
    }

    /** One row per example, in the canonical row-major order of {@code shape}, from a DL4J activation array. */
    private static float[][] canonicalRows(INDArray a, List<Integer> shape) {
        long batch = a.size(0);
        INDArray rowMajor;
        if (a.rank() == 3) { // NCW [batch, units, time] -> [batch, time, units]
            rowMajor = a.permute(0, 2, 1).dup('c');
        } else {
            rowMajor = a.dup('c');
        }
        try {
            float[][] rows = rows(rowMajor.data().asFloat(), (int) batch);
            int expected = shape.stream().reduce(1, (p, d) -> p * d);
            if (rows[0].length != expected) {
                throw new IllegalStateException("DL4J activation of shape " + Arrays.toString(a.shape()) + " has "
                        + rows[0].length + " values per example, the spec's shape " + shape + " has " + expected);
            }
            return rows;
        } finally {
            closeQuietly(rowMajor);
        }
    }

    /**
     * {@code values} (row-major) cut into {@code batch} rows, in Java: cheaper than {@code toFloatMatrix}, which
     * creates an nd4j view per row.
     */
    private static float[][] rows(float[] values, int batch) {
        int width = values.length / batch;
        float[][] rows = new float[batch][];
        for (int r = 0; r < batch; r++) {
            rows[r] = Arrays.copyOfRange(values, r * width, (r + 1) * width);
        }
        return rows;
    }

    /** The rows shaped for the first DL4J layer (see the class comment). */
    private INDArray input(float[][] rows) {
        ModelSpec model = task.model();
        List<Integer> shape = model.inputShape();
        int batch = rows.length;
        float[] flat = new float[batch * inputSize];
        for (int r = 0; r < batch; r++) {
            System.arraycopy(rows[r], 0, flat, r * inputSize, inputSize);
        }
        if (model.layers().get(0) instanceof LayerSpec.Embedding e) {
            for (int r = 0; r < batch; r++) {
                for (int t = 0; t < inputSize; t++) {
                    float token = rows[r][t];
                    if (token != Math.rint(token) || token < 0 || token >= e.vocabularySize()) {
                        throw new IllegalArgumentException("dl4j model of task " + task.id() + ": input row " + r
                                + " has token " + token + " at step " + t + "; the Embedding layer expects whole"
                                + " numbers in [0, " + e.vocabularySize() + ")");
                    }
                }
            }
            return Nd4j.create(flat, new long[] {batch, inputSize}, 'c');
        }
        if (shape.size() == 3) {
            return Nd4j.create(flat, new long[] {batch, shape.get(0), shape.get(1), shape.get(2)}, 'c');
        }
        if (shape.size() == 2) {
            try (INDArray ntf = Nd4j.create(flat, new long[] {batch, shape.get(0), shape.get(1)}, 'c')) {
                return ntf.permute(0, 2, 1).dup('c');
            }
        }
        return Nd4j.create(flat, new long[] {batch, inputSize}, 'c');
    }

    private void checkWidth(float[][] features) {
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != inputSize) {
                throw new IllegalArgumentException("dl4j model of task " + task.id() + ": input row " + i + " has "
                        + features[i].length + " features, the model expects " + inputSize);
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("dl4j model of task " + task.id() + " is closed");
        }
    }

    /** The DL4J network, for tests. */
    MultiLayerNetwork network() {
        return net;
    }

    /**
     * Frees the parameter, gradient and updater buffers and destroys this thread's nd4j workspaces (DL4J's
     * {@code MultiLayerNetwork.close()}, which also calls {@code System.gc()}). Idempotent.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            net.close();
        }
    }

    private static void closeQuietly(INDArray a) {
        if (a != null && a.closeable()) {
            a.close();
        }
    }
}
