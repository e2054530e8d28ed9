package dev.jmlbench.core.task;

import dev.jmlbench.core.params.CanonicalLayout;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskCatalogueTest {

    @Test
    void builtInCatalogueHoldsTheIrisTask() {
        TaskSpec iris = TaskCatalogue.builtIn().get("iris-logreg");
        assertEquals(TaskFamily.CLASSIC, iris.family());
        assertEquals("iris", iris.dataset().id());
        assertEquals(4, iris.model().inputSize());
        assertEquals(3, iris.model().outputSize());
        assertEquals(new OptimizerSpec.Sgd(0.1), iris.training().optimizer());
        assertEquals(0.9, iris.target().threshold());
    }

    @Test
    void unknownTaskListsKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskCatalogue.builtIn().get("nope"));
        assertTrue(e.getMessage().contains("unknown task 'nope'; known tasks: iris-logreg, wine-logreg"), e.getMessage());
        assertTrue(e.getMessage().contains("digits-random-forest"), e.getMessage());
    }

    @Test
    void invalidHyperParametersAreRefusedAtSpecTime() {
        String json = """
                {"id":"t","description":"d","family":"CLASSIC","dataset":{"id":"iris","testFraction":0.2,"splitSeed":1},
                 "model":{"inputShape":[4],"layers":[{"type":"dense","units":3,"activation":"SOFTMAX"}]},
                 "training":{"optimizer":{"type":"sgd","learningRate":-0.1},"loss":"SOFTMAX_CROSS_ENTROPY",
                 "batchSize":10,"epochs":5,"initializer":"ZEROS","seed":1},"target":{"metric":"ACCURACY","threshold":0.9}}""";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskCatalogue.parse(json, "t.json"));
        assertTrue(e.getMessage().contains("t.json"), e.getMessage());
        assertTrue(e.getMessage().contains("learning rate must be finite and > 0"), e.getMessage());

        String zeroUnits = json.replace("\"units\":3", "\"units\":0").replace("-0.1", "0.1");
        e = assertThrows(IllegalArgumentException.class, () -> TaskCatalogue.parse(zeroUnits, "z.json"));
        assertTrue(e.getMessage().contains("Dense units must be at least 1, got 0"), e.getMessage());
    }

    @Test
    void canonicalLayoutAndInitializerAreDeterministic() {
        ModelSpec model = new ModelSpec(4, java.util.List.of(new LayerSpec.Dense(5, Activation.RELU),
                new LayerSpec.Dense(3, Activation.SOFTMAX)));
        CanonicalLayout layout = CanonicalLayout.of(model);
        assertArrayEquals(new int[] {4, 5}, layout.shapes().get("layer0.weight"));
        assertArrayEquals(new int[] {3}, layout.shapes().get("layer1.bias"));
        assertEquals(4 * 5 + 5 + 5 * 3 + 3, layout.parameterCount());

        Parameters a = ParameterInitializer.initialize(model, Initializer.GLOROT_UNIFORM, 7);
        Parameters b = ParameterInitializer.initialize(model, Initializer.GLOROT_UNIFORM, 7);
        Parameters c = ParameterInitializer.initialize(model, Initializer.GLOROT_UNIFORM, 8);
        assertEquals(a, b);
        assertNotEquals(a, c);
        double limit = Math.sqrt(6.0 / (4 + 5));
        for (float v : a.get("layer0.weight").data()) {
            assertTrue(Math.abs(v) <= limit);
        }
        for (float v : a.get("layer0.bias").data()) {
            assertEquals(0f, v);
        }
        a.requireLayout(layout);
        Parameters zeros = ParameterInitializer.initialize(model, Initializer.ZEROS, 7);
        assertEquals(0.0, zeros.maxAbsDiff(zeros));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> zeros.requireLayout(CanonicalLayout.of(new ModelSpec(5, model.layers()))));
        assertTrue(e.getMessage().contains("layer0.weight' has shape [4, 5], expected [5, 5]"), e.getMessage());
    }
}
