package dev.jmlbench.conformance;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.DatasetRef;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.Loss;
import dev.jmlbench.core.task.ModelSpec;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.QualityTarget;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskFamily;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import dev.jmlbench.datasets.Datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One architecture the kit checks every engine on: a task spec and the data it runs on (real data where the kit has
 * it, seeded synthetic sequences for the recurrent cells and the 1-D convolution).
 *
 * @param name  short name shown in test reports
 * @param task  the task spec (its recipe gives optimiser, batch size and initial parameters)
 * @param train training examples, in the order every engine visits them
 * @param test  examples for forward parity and accuracy
 */
public record KitArchitecture(String name, TaskSpec task, LabeledData train, LabeledData test) {

    @Override
    public String toString() {
        return name;
    }

    /** Whether the model has a dropout layer with a non-zero rate (its masks come from each engine's own RNG). */
    public boolean hasActiveDropout() {
        return task.model().layers().stream().anyMatch(l -> l instanceof LayerSpec.Dropout d && d.rate() > 0);
    }

    /** The task's canonical initial parameters, as the harness draws them. */
    public Parameters initialParameters() {
        return ParameterInitializer.initialize(task.model(), task.training().initializer(), task.training().seed());
    }

    /** Glorot weights with distinct, non-zero biases: see {@link ParityCheck#probeParameters}. */
    public Parameters distinctParameters(long seed) {
        return ParityCheck.probeParameters(task.model(), seed);
    }

    /** The same architecture with another training recipe. */
    public KitArchitecture withRecipe(TrainingRecipe recipe) {
        TaskSpec t = new TaskSpec(task.id(), task.description(), task.family(), task.dataset(), task.model(), recipe,
                task.target());
        return new KitArchitecture(name, t, train, test);
    }

    /**
     * The architectures of the kit: a Dense MLP on iris, LeNet-5 on digits (the catalogue's {@code lenet5-digits}), a
     * small CNN with average pooling and dropout on digits, SimpleRNN, stacked LSTM and GRU on seeded sequences, an
     * Embedding + LSTM and an Embedding + Conv1D (tanh, stride 2) + Flatten + Dense on seeded token sequences. The
     * optimisers are spread over them so that SGD, momentum and Adam are each checked.
     */
    public static List<KitArchitecture> all() {
        TaskSpec iris = TaskCatalogue.builtIn().get("iris-logreg");
        TrainTestData irisData = Datasets.load(iris.dataset());
        TaskSpec lenet = task("lenet5-digits");
        TrainTestData digits = Datasets.load(lenet.dataset());

        TaskSpec mlp = spec("kit-iris-mlp", TaskFamily.CLASSIC, iris.dataset(), new ModelSpec(4, List.of(
                new LayerSpec.Dense(8, Activation.TANH), new LayerSpec.Dense(6, Activation.RELU),
                new LayerSpec.Dense(3, Activation.SOFTMAX))), new OptimizerSpec.Sgd(0.1), 8, Initializer.GLOROT_UNIFORM);
        TaskSpec cnn = spec("kit-digits-cnn", TaskFamily.CNN, lenet.dataset(), new ModelSpec(List.of(1, 8, 8), List.of(
                new LayerSpec.Conv2D(4, 3, 1, 0, Activation.TANH), new LayerSpec.AvgPool2D(2, 2),
                new LayerSpec.Dropout(0.25), new LayerSpec.Flatten(), new LayerSpec.Dense(10, Activation.SOFTMAX))),
                new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-7), 16, Initializer.HE_NORMAL);

        int steps = 8;
        int features = 3;
        DatasetRef sequences = new DatasetRef("kit-seeded-sequences", 0.25, 7);
        TaskSpec rnn = spec("kit-simple-rnn", TaskFamily.RNN, sequences, new ModelSpec(List.of(steps, features), List.of(
                new LayerSpec.SimpleRnn(6, false), new LayerSpec.Dense(3, Activation.SOFTMAX))),
                new OptimizerSpec.Sgd(0.1), 8, Initializer.GLOROT_UNIFORM);
        TaskSpec lstm = spec("kit-lstm", TaskFamily.RNN, sequences, new ModelSpec(List.of(steps, features), List.of(
                new LayerSpec.Lstm(6, true), new LayerSpec.Lstm(5, false), new LayerSpec.Dense(3, Activation.SOFTMAX))),
                new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-7), 8, Initializer.GLOROT_UNIFORM);
        TaskSpec gru = spec("kit-gru", TaskFamily.RNN, sequences, new ModelSpec(List.of(steps, features), List.of(
                new LayerSpec.Gru(6, false), new LayerSpec.Dense(3, Activation.SOFTMAX))),
                new OptimizerSpec.Momentum(0.05, 0.9), 8, Initializer.GLOROT_UNIFORM);
        int tokens = 10;
        int vocabulary = 7;
        TaskSpec embedding = spec("kit-embedding-lstm", TaskFamily.RNN, new DatasetRef("kit-seeded-tokens", 0.25, 7),
                new ModelSpec(List.of(tokens), List.of(new LayerSpec.Embedding(vocabulary, 4),
                        new LayerSpec.Lstm(5, false), new LayerSpec.Dense(3, Activation.SOFTMAX))),
                new OptimizerSpec.Sgd(0.1), 8, Initializer.GLOROT_UNIFORM);
        // stride 2 over 10 steps: outputs at steps 0, 2, 4, 6 (step 9 is never read), so an engine that ignores the
        // stride, pads, or reads the sequence channels-first shows in the shapes or the values
        TaskSpec conv1d = spec("kit-embedding-conv1d", TaskFamily.RNN, new DatasetRef("kit-seeded-tokens", 0.25, 7),
                new ModelSpec(List.of(tokens), List.of(new LayerSpec.Embedding(vocabulary, 4),
                        new LayerSpec.Conv1D(5, 3, 2, Activation.TANH), new LayerSpec.Flatten(),
                        new LayerSpec.Dense(3, Activation.SOFTMAX))),
                new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-7), 8, Initializer.GLOROT_UNIFORM);

        return List.of(
                new KitArchitecture("dense-mlp", mlp, irisData.train(), irisData.test()),
                new KitArchitecture("lenet5", lenet, digits.train(), digits.test()),
                new KitArchitecture("cnn-avgpool-dropout", cnn, digits.train(), digits.test()),
                new KitArchitecture("simple-rnn", rnn, seededSequences(96, steps, features, 1),
                        seededSequences(32, steps, features, 2)),
                new KitArchitecture("lstm", lstm, seededSequences(96, steps, features, 3),
                        seededSequences(32, steps, features, 4)),
                new KitArchitecture("gru", gru, seededSequences(96, steps, features, 5),
                        seededSequences(32, steps, features, 6)),
                new KitArchitecture("embedding-lstm", embedding, seededTokens(96, tokens, vocabulary, 7),
                        seededTokens(32, tokens, vocabulary, 8)),
                new KitArchitecture("embedding-conv1d", conv1d, seededTokens(96, tokens, vocabulary, 9),
                        seededTokens(32, tokens, vocabulary, 10)));
    }

    /**
     * A task of the built-in catalogue, or one whose JSON ships with core but is not (yet) listed in its index
     * (such as {@code lenet5-digits} while the reference engine grows its layers).
     */
    public static TaskSpec task(String id) {
        TaskCatalogue catalogue = TaskCatalogue.builtIn();
        if (catalogue.ids().contains(id)) {
            return catalogue.get(id);
        }
        String resource = "/dev/jmlbench/core/tasks/" + id + ".json";
        try (InputStream in = TaskCatalogue.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no task '" + id + "': not in the catalogue " + catalogue.ids()
                        + " and no resource " + resource);
            }
            return TaskCatalogue.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), id + ".json");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static TaskSpec spec(String id, TaskFamily family, DatasetRef data, ModelSpec model, OptimizerSpec opt,
                                 int batchSize, Initializer init) {
        return new TaskSpec(id, "conformance kit architecture " + id, family, data, model,
                new TrainingRecipe(opt, Loss.SOFTMAX_CROSS_ENTROPY, batchSize, 1, init, 42),
                new QualityTarget(QualityTarget.Metric.ACCURACY, 0));
    }

    /**
     * Sequences {@code [steps, features]} uniform in [-1, 1]; the label is the feature (of the first 3) with the
     * largest sum over time, so the classes depend on the whole sequence.
     */
    static LabeledData seededSequences(int n, int steps, int features, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][steps * features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double[] sums = new double[3];
            for (int t = 0; t < steps; t++) {
                for (int f = 0; f < features; f++) {
                    x[i][t * features + f] = (float) r.nextDouble(-1, 1);
                    if (f < 3) {
                        sums[f] += x[i][t * features + f];
                    }
                }
            }
            y[i] = sums[0] >= sums[1] && sums[0] >= sums[2] ? 0 : sums[1] >= sums[2] ? 1 : 2;
        }
        return new LabeledData(x, y, 3);
    }

    /** Token sequences (float-coded indices in [0, vocabulary)); the label is the first token modulo 3. */
    static LabeledData seededTokens(int n, int length, int vocabulary, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][length];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < length; t++) {
                x[i][t] = r.nextInt(vocabulary);
            }
            y[i] = (int) x[i][0] % 3;
        }
        return new LabeledData(x, y, 3);
    }
}
