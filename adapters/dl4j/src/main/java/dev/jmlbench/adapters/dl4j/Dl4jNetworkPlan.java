package dev.jmlbench.adapters.dl4j;

import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.Loss;
import dev.jmlbench.core.task.ModelSpec;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.TaskSpec;
import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How a task's model becomes a DL4J {@link MultiLayerConfiguration}, and which DL4J layer holds the output of which
 * spec layer.
 *
 * <p>Translation per spec layer (DL4J layer in brackets):
 * <ul>
 *   <li>Dense: {@code DenseLayer}, or {@code OutputLayer} with {@code LossMCXENT} for the final softmax layer of a
 *       classifier, or with {@code LossMSE} for the one-unit output layer of a regression network;</li>
 *   <li>Conv2D: {@code ConvolutionLayer}, NCHW, {@code ConvolutionMode.Truncate} (output size
 *       {@code (in + 2p - k) / s + 1}, rounded down, as the spec says), square kernel, stride and padding;</li>
 *   <li>Conv1D: {@code Convolution1DLayer} on NCW sequences ({@code RNNFormat.NCW}, like every sequence here),
 *       no padding, Truncate (output length {@code (t - k) / s + 1}); its output is again an NCW sequence
 *       {@code [batch, filters, steps]};</li>
 *   <li>MaxPool2D / AvgPool2D: {@code SubsamplingLayer} MAX / AVG, no padding, Truncate;</li>
 *   <li>Flatten: no layer; a preprocessor on the next DL4J layer flattens: {@code CnnToFeedForwardPreProcessor}
 *       flattens [c, h, w] row-major, which is the canonical order; {@link SequenceFlattenPreProcessor} flattens
 *       an NCW sequence step by step ([steps, channels] row-major, the canonical order, which DL4J's own
 *       {@code RnnToFeedForwardPreProcessor} is not); flattening a vector is nothing at all;</li>
 *   <li>Dropout: {@code DropoutLayer} with DL4J's inverted {@code Dropout(1 - rate)} (DL4J's argument is the
 *       probability of keeping), nothing when the rate is 0;</li>
 *   <li>Embedding (first layer only, token indices as input): {@code EmbeddingSequenceLayer} without bias;</li>
 *   <li>SimpleRNN: {@code SimpleRnn} with tanh; LSTM: {@code LSTM} with tanh and sigmoid gates, no peepholes; both
 *       wrapped in {@code LastTimeStep} when the spec returns the last state only.</li>
 * </ul>
 * Sequences travel in DL4J's default NCW layout {@code [batch, features, time]}.
 */
final class Dl4jNetworkPlan {
    /** DL4J layer whose output is the output of each spec layer; -1 means the network input. */
    private final int[] dl4jLayerOf;
    private final MultiLayerConfiguration configuration;

    private Dl4jNetworkPlan(int[] dl4jLayerOf, MultiLayerConfiguration configuration) {
        this.dl4jLayerOf = dl4jLayerOf;
        this.configuration = configuration;
    }

    /**
     * Whether DL4J 1.0.0-M2.1 runs {@code task} exactly as specified: yes, or no naming the learner, the first layer,
     * the loss or the optimiser that does not fit and why. Classic algorithms (trees, forests, boosting, LIBLINEAR)
     * are refused: the adapter runs networks only. A classifier needs a Dense softmax output layer trained with
     * softmax cross-entropy; a regression network (mean squared error, RMSE or R2 target) needs a one-unit Dense
     * output layer with an element-wise activation.
     */
    static Support supports(TaskSpec task) {
        if (!task.isNetwork()) {
            return Support.no("DL4J has no " + task.algorithm().displayName() + "; the dl4j adapter runs neural"
                    + " networks only");
        }
        ModelSpec model = task.model();
        boolean regression = task.isRegression();
        List<LayerSpec> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            boolean last = i == layers.size() - 1;
            List<Integer> in = model.shapeBefore(i);
            if (layer instanceof LayerSpec.Gru) {
                return Support.no("layer " + i + " is a GRU: DL4J 1.0.0-M2.1 has no GRU layer for MultiLayerNetwork or"
                        + " ComputationGraph (its recurrent layers are SimpleRnn, LSTM, GravesLSTM and"
                        + " GravesBidirectionalLSTM; GRU exists only as a SameDiff op)");
            }
            if (layer instanceof LayerSpec.Embedding && i != 0) {
                return Support.no("layer " + i + " is an Embedding that is not the first layer; DL4J's"
                        + " EmbeddingSequenceLayer reads token indices from the network input only");
            }
            if (layer instanceof LayerSpec.Dense dense) {
                if (!last && dense.activation() == Activation.SOFTMAX) {
                    return Support.no("layer " + i + " uses softmax; the dl4j adapter supports softmax on the output"
                            + " layer only");
                }
            }
            if (last && !regression && !(layer instanceof LayerSpec.Dense d && d.activation() == Activation.SOFTMAX)) {
                return Support.no("the output layer is " + layer + "; softmax cross-entropy (DL4J OutputLayer with"
                        + " LossMCXENT) needs a Dense SOFTMAX output layer");
            }
            if (last && regression && !(layer instanceof LayerSpec.Dense d && d.units() == 1
                    && d.activation() != Activation.SOFTMAX)) {
                return Support.no("the output layer is " + layer + "; a regression network (DL4J OutputLayer with"
                        + " LossMSE) needs a Dense output layer of 1 unit with an element-wise activation");
            }
        }
        Loss loss = task.training().loss();
        if (regression && loss != Loss.MEAN_SQUARED_ERROR) {
            return Support.no("task " + task.id() + " has the regression target " + task.target().describe()
                    + " but trains with " + loss + "; the dl4j adapter trains regression networks with"
                    + " MEAN_SQUARED_ERROR only");
        }
        if (!regression && loss != Loss.SOFTMAX_CROSS_ENTROPY) {
            return Support.no("loss " + loss + " with the classification target " + task.target().describe()
                    + " is not mapped to DL4J; the dl4j adapter trains classifiers with SOFTMAX_CROSS_ENTROPY only"
                    + " (MEAN_SQUARED_ERROR is for regression tasks, whose target is RMSE or R2)");
        }
        return Support.yes();
    }

    /** The plan of a supported task (call {@link #supports} first). */
    static Dl4jNetworkPlan of(TaskSpec task) {
        ModelSpec model = task.model();
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(task.training().seed())
                .dataType(DataType.FLOAT)
                .optimizationAlgo(OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT)
                .updater(updater(task.training().optimizer()))
                .miniBatch(true)
                .l1(0).l2(0).l1Bias(0).l2Bias(0)
                .gradientNormalization(GradientNormalization.None)
                .weightInit(WeightInit.ZERO)
                .biasInit(0)
                .activation(org.nd4j.linalg.activations.Activation.IDENTITY)
                .convolutionMode(ConvolutionMode.Truncate)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list();
        List<LayerSpec> layers = model.layers();
        int[] dl4jLayerOf = new int[layers.size()];
        int next = 0;
        List<Integer> pendingFlattenShape = null;
        List<Integer> pendingSequenceFlatten = null;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec spec = layers.get(i);
            List<Integer> in = model.shapeBefore(i);
            Layer layer = translate(spec, in, i == layers.size() - 1, task.isRegression());
            if (spec instanceof LayerSpec.Flatten) {
                if (in.size() == 3) {
                    pendingFlattenShape = in;
                } else if (in.size() == 2) {
                    pendingSequenceFlatten = in;
                }
                dl4jLayerOf[i] = next - 1;
                continue;
            }
            if (layer == null) { // dropout with rate 0: the identity
                dl4jLayerOf[i] = next - 1;
                continue;
            }
            if (pendingFlattenShape != null) {
                list.inputPreProcessor(next, new CnnToFeedForwardPreProcessor(pendingFlattenShape.get(1),
                        pendingFlattenShape.get(2), pendingFlattenShape.get(0)));
                pendingFlattenShape = null;
            }
            if (pendingSequenceFlatten != null) {
                list.inputPreProcessor(next, new SequenceFlattenPreProcessor(pendingSequenceFlatten.get(0),
                        pendingSequenceFlatten.get(1)));
                pendingSequenceFlatten = null;
            }
            list.layer(next, layer);
            dl4jLayerOf[i] = next;
            next++;
        }
        return new Dl4jNetworkPlan(dl4jLayerOf, list.build());
    }

    private static Layer translate(LayerSpec spec, List<Integer> in, boolean last, boolean regression) {
        if (spec instanceof LayerSpec.Dense d) {
            if (last && regression) {
                // LossMSE: score sum((y - yhat)^2) / outputs per example, averaged over the batch; gradient
                // 2 (yhat - y) / outputs per example, divided by the batch size by the updater (miniBatch(true)).
                // With the spec's one output that is exactly mean over the batch of (yhat - y)^2, no 1/2 factor.
                return new OutputLayer.Builder(new LossMSE()).nIn(in.get(0)).nOut(d.units())
                        .activation(activation(d.activation())).build();
            }
            if (last) {
                return new OutputLayer.Builder(new LossMCXENT()).nIn(in.get(0)).nOut(d.units())
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build();
            }
            return new DenseLayer.Builder().nIn(in.get(0)).nOut(d.units()).activation(activation(d.activation()))
                    .hasBias(true).build();
        }
        if (spec instanceof LayerSpec.Conv2D c) {
            return new ConvolutionLayer.Builder(new int[] {c.kernelSize(), c.kernelSize()},
                    new int[] {c.stride(), c.stride()}, new int[] {c.padding(), c.padding()})
                    .nIn(in.get(0)).nOut(c.filters()).convolutionMode(ConvolutionMode.Truncate)
                    .activation(activation(c.activation())).hasBias(true).build();
        }
        if (spec instanceof LayerSpec.Conv1D c) {
            return new Convolution1DLayer.Builder().kernelSize(c.kernelSize()).stride(c.stride()).padding(0)
                    .rnnDataFormat(RNNFormat.NCW).nIn(in.get(1)).nOut(c.filters())
                    .convolutionMode(ConvolutionMode.Truncate).activation(activation(c.activation()))
                    .hasBias(true).build();
        }
        if (spec instanceof LayerSpec.MaxPool2D p) {
            return pool(SubsamplingLayer.PoolingType.MAX, p.size(), p.stride());
        }
        if (spec instanceof LayerSpec.AvgPool2D p) {
            return pool(SubsamplingLayer.PoolingType.AVG, p.size(), p.stride());
        }
        if (spec instanceof LayerSpec.Flatten) {
            return null;
        }
        if (spec instanceof LayerSpec.Dropout d) {
            return d.rate() == 0 ? null
                    : new DropoutLayer.Builder(new org.deeplearning4j.nn.conf.dropout.Dropout(1 - d.rate())).build();
        }
        if (spec instanceof LayerSpec.Embedding e) {
            return new EmbeddingSequenceLayer.Builder().nIn(e.vocabularySize()).nOut(e.dimension())
                    .inputLength(in.get(0)).hasBias(false)
                    .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build();
        }
        if (spec instanceof LayerSpec.SimpleRnn r) {
            Layer rnn = new SimpleRnn.Builder().nIn(in.get(1)).nOut(r.units())
                    .activation(org.nd4j.linalg.activations.Activation.TANH).build();
            return r.returnSequences() ? rnn : new LastTimeStep(rnn);
        }
        if (spec instanceof LayerSpec.Lstm r) {
            Layer lstm = new LSTM.Builder().nIn(in.get(1)).nOut(r.units())
                    .activation(org.nd4j.linalg.activations.Activation.TANH)
                    .gateActivationFunction(org.nd4j.linalg.activations.Activation.SIGMOID)
                    .build();
            return r.returnSequences() ? lstm : new LastTimeStep(lstm);
        }
        throw new UnsupportedOperationException("layer " + spec + " has no DL4J translation");
    }

    private static Layer pool(SubsamplingLayer.PoolingType type, int size, int stride) {
        return new SubsamplingLayer.Builder(type, new int[] {size, size}, new int[] {stride, stride}, new int[] {0, 0})
                .convolutionMode(ConvolutionMode.Truncate).build();
    }

    /**
     * The nd4j updater of an optimiser spec. Plain SGD is nd4j's own {@code Sgd}. Momentum and Adam are not: nd4j's
     * {@code Nesterovs} is Nesterov momentum, not the spec's heavy ball, and nd4j's {@code Adam} adds epsilon to
     * {@code sqrt(v)} before the bias correction (its step is {@code lr sqrt(1-b2^t)/(1-b1^t) m / (sqrt(v) + eps)},
     * i.e. an effective epsilon of {@code eps / sqrt(1-b2^t)}); both are run as the spec states them, on nd4j arrays,
     * by {@link SpecUpdaters}.
     */
    static IUpdater updater(OptimizerSpec optimizer) {
        if (optimizer instanceof OptimizerSpec.Sgd s) {
            return new Sgd(s.learningRate());
        }
        if (optimizer instanceof OptimizerSpec.Momentum m) {
            return new SpecUpdaters.HeavyBall(m.learningRate(), m.momentum());
        }
        if (optimizer instanceof OptimizerSpec.Adam a) {
            return new SpecUpdaters.SpecAdam(a.learningRate(), a.beta1(), a.beta2(), a.epsilon());
        }
        throw new IllegalArgumentException("optimizer " + optimizer + " has no nd4j updater");
    }

    static org.nd4j.linalg.activations.Activation activation(Activation a) {
        return switch (a) {
            case IDENTITY -> org.nd4j.linalg.activations.Activation.IDENTITY;
            case RELU -> org.nd4j.linalg.activations.Activation.RELU;
            case TANH -> org.nd4j.linalg.activations.Activation.TANH;
            case SIGMOID -> org.nd4j.linalg.activations.Activation.SIGMOID;
            case SOFTMAX -> org.nd4j.linalg.activations.Activation.SOFTMAX;
        };
    }

    /** The DL4J configuration. */
    MultiLayerConfiguration configuration() {
        return configuration;
    }

    /** Index of the DL4J layer whose output is spec layer {@code specIndex}'s output; -1 for the network input. */
    int dl4jLayerOf(int specIndex) {
        return dl4jLayerOf[specIndex];
    }

    /** The DL4J layer index of every spec layer. */
    List<Integer> dl4jLayers() {
        List<Integer> l = new ArrayList<>();
        for (int j : dl4jLayerOf) {
            l.add(j);
        }
        return Collections.unmodifiableList(l);
    }
}
