package dev.jmlbench.reference.classic;

import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.task.DatasetRef;
import dev.jmlbench.datasets.Datasets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CART and random forest on real data, their invariants, determinism and bad input. */
class ClassicAlgorithmsTest {

    private static double accuracy(TrainTestData d, java.util.function.Function<float[], float[]> model) {
        int correct = 0;
        for (int i = 0; i < d.test().size(); i++) {
            float[] p = model.apply(d.test().features()[i]);
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            correct += best == d.test().labels()[i] ? 1 : 0;
        }
        return (double) correct / d.test().size();
    }

    @Test
    void cartLearnsIrisAndRespectsItsLimits() {
        TrainTestData iris = Datasets.load(new DatasetRef("iris", 0.2, 42));
        DecisionTree deep = DecisionTree.fit(iris.train().features(), iris.train().labels(), 3,
                new DecisionTree.Params(20, 1, 0), 1);
        double acc = accuracy(iris, deep::predict);
        assertTrue(acc >= 0.9, "CART iris accuracy " + acc);
        // a fully grown tree fits its training data exactly (iris has no duplicate rows with different labels)
        assertEquals(1.0, accuracy(new TrainTestData(iris.info(), iris.split(), iris.preprocessing(), iris.train(),
                iris.train()), deep::predict), 0.01);
        DecisionTree stump = DecisionTree.fit(iris.train().features(), iris.train().labels(), 3,
                new DecisionTree.Params(1, 1, 0), 1);
        assertEquals(1, stump.depth());
        assertEquals(3, stump.nodeCount());
        DecisionTree bigLeaves = DecisionTree.fit(iris.train().features(), iris.train().labels(), 3,
                new DecisionTree.Params(20, 30, 0), 1);
        assertTrue(bigLeaves.nodeCount() < deep.nodeCount());
        float[] p = deep.predict(iris.test().features()[0]);
        float sum = 0;
        for (float v : p) {
            sum += v;
        }
        assertEquals(1f, sum, 1e-6f);
    }

    @Test
    void randomForestReachesTheDigitsFloorAndIsThreadCountIndependent() {
        TrainTestData digits = Datasets.load(new DatasetRef("digits", 0.2, 42));
        RandomForest.Params params = new RandomForest.Params(60, new DecisionTree.Params(30, 1, 0), 1.0);
        RandomForest one = RandomForest.fit(digits.train().features(), digits.train().labels(), 10, params, 7, 1);
        RandomForest two = RandomForest.fit(digits.train().features(), digits.train().labels(), 10, params, 7, 2);
        double acc = accuracy(digits, one::predict);
        assertTrue(acc >= 0.93, "random forest digits accuracy " + acc);
        for (float[] row : digits.test().features()) {
            assertArrayEquals(one.predict(row), two.predict(row), "same seed, different thread count");
        }
        RandomForest other = RandomForest.fit(digits.train().features(), digits.train().labels(), 10, params, 8, 2);
        boolean differs = false;
        for (float[] row : digits.test().features()) {
            differs |= !java.util.Arrays.equals(one.predict(row), other.predict(row));
        }
        assertTrue(differs, "a different seed grows a different forest");
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DecisionTree.Params(0, 1, 0));
        assertTrue(e.getMessage().contains("max depth must be at least 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DecisionTree.fit(new float[][] {{1, 2}, {3}},
                new int[] {0, 1}, 2, new DecisionTree.Params(3, 1, 0), 1));
        assertTrue(e.getMessage().contains("row 1 has 1 features, expected 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DecisionTree.fit(new float[][] {{1}, {3}},
                new int[] {0, 5}, 2, new DecisionTree.Params(3, 1, 0), 1));
        assertTrue(e.getMessage().contains("label 5 of row 1 is outside [0, 2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new RandomForest.Params(0, new DecisionTree.Params(3, 1, 0), 1.0));
    }
}
