package dev.jmlbench.conformance;

import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The divergence curve's statistics, and its two reference points: an engine against itself, and one ulp. */
class DivergenceCurveTest {

    @Test
    void statisticsOfOneCheckpoint() {
        Parameters p = new Parameters(Map.of("layer0.bias", new Tensor(new int[] {2}, new float[] {1, 2})));
        Parameters q = new Parameters(Map.of("layer0.bias", new Tensor(new int[] {2}, new float[] {1, 2.5f})));
        float[][] a = {{0.1f, 0.9f}, {0.6f, 0.4f}, {0.3f, 0.7f}};
        float[][] b = {{0.1f, 0.9f}, {0.4f, 0.6f}, {0.25f, 0.75f}};
        DivergenceCurve.Point point = DivergenceCurve.compare(7, new DivergenceCurve.Trained(q, a),
                new DivergenceCurve.Trained(p, b));
        assertEquals(7, point.steps());
        assertEquals(0.5, point.maxParamDiff(), 0);
        assertEquals(0.2, point.maxOutputDiff(), 1e-6);
        assertEquals(0.05, point.medianOutputDiff(), 1e-6, "per-example maxima 0, 0.2, 0.05");
        assertEquals(2.0 / 3, point.sameClassShare(), 1e-12, "the second example changes class");
    }

    @Test
    void zerosMoveByOneRoundingOfTheirTensorsScale() {
        Parameters p = new Parameters(Map.of("a", new Tensor(new int[] {3}, new float[] {0, 2, -4}),
                "b", new Tensor(new int[] {2}, new float[] {0, 0})));
        Parameters u = DivergenceCurve.ulpPerturbed(p);
        assertEquals((float) Math.scalb(4.0, -24), u.get("a").get(0));
        assertEquals(Math.nextUp(2f), u.get("a").get(1));
        assertEquals(Math.nextUp(-4f), u.get("a").get(2));
        assertEquals((float) Math.scalb(1.0, -24), u.get("b").get(1));
    }

    @Test
    void ulpPerturbationMovesEveryValueByOneUlp() {
        Parameters p = KitArchitecture.all().get(0).distinctParameters(3);
        Parameters u = DivergenceCurve.ulpPerturbed(p);
        for (Map.Entry<String, Tensor> e : p.tensors().entrySet()) {
            for (int i = 0; i < e.getValue().size(); i++) {
                if (e.getValue().get(i) != 0) {
                    assertEquals(Math.nextUp(e.getValue().get(i)), u.get(e.getKey()).get(i));
                }
            }
        }
    }

    /** The reference engine is deterministic (zero curve); one ulp of the weights gives a small, non-zero one. */
    @Test
    void anEngineAgainstItselfIsFlatZeroAndOneUlpIsSmallButNotZero() throws Exception {
        KitArchitecture rnn = KitArchitecture.all().stream().filter(a -> a.name().equals("simple-rnn")).findFirst()
                .orElseThrow();
        float[][] probe = Arrays.copyOf(rnn.test().features(), 16);
        try (Engine ref = Engines.find("reference").open(new EngineConfig(1, Path.of("target", "native-cache")))) {
            List<DivergenceCurve.Point> self = DivergenceCurve.curve(ref, ref, rnn.task(), rnn.initialParameters(),
                    rnn.train(), probe, 1, 10);
            for (DivergenceCurve.Point p : self) {
                assertEquals(0, p.maxParamDiff(), 0, p.toString());
                assertEquals(0, p.maxOutputDiff(), 0, p.toString());
                assertEquals(1, p.sameClassShare(), 0, p.toString());
            }
            DivergenceCurve.Point ulp = DivergenceCurve.compare(10, DivergenceCurve.train(ref, rnn.task(),
                    DivergenceCurve.ulpPerturbed(rnn.initialParameters()), rnn.train(), 10, probe),
                    DivergenceCurve.train(ref, rnn.task(), rnn.initialParameters(), rnn.train(), 10, probe));
            assertTrue(ulp.maxParamDiff() > 0 && ulp.maxParamDiff() < 1e-5, ulp.toString());
        }
    }
}
