package dev.jmlbench.adapters.tribuo;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.RegressionSplit;
import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import dev.jmlbench.datasets.Datasets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.SGD;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training epoch by epoch (one Tribuo run per epoch, each from the previous run's weights) gives bit-identical
 * weights to one multi-epoch run, after every epoch; and the adapter's trainer subclass changes nothing but the
 * start: from zero weights it gives bit-identical weights to Tribuo's stock {@code LinearSGDTrainer}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TribuoEpochByEpochTest {
    private Engine engine;

    @BeforeAll
    void open() {
        engine = new TribuoEngineProvider().open(TribuoWeightMappingTest.config());
    }

    @AfterAll
    void close() {
        engine.close();
    }

    /** Weights after every epoch of a listener run equal those of single runs of 1, 2, ..., E epochs. */
    @Test
    void everyEpochOfAListenerRunEqualsASingleRunOfThatManyEpochs() {
        TaskSpec wine = TaskCatalogue.builtIn().get("wine-logreg");
        LabeledData train = Datasets.load(wine.dataset()).train();
        assertTrue(train.size() % wine.training().batchSize() != 0, "the check needs a partial last batch");
        List<DenseMatrix> perEpoch = new ArrayList<>();
        List<Integer> epochs = new ArrayList<>();
        try (TribuoModel model = (TribuoModel) engine.build(wine)) {
            model.importParameters(initial(wine));
            model.train(train, (epoch, loss) -> {
                epochs.add(epoch);
                assertTrue(Double.isNaN(loss), "Tribuo does not report the loss");
                perEpoch.add(model.tribuoWeightsCopy());
                model.predict(train.features()); // the model must be usable inside the listener
            });
        }
        int total = wine.training().epochs();
        assertEquals(total, epochs.size());
        for (int k = 1; k <= total; k++) {
            assertEquals(k, epochs.get(k - 1));
            try (TribuoModel single = (TribuoModel) engine.build(TribuoSupportTest.withEpochs(wine, k))) {
                single.importParameters(initial(wine));
                single.train(train);
                TribuoTestSupport.assertBitIdentical(single.tribuoWeightsCopy(), perEpoch.get(k - 1),
                        "wine, after epoch " + k + " of a listener run vs one run of " + k + " epochs");
            }
        }
    }

    @Test
    void regressionEpochByEpochEqualsOneRun() {
        TaskSpec diabetes = TaskCatalogue.builtIn().get("diabetes-linreg");
        RegressionSplit data = Datasets.loadRegression(diabetes.dataset());
        int[] calls = {0};
        try (TribuoRegressionModel oneRun = (TribuoRegressionModel) engine.build(diabetes);
             TribuoRegressionModel byEpoch = (TribuoRegressionModel) engine.build(diabetes)) {
            oneRun.importParameters(initial(diabetes));
            byEpoch.importParameters(initial(diabetes));
            oneRun.trainRegression(data.train(), null);
            byEpoch.trainRegression(data.train(), (epoch, loss) -> calls[0]++);
            assertEquals(diabetes.training().epochs(), calls[0]);
            TribuoTestSupport.assertBitIdentical(oneRun.tribuoWeightsCopy(), byEpoch.tribuoWeightsCopy(),
                    "diabetes, " + diabetes.training().epochs() + " one-epoch runs vs one run");
            assertTrue(byEpoch.provenance().get("adapter.tribuo-runs").contains("runs of 1 epoch"),
                    byEpoch.provenance().get("adapter.tribuo-runs"));
        }
    }

    /** From zeros, the adapter's trainer subclass is Tribuo's stock trainer: same weights to the bit. */
    @Test
    void fromZerosTheAdapterEqualsTribuosStockTrainer() {
        TaskSpec digits = TaskCatalogue.builtIn().get("digits-logreg");
        TrainTestData data = Datasets.load(digits.dataset());
        LabeledData train = data.train();
        TrainingRecipe r = digits.training();
        DenseMatrix adapterWeights;
        try (TribuoModel model = (TribuoModel) engine.build(digits)) {
            model.importParameters(initial(digits));
            model.train(train, (epoch, loss) -> { });
            adapterWeights = reorder(model.tribuoWeightsCopy(), model.tribuoModel().getOutputIDInfo());
        }
        // Tribuo's own trainer, with the adapter's documented mapping of the recipe (package docs)
        int n = train.size();
        int batch = r.batchSize();
        int partial = n % batch;
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("stock", factory), factory);
        String[] names = TribuoData.featureNames(train.numFeatures());
        for (int i = 0; i < n; i++) {
            Example<Label> e = new ArrayExample<>(new Label(Integer.toString(train.labels()[i])), names,
                    TribuoData.toDouble(train.features()[i]));
            e.setWeight(i >= n - partial ? (float) ((double) batch * batch / ((double) partial * partial)) : 1f);
            dataset.add(e);
        }
        double lr = ((dev.jmlbench.core.task.OptimizerSpec.Sgd) r.optimizer()).learningRate();
        LinearSGDTrainer stock = new LinearSGDTrainer(new LogMulticlass(), SGD.getSimpleSGD(lr / (batch * batch)),
                r.epochs(), -1, batch, r.seed());
        stock.setShuffle(false);
        LinearSGDModel stockModel = stock.train(dataset);
        assertEquals(10, dataset.getOutputIDInfo().size(), "every digit occurs in the training split");
        // feature ids follow the names' sort order in both, so columns agree; rows are put in label order
        assertEquals(7, stockModel.getFeatureIDMap().getID(names[7]));
        @SuppressWarnings("unchecked")
        org.tribuo.ImmutableOutputInfo<Label> stockLabels = stockModel.getOutputIDInfo();
        TribuoTestSupport.assertBitIdentical(reorder(stockModel.getWeightsCopy(), stockLabels), adapterWeights,
                "digits, 30 one-epoch runs of the adapter vs Tribuo's stock LinearSGDTrainer run of 30 epochs");
    }

    /** Tribuo's matrix {@code w} with its rows put in label order "0", "1", ... */
    private static DenseMatrix reorder(DenseMatrix w, org.tribuo.ImmutableOutputInfo<Label> info) {
        DenseMatrix out = new DenseMatrix(w.getDimension1Size(), w.getDimension2Size());
        for (int j = 0; j < w.getDimension1Size(); j++) {
            int row = info.getID(new Label(Integer.toString(j)));
            for (int c = 0; c < w.getDimension2Size(); c++) {
                out.set(j, c, w.get(row, c));
            }
        }
        return out;
    }

    private static dev.jmlbench.core.params.Parameters initial(TaskSpec task) {
        return ParameterInitializer.initialize(task.model(), task.training().initializer(), task.training().seed());
    }
}
