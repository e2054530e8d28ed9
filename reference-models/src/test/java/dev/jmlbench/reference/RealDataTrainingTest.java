package dev.jmlbench.reference;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.TextCorpus;
import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingLog;
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
import dev.jmlbench.datasets.SequenceWindows;
import dev.jmlbench.reference.gemm.Gemm;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training on real data: LeNet-5 on the digits, a character-level LSTM and the catalogue's 1-D CNN on Moby-Dick, and
 * reproducibility.
 */
class RealDataTrainingTest {

    @Test
    void lenet5OnDigitsReachesItsTarget() {
        TaskSpec task = TaskCatalogue.builtIn().get("lenet5-digits");
        TrainTestData data = Datasets.load(task.dataset());
        try (Model model = new ReferenceEngine().build(task)) {
            model.importParameters(ParameterInitializer.initialize(task.model(), task.training().initializer(),
                    task.training().seed()));
            long start = System.nanoTime();
            TrainingLog log = model.train(data.train());
            double seconds = (System.nanoTime() - start) / 1e9;
            double accuracy = accuracy(model.predict(data.test().features()), data.test().labels());
            System.out.printf("[reference] lenet5-digits: test accuracy %.4f after %d epochs in %.1f s, epoch losses"
                    + " %s%n", accuracy, log.epochLosses().size(), seconds, log.epochLosses());
            assertTrue(task.target().isMetBy(accuracy), "test accuracy " + accuracy + " < " + task.target().threshold());
            assertTrue(accuracy >= 0.95, "test accuracy " + accuracy);
        }
    }

    /**
     * Embedding 16 - LSTM 32 - softmax over the first 24,000 characters of Moby-Dick, windows of 10 characters every
     * 3 (about 8,000 examples), Adam, 3 epochs: the last epoch's mean training loss must lie at least one bit per
     * character below the unigram entropy of the training text (measured: about 3.29 against 4.47).
     */
    @Test
    void charLstmOnMobyDickBeatsTheUnigramEntropy() {
        TextCorpus corpus = Datasets.loadText(new DatasetRef("moby-dick", 0.1, 0));
        int vocabulary = corpus.vocabularySize();
        int window = 10;
        LabeledData windows = SequenceWindows.nextToken(Arrays.copyOf(corpus.train(), 24_000), window, 3, vocabulary);
        ModelSpec model = new ModelSpec(List.of(window), List.of(new LayerSpec.Embedding(vocabulary, 16),
                new LayerSpec.Lstm(32, false), new LayerSpec.Dense(vocabulary, Activation.SOFTMAX)));
        TaskSpec task = new TaskSpec("moby-dick-char-lstm", "char-level LSTM on a slice of Moby-Dick", TaskFamily.RNN,
                new DatasetRef("moby-dick", 0.1, 0), model,
                new TrainingRecipe(new OptimizerSpec.Adam(0.02, 0.9, 0.999, 1e-8), Loss.SOFTMAX_CROSS_ENTROPY, 32, 3,
                        Initializer.GLOROT_UNIFORM, 7),
                new QualityTarget(QualityTarget.Metric.ACCURACY, 0.3));
        try (Model m = new ReferenceEngine().build(task)) {
            m.importParameters(ParameterInitializer.initialize(model, Initializer.GLOROT_UNIFORM, 7));
            long start = System.nanoTime();
            TrainingLog log = m.train(windows);
            double seconds = (System.nanoTime() - start) / 1e9;
            double bits = log.epochLosses().get(log.epochLosses().size() - 1) / Math.log(2);
            double entropy = corpus.unigramEntropyBits();
            System.out.printf("[reference] char LSTM on %d windows of Moby-Dick: last-epoch training loss %.3f bits/char"
                    + " vs unigram entropy %.3f bits/char, %.1f s, epoch losses (nats) %s%n", windows.size(), bits,
                    entropy, seconds, log.epochLosses());
            assertTrue(bits < entropy - 1.0, bits + " bits/char is not well below the unigram entropy " + entropy);
        }
    }

    /**
     * The catalogue's {@code charlm-cnn1d} (Embedding 16 - Conv1D 64 filters of 5 steps, ReLU - Flatten - softmax
     * over 83 characters) with its full recipe (Adam 0.01, 2 epochs) on the task's own windows of Moby-Dick (24
     * characters, one window every 256 characters: about 4,200 training and 470 test windows), cut here without the
     * suites: the test windows' bits per character (mean {@code -log2 p(true next character)}) must lie below the
     * unigram entropy of the training text. Measured: 4.33 against 4.47 after training loss fell to 3.53 bits: the
     * 106,000 weights of the final Dense layer memorise 4,200 windows, so the task's target of 3.9 is out of reach
     * of this data (see {@link #charCnn1dReachesTheTaskTargetOnDenserWindows}).
     */
    @Test
    void charCnn1dAsCataloguedBeatsTheUnigramEntropy() {
        TaskSpec task = TaskCatalogue.builtIn().get("charlm-cnn1d");
        assertEquals(QualityTarget.Metric.BITS_PER_CHARACTER, task.target().metric());
        TextCorpus corpus = Datasets.loadText(task.dataset());
        double bits = trainCharModel(task, corpus, task.dataset().stride());
        double entropy = corpus.unigramEntropyBits();
        assertTrue(bits < entropy, bits + " bits/char is not below the unigram entropy " + entropy);
    }

    /**
     * The same model and optimiser on four times as many windows (one every 64 characters: about 16,700 training
     * windows) for one epoch, about twice the catalogue recipe's work, reaches the task's target of 3.9 bits per
     * character (measured: 3.78; two epochs give 3.75).
     */
    @Test
    void charCnn1dReachesTheTaskTargetOnDenserWindows() {
        TaskSpec catalogued = TaskCatalogue.builtIn().get("charlm-cnn1d");
        TrainingRecipe r = catalogued.training();
        TaskSpec task = new TaskSpec(catalogued.id(), catalogued.description(), catalogued.family(),
                new DatasetRef(catalogued.dataset().id(), catalogued.dataset().testFraction(),
                        catalogued.dataset().splitSeed(), 64), catalogued.model(),
                new TrainingRecipe(r.optimizer(), r.loss(), r.batchSize(), 1, r.initializer(), r.seed()),
                catalogued.target());
        TextCorpus corpus = Datasets.loadText(task.dataset());
        double bits = trainCharModel(task, corpus, task.dataset().stride());
        assertTrue(task.target().isMetBy(bits), "charlm-cnn1d on windows every 64 characters: " + bits
                + " bits/char misses " + task.target().describe());
    }

    /**
     * Trains {@code task} from its canonical initial parameters on next-character windows of {@code corpus} cut
     * every {@code stride} characters (window length: the model's input), prints and returns the test windows' bits
     * per character.
     */
    private static double trainCharModel(TaskSpec task, TextCorpus corpus, int stride) {
        int window = task.model().inputShape().get(0);
        LabeledData train = SequenceWindows.nextToken(corpus.train(), window, stride, corpus.vocabularySize());
        LabeledData test = SequenceWindows.nextToken(corpus.test(), window, stride, corpus.vocabularySize());
        try (Model model = new ReferenceEngine().build(task)) {
            model.importParameters(ParameterInitializer.initialize(task.model(), task.training().initializer(),
                    task.training().seed()));
            long start = System.nanoTime();
            TrainingLog log = model.train(train);
            double seconds = (System.nanoTime() - start) / 1e9;
            double bits = bitsPerCharacter(model.predict(test.features()), test.labels());
            double trainBits = log.epochLosses().get(log.epochLosses().size() - 1) / Math.log(2);
            System.out.printf("[reference] %s, windows every %d characters: %d training windows, %d test windows,"
                    + " test %.3f bits/char (target %s, unigram entropy %.3f), last-epoch training loss %.3f"
                    + " bits/char, %d epochs in %.1f s%n", task.id(), stride, train.size(), test.size(), bits,
                    task.target().describe(), corpus.unigramEntropyBits(), trainBits, log.epochLosses().size(),
                    seconds);
            assertEquals(task.training().epochs(), log.epochLosses().size());
            return bits;
        }
    }

    /** Mean {@code -log2} of the probability given to the true label. */
    static double bitsPerCharacter(float[][] probabilities, int[] labels) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            sum -= Math.log(Math.max(probabilities[i][labels[i]], Float.MIN_VALUE)) / Math.log(2);
        }
        return sum / labels.length;
    }

    @Test
    void sameSeedAndThreadsGiveBitIdenticalWeights() {
        TaskSpec lenet = TaskCatalogue.builtIn().get("lenet5-digits");
        TrainTestData data = Datasets.load(lenet.dataset());
        List<LayerSpec> layers = new java.util.ArrayList<>(lenet.model().layers());
        layers.add(5, new LayerSpec.Dropout(0.25));
        TaskSpec task = new TaskSpec("lenet-dropout-adam", "LeNet with dropout, Adam", TaskFamily.CNN,
                lenet.dataset(), new ModelSpec(lenet.model().inputShape(), layers),
                new TrainingRecipe(new OptimizerSpec.Adam(0.001, 0.9, 0.999, 1e-8), Loss.SOFTMAX_CROSS_ENTROPY, 32, 1,
                        Initializer.HE_NORMAL, 3), lenet.target());
        LabeledData slice = new LabeledData(Arrays.copyOf(data.train().features(), 400),
                Arrays.copyOf(data.train().labels(), 400), 10);
        int saved = Gemm.threads();
        try {
            for (int threads : new int[] {1, 2}) {
                Gemm.setThreads(threads);
                Parameters first = trainOnce(task, slice);
                Parameters second = trainOnce(task, slice);
                assertEquals(first, second, "two runs on " + threads + " threads");
                assertNotEquals(ParameterInitializer.initialize(task.model(), Initializer.HE_NORMAL, 3), first,
                        "training changed the weights");
            }
        } finally {
            Gemm.setThreads(saved);
        }
    }

    private static Parameters trainOnce(TaskSpec task, LabeledData data) {
        try (Model model = new ReferenceEngine().build(task)) {
            model.importParameters(ParameterInitializer.initialize(task.model(), Initializer.HE_NORMAL, 3));
            model.train(data);
            return model.exportParameters();
        }
    }

    /** Fraction of rows whose arg-max is the label. */
    static double accuracy(float[][] probabilities, int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int j = 1; j < probabilities[i].length; j++) {
                if (probabilities[i][j] > probabilities[i][best]) {
                    best = j;
                }
            }
            correct += best == labels[i] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }
}
