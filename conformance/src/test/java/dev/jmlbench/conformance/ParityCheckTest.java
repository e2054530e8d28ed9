package dev.jmlbench.conformance;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The oracle itself: it names the first layer beyond its tier, sums tiers, and is not fooled by NaN. */
class ParityCheckTest {
    private static final ModelSpec CNN = new ModelSpec(List.of(1, 4, 4), List.of(
            new LayerSpec.Conv2D(2, 3, 1, 1, Activation.RELU), new LayerSpec.MaxPool2D(2, 2), new LayerSpec.Flatten(),
            new LayerSpec.Dense(3, Activation.SOFTMAX)));

    /** A model whose layer outputs are {@code base + offset(layer)}; predict is layer 3's output. */
    private record Fake(float[] offsets, boolean layers) implements Model {
        @Override
        public void importParameters(Parameters parameters) {
        }

        @Override
        public Parameters exportParameters() {
            return null;
        }

        @Override
        public TrainingLog train(LabeledData train) {
            return null;
        }

        @Override
        public float[][] predict(float[][] features) {
            return out(3, features.length);
        }

        @Override
        public Optional<float[][]> layerOutput(int layerIndex, float[][] features) {
            return layers ? Optional.of(out(layerIndex, features.length)) : Optional.empty();
        }

        private float[][] out(int layer, int rows) {
            float[][] out = new float[rows][4];
            for (float[] row : out) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = 0.25f * j + offsets[layer];
                }
            }
            return out;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void namesTheFirstLayerBeyondItsSummedTier() {
        float[][] x = new float[2][16];
        Fake ref = new Fake(new float[4], true);
        // conv within 2e-5, pooling adds nothing, so 3e-5 at the max pool is beyond its allowance of 2e-5
        Fake engine = new Fake(new float[] {1e-5f, 3e-5f, 3e-5f, 3e-5f}, true);
        ParityCheck.Report r = ParityCheck.compare(CNN, engine, ref, x);
        assertTrue(r.layerByLayer());
        assertEquals(4, r.layers().size());
        assertTrue(r.layers().get(0).within(), r.summary());
        assertEquals(2e-5, r.layers().get(1).allowance(), 1e-12);
        assertEquals("layer 1 (MaxPool2D)", r.firstDivergence().orElseThrow().label());
        assertFalse(r.passed());
        assertTrue(r.summary().contains("first divergence: layer 1 (MaxPool2D)"), r.summary());
        assertEquals(3e-5, r.output().maxAbs(), 1e-7); // float32 rounding of 0.75 + 3e-5
        assertEquals(r.output().maxAbs() / 0.75, r.output().maxRel(), 1e-12);
    }

    @Test
    void withoutLayerOutputsOnlyTheOutputIsJudged() {
        float[][] x = new float[1][16];
        ParityCheck.Report ok = ParityCheck.compare(CNN, new Fake(new float[] {0, 0, 0, 1e-5f}, false),
                new Fake(new float[4], false), x);
        assertFalse(ok.layerByLayer());
        assertTrue(ok.passed(), ok.summary());
        ParityCheck.Report bad = ParityCheck.compare(CNN, new Fake(new float[] {0, 0, 0, 1e-4f}, false),
                new Fake(new float[4], false), x);
        assertEquals("output", bad.firstDivergence().orElseThrow().label());
    }

    @Test
    void nanIsNeverWithinTolerance() {
        float[][] nan = {{Float.NaN, 0}};
        ParityCheck.LayerParity p = ParityCheck.compare(0, "Dense", nan, new float[][] {{0, 0}}, 1);
        assertFalse(p.within());
        assertTrue(Double.isNaN(p.maxAbs()));
    }

    @Test
    void mismatchedShapesAreAnErrorNamingTheLayer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParityCheck.compare(2,
                "Conv2D", new float[][] {{1, 2, 3}}, new float[][] {{1, 2}}, 1e-5));
        assertTrue(e.getMessage().contains("layer 2 (Conv2D)") && e.getMessage().contains("3")
                && e.getMessage().contains("2"), e.getMessage());
    }

    @Test
    void probeParametersGiveEveryBiasItsOwnValue() {
        Parameters p = ParityCheck.probeParameters(CNN, 17);
        float b0 = p.get("layer0.bias").get(0);
        float b1 = p.get("layer0.bias").get(1);
        assertNotEquals(0f, b0);
        assertNotEquals(b0, b1);
        assertEquals(p, ParityCheck.probeParameters(CNN, 17), "same seed, same parameters");
    }
}
