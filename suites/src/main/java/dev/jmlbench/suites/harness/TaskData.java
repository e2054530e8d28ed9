package dev.jmlbench.suites.harness;

import dev.jmlbench.core.data.DatasetInfo;
import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.RegressionData;
import dev.jmlbench.core.data.TextCorpus;
import dev.jmlbench.core.data.TimeSeries;
import dev.jmlbench.core.results.DatasetStamp;
import dev.jmlbench.core.task.DatasetRef;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.DatasetException;
import dev.jmlbench.datasets.Datasets;
import dev.jmlbench.datasets.ManifestEntry;
import dev.jmlbench.datasets.SequenceWindows;

import java.util.Arrays;

/**
 * The prepared data of one task, as every engine sees it: classification examples (tabular, images, text
 * windows) or regression examples (tabular, series windows). The harness loads it once per task and hands the
 * same arrays to every engine.
 */
public sealed interface TaskData {

    /** Provenance of the dataset. */
    DatasetInfo info();

    /** How the data was split (and windowed). */
    String split();

    /** Test features, one row per example. */
    float[][] testFeatures();

    /** Number of training examples. */
    int trainSize();

    /** The same data with only the first {@code rows} training examples (a seeded random subset: the order is). */
    TaskData withTrainRows(int rows);

    /** The stamp every measurement on this data carries. */
    default DatasetStamp stamp() {
        return new DatasetStamp(info().id(), info().sha256(), split(), info().synthetic());
    }

    /** Classification examples. */
    record Classification(DatasetInfo info, String split, LabeledData train, LabeledData test) implements TaskData {
        @Override
        public float[][] testFeatures() {
            return test.features();
        }

        @Override
        public int trainSize() {
            return train.size();
        }

        @Override
        public TaskData withTrainRows(int rows) {
            int n = checkRows(rows, train.size());
            return new Classification(info, split + "; first " + n + " training examples",
                    new LabeledData(Arrays.copyOf(train.features(), n), Arrays.copyOf(train.labels(), n),
                            train.numClasses()), test);
        }
    }

    /** Regression examples. */
    record Regression(DatasetInfo info, String split, RegressionData train, RegressionData test) implements TaskData {
        @Override
        public float[][] testFeatures() {
            return test.features();
        }

        @Override
        public int trainSize() {
            return train.size();
        }

        @Override
        public TaskData withTrainRows(int rows) {
            int n = checkRows(rows, train.size());
            return new Regression(info, split + "; first " + n + " training examples",
                    new RegressionData(Arrays.copyOf(train.features(), n), Arrays.copyOf(train.targets(), n)), test);
        }
    }

    /**
     * Loads the data of {@code task}: text corpora are cut into next-character windows and daily series into
     * standardised next-value windows, both as long as the model's first input dimension; everything else comes
     * from {@link Datasets} as it is, by the kind the task asks for (a regression target reads regression data).
     *
     * @throws DatasetException when the data is missing, corrupt or does not fit the task
     */
    static TaskData load(TaskSpec task) {
        DatasetRef ref = task.dataset();
        String format = Datasets.entry(ref.id()).format();
        if (format.equals(ManifestEntry.TEXT)) {
            TextCorpus corpus = Datasets.loadText(ref);
            int window = windowOf(task);
            int stride = ref.stride() != null ? ref.stride() : window;
            LabeledData train = SequenceWindows.nextToken(corpus.train(), window, stride, corpus.vocabularySize());
            LabeledData test = SequenceWindows.nextToken(corpus.test(), window, stride, corpus.vocabularySize());
            return new Classification(corpus.info(), corpus.split() + "; windows of " + window
                    + " characters every " + stride + ", the next character is the label", train, test);
        }
        if (format.equals(ManifestEntry.SERIES)) {
            TimeSeries series = Datasets.loadSeries(ref.id());
            int window = windowOf(task);
            int stride = ref.stride() != null ? ref.stride() : 1;
            float[] v = series.values();
            int nTrain = (int) Math.round(v.length * (1 - ref.testFraction()));
            double mean = 0;
            for (int i = 0; i < nTrain; i++) {
                mean += v[i];
            }
            mean /= nTrain;
            double var = 0;
            for (int i = 0; i < nTrain; i++) {
                var += (v[i] - mean) * (v[i] - mean);
            }
            double sd = Math.sqrt(var / nTrain);
            float[] z = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                z[i] = (float) ((v[i] - mean) / sd);
            }
            // test windows start where their first input day is a test day, so no test target is ever trained on
            RegressionData train = SequenceWindows.nextValue(Arrays.copyOfRange(z, 0, nTrain), window, 1, stride);
            RegressionData test = SequenceWindows.nextValue(Arrays.copyOfRange(z, nTrain, z.length), window, 1, 1);
            return new Regression(series.info(), String.format(java.util.Locale.ROOT,
                    "chronological: first %d days train, last %d test; standardised with the training days' mean"
                            + " %.1f and sd %.1f; windows of %d days predict the next", nTrain, v.length - nTrain,
                    mean, sd, window), train, test);
        }
        if (task.isRegression()) {
            var split = Datasets.loadRegression(ref);
            return new Regression(split.info(), split.split() + "; " + split.preprocessing(), split.train(),
                    split.test());
        }
        var d = Datasets.load(ref);
        return new Classification(d.info(), d.split(), d.train(), d.test());
    }

    private static int windowOf(TaskSpec task) {
        if (!task.isNetwork()) {
            throw new DatasetException("task " + task.id() + " cuts " + task.dataset().id() + " into windows, which"
                    + " needs a network whose first input dimension is the window length");
        }
        return task.model().inputShape().get(0);
    }

    private static int checkRows(int rows, int available) {
        if (rows < 1) {
            throw new IllegalArgumentException("need at least 1 training row, got " + rows);
        }
        return Math.min(rows, available);
    }
}
