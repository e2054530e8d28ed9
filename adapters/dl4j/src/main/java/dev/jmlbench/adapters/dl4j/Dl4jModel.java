package dev.jmlbench.adapters.dl4j;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingDivergedException;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.TaskSpec;
import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A task's model as a DL4J {@link MultiLayerNetwork}: hidden Dense layers as {@code DenseLayer}, the softmax
 * output layer as {@code OutputLayer} with {@code LossMCXENT}, plain SGD, float32.
 *
 * <p>Native memory: every {@code INDArray} this class creates (inputs, one-hot labels, outputs, copies) is closed
 * explicitly once used, rather than left to the garbage collector; {@link #close()} frees the network's parameter,
 * gradient and updater buffers and this thread's workspaces.
 */
final class Dl4jModel implements Model {
    private final TaskSpec task;
    private final Nd4jThreads threads;
    private final MultiLayerNetwork net;
    private final int inputSize;
    private final int outputSize;
    private boolean closed;

    Dl4jModel(TaskSpec task, Nd4jThreads threads) {
        this.task = task;
        this.threads = threads;
        this.inputSize = task.model().inputSize();
        this.outputSize = task.model().outputSize();
        this.net = new MultiLayerNetwork(configuration(task));
        net.init();
    }

    /**
     * The DL4J configuration of {@code task}. Everything that could change the maths is stated, even where it is
     * DL4J's default: plain SGD with the task's learning rate, no l1/l2/weight decay, no dropout, no gradient
     * normalisation, and {@code miniBatch(true)} so the loss and the gradient are divided by the batch size.
     * Initial weights are zero here; the harness always imports the canonical initial parameters.
     */
    static MultiLayerConfiguration configuration(TaskSpec task) {
        ModelSpec model = task.model();
        double learningRate = ((OptimizerSpec.Sgd) task.training().optimizer()).learningRate();
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(task.training().seed())
                .dataType(DataType.FLOAT)
                .optimizationAlgo(OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT)
                .updater(new Sgd(learningRate))
                .miniBatch(true)
                .l1(0).l2(0).l1Bias(0).l2Bias(0)
                .gradientNormalization(GradientNormalization.None)
                .weightInit(WeightInit.ZERO)
                .biasInit(0)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list();
        int last = model.layers().size() - 1;
        for (int i = 0; i <= last; i++) {
            LayerSpec.Dense dense = (LayerSpec.Dense) model.layers().get(i);
            int in = model.inputSizeOf(i);
            if (i == last) {
                list.layer(i, new OutputLayer.Builder(new LossMCXENT())
                        .nIn(in).nOut(dense.units())
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX)
                        .build());
            } else {
                list.layer(i, new DenseLayer.Builder()
                        .nIn(in).nOut(dense.units())
                        .activation(activation(dense.activation()))
                        .build());
            }
        }
        return list.build();
    }

    private static org.nd4j.linalg.activations.Activation activation(Activation a) {
        return switch (a) {
            case IDENTITY -> org.nd4j.linalg.activations.Activation.IDENTITY;
            case RELU -> org.nd4j.linalg.activations.Activation.RELU;
            case TANH -> org.nd4j.linalg.activations.Activation.TANH;
            case SIGMOID -> org.nd4j.linalg.activations.Activation.SIGMOID;
            case SOFTMAX -> org.nd4j.linalg.activations.Activation.SOFTMAX;
        };
    }

    @Override
    public void importParameters(Parameters parameters) {
        checkOpen();
        Dl4jParameterMapping.importInto(net, task.model(), parameters);
    }

    @Override
    public Parameters exportParameters() {
        checkOpen();
        return Dl4jParameterMapping.exportFrom(net, task.model());
    }

    /**
     * One {@code net.fit(DataSet)} (exactly one SGD step) per consecutive mini-batch, in the given order, the same
     * batches every epoch. The batch arrays are built once and closed at the end. The loss of a step is
     * {@code net.score()}: the mean loss of the batch, computed before the update.
     */
    @Override
    public TrainingLog train(LabeledData train) {
        checkOpen();
        checkWidth(train.features());
        for (int i = 0; i < train.size(); i++) {
            if (train.labels()[i] >= outputSize) {
                throw new IllegalArgumentException("dl4j model of task " + task.id() + ": label " + train.labels()[i]
                        + " of row " + i + " is outside the model's " + outputSize + " classes");
            }
        }
        threads.applyToCurrentThread();
        int batchSize = task.training().batchSize();
        int n = train.size();
        List<DataSet> batches = new ArrayList<>();
        try {
            for (int start = 0; start < n; start += batchSize) {
                int end = Math.min(n, start + batchSize);
                INDArray x = Nd4j.create(Arrays.copyOfRange(train.features(), start, end));
                INDArray y = Nd4j.create(oneHot(train.labels(), start, end));
                batches.add(new DataSet(x, y));
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
                epochLosses.add(sum / n);
            }
            return new TrainingLog(epochLosses);
        } finally {
            net.clear(); // drop the network's references to the batch arrays before closing them
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
        try (INDArray x = Nd4j.create(features)) {
            INDArray out = net.output(x, false);
            try {
                return out.toFloatMatrix();
            } finally {
                closeQuietly(out);
            }
        }
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
