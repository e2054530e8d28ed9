package dev.jmlbench.adapters.tribuo;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.RegressionData;
import dev.jmlbench.core.engine.EpochListener;
import dev.jmlbench.core.engine.FittedHeader;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.ClassicAlgorithm;
import dev.jmlbench.core.task.TaskSpec;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.impl.ArrayExample;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A classic-algorithm classifier of a task on Tribuo (see {@link ClassicTrainers} for the trainers). It has no
 * canonical parameters: it is fitted by {@link #train} and then predicts class probabilities through Tribuo's
 * {@code predict}. The input width and the classes come from the training data, so {@link #predict} needs a
 * trained (or restored, {@link #restoreFitted}) model.
 * Training is one Tribuo call, so the epoch listener is never called (the default of
 * {@link Model#train(LabeledData, EpochListener)}).
 */
final class TribuoClassicModel implements Model {
    private final TaskSpec task;
    private final ClassicAlgorithm algorithm;
    private final int threads;
    private final LabelFactory factory = new LabelFactory();
    private String[] featureNames;
    private String[] labelNames;
    private org.tribuo.Model<Label> model;

    TribuoClassicModel(TaskSpec task, int threads) {
        this.task = task;
        this.algorithm = task.algorithm();
        this.threads = threads;
    }

    /** Classic models have no canonical parameters: only an empty {@link Parameters} is accepted (a no-op). */
    @Override
    public void importParameters(Parameters parameters) {
        if (!parameters.tensors().isEmpty()) {
            throw new IllegalArgumentException("task " + task.id() + " trains a " + algorithm.displayName()
                    + ", which has no canonical parameters to import; got " + parameters.tensors().keySet()
                    + " (pass an empty Parameters, or train the model instead)");
        }
    }

    /** An empty {@link Parameters}: classic models have no canonical parameters. */
    @Override
    public Parameters exportParameters() {
        return new Parameters(Map.of());
    }

    @Override
    public TrainingLog train(LabeledData train) {
        int width = train.numFeatures();
        String[] features = TribuoData.featureNames(width);
        String[] labels = new String[train.numClasses()];
        MutableOutputInfo<Label> info = factory.generateInfo();
        for (int j = 0; j < labels.length; j++) {
            labels[j] = Integer.toString(j);
            info.observe(new Label(labels[j]));
        }
        ImmutableOutputInfo<Label> outputInfo = info.generateImmutableOutputInfo();
        ImmutableFeatureMap featureMap = TribuoData.featureMap(features);
        List<Example<Label>> examples = new ArrayList<>(train.size());
        for (int i = 0; i < train.size(); i++) {
            examples.add(new ArrayExample<>(new Label(labels[train.labels()[i]]), features,
                    TribuoData.toDouble(train.features()[i])));
        }
        org.tribuo.Model<Label> trained;
        try {
            trained = ClassicTrainers.trainer(algorithm, width, threads).train(TribuoData.dataset(examples,
                    "training split of task " + task.id(), factory, featureMap, outputInfo));
        } catch (OutOfMemoryError e) {
            examples.clear();
            OutOfMemoryError explained = new OutOfMemoryError("Tribuo's " + algorithm.displayName() + " trainer ran"
                    + " out of Java heap (-Xmx " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB) on "
                    + train.size() + " rows x " + width + " features of task " + task.id() + ". "
                    + ClassicTrainers.memoryHint(algorithm) + " Give the JVM more heap (-Xmx).");
            explained.initCause(e);
            throw explained;
        }
        featureNames = features;
        labelNames = labels;
        model = trained;
        return new TrainingLog(List.of());
    }

    @Override
    public TrainingLog trainRegression(RegressionData train, EpochListener listener) {
        throw new UnsupportedOperationException("task " + task.id() + " trains a " + algorithm.displayName()
                + " classifier; it has no regression form");
    }

    @Override
    public float[][] predict(float[][] features) {
        if (model == null) {
            throw new IllegalStateException("the " + algorithm.displayName() + " of task " + task.id() + " has not"
                    + " been trained: call train first (classic models have no parameters to import)");
        }
        TribuoData.checkWidth(features, featureNames.length, "tribuo " + algorithm.displayName() + " of task "
                + task.id());
        List<Example<Label>> examples = new ArrayList<>(features.length);
        for (float[] row : features) {
            examples.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, featureNames, TribuoData.toDouble(row)));
        }
        List<Prediction<Label>> predictions = model.predict(examples);
        float[][] out = new float[features.length][labelNames.length];
        for (int i = 0; i < out.length; i++) {
            Map<String, Label> scores = predictions.get(i).getOutputScores();
            for (int j = 0; j < labelNames.length; j++) {
                Label scored = scores.get(labelNames[j]);
                // a class Tribuo gives no score has probability 0
                out[i][j] = scored == null ? 0f : (float) scored.getScore();
            }
        }
        return out;
    }

    /** Marks the adapter's fitted-model format ("JMLT"), followed by its version. */
    private static final int FITTED_MAGIC = 0x4a4d4c54;
    private static final int FITTED_VERSION = 1;

    /**
     * The fitted Tribuo model in Tribuo's own protobuf serialization ({@code Model.serializeToStream}), after magic,
     * version, the algorithm's display name, the input width and the class count. Empty before {@link #train}.
     */
    @Override
    public Optional<byte[]> saveFitted() {
        if (model == null) {
            return Optional.empty();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = FittedHeader.write(bytes, FITTED_MAGIC, FITTED_VERSION, algorithm.displayName())) {
            out.writeInt(featureNames.length);
            out.writeInt(labelNames.length);
            model.serializeToStream(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize Tribuo's fitted " + algorithm.displayName(), e);
        }
        return Optional.of(bytes.toByteArray());
    }

    /**
     * Restores a model {@link #saveFitted} wrote for a task of the same algorithm (Tribuo's
     * {@code Model.deserializeFromStream}; an XGBoost model needs XGBoost's native library, as training does).
     *
     * @throws IllegalArgumentException when the bytes are not this adapter's fitted model, are of another algorithm
     *                                  or do not deserialize to a classifier of the written width, saying which
     */
    @Override
    public void restoreFitted(byte[] fitted) {
        String what = "the fitted " + algorithm.displayName() + " of task " + task.id();
        try (DataInputStream in = FittedHeader.read(fitted, FITTED_MAGIC, FITTED_VERSION, algorithm.displayName(), what,
                "the Tribuo adapter's fitted model")) {
            int width = in.readInt();
            int classes = in.readInt();
            org.tribuo.Model<Label> restored;
            try {
                restored = org.tribuo.Model.deserializeFromStream(in).castModel(Label.class);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(what + " cannot be restored: Tribuo cannot read the model it"
                        + " serialized (" + e + ")", e);
            }
            if (restored.getFeatureIDMap().size() != width || restored.getOutputIDInfo().size() != classes) {
                throw new IllegalArgumentException(what + " cannot be restored: the Tribuo model has "
                        + restored.getFeatureIDMap().size() + " features and " + restored.getOutputIDInfo().size()
                        + " classes, its header says " + width + " and " + classes);
            }
            featureNames = TribuoData.featureNames(width);
            labelNames = new String[classes];
            for (int j = 0; j < classes; j++) {
                labelNames[j] = Integer.toString(j);
            }
            model = restored;
        } catch (IOException e) {
            throw FittedHeader.unreadable(what, e);
        }
    }

    /**
     * Tribuo's provenance of the trained model (see {@link TribuoProvenance}), with {@code node-count} for tree
     * models (all trees of a forest or a booster), {@code adapter.threads} and {@code adapter.probabilities}.
     */
    @Override
    public Map<String, String> provenance() {
        if (model == null) {
            return Map.of();
        }
        Map<String, String> extra = new LinkedHashMap<>();
        long nodes = nodeCount(model);
        if (nodes >= 0) {
            extra.put("node-count", Long.toString(nodes));
        }
        extra.put("adapter.threads", ClassicTrainers.threads(algorithm, threads));
        extra.put("adapter.probabilities", ClassicTrainers.probabilities(algorithm));
        if (algorithm instanceof ClassicAlgorithm.LibLinear) {
            extra.put("adapter.epsilon", "the spec's epsilon is LIBLINEAR's stopping tolerance,"
                    + " trainer.terminationCriterion; trainer.epsilon is LIBLINEAR's SVR epsilon, unused by L2R_LR");
        }
        return TribuoProvenance.of(model, extra);
    }

    /** Nodes of a tree, a forest or a booster; -1 for models without trees. */
    private static long nodeCount(org.tribuo.Model<?> m) {
        if (m instanceof TreeModel<?> tree) {
            return countTree(tree);
        }
        if (m instanceof EnsembleModel<?> ensemble) {
            long sum = 0;
            for (org.tribuo.Model<?> member : ensemble.getModels()) {
                long n = nodeCount(member);
                if (n < 0) {
                    return -1;
                }
                sum += n;
            }
            return sum;
        }
        if (m instanceof XGBoostModel<?> xgb) {
            long sum = 0;
            for (String[] booster : xgb.getModelDump()) {
                for (String treeDump : booster) {
                    // one line per node in XGBoost's text dump
                    sum += treeDump.lines().filter(l -> !l.isBlank()).count();
                }
            }
            return sum;
        }
        return -1;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static long countTree(TreeModel tree) {
        return tree.countNodes(tree.getRoot());
    }

    @Override
    public void close() {
        model = null;
    }
}
