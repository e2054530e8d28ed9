package dev.jmlbench.reference.nn;

import dev.jmlbench.core.task.OptimizerSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The optimisers against their documented update rules, written out in double for two steps. */
class OptimizerTest {

    private static Param param(float w, float g) {
        Param p = new Param("w", 1);
        p.value[0] = w;
        p.grad[0] = g;
        return p;
    }

    @Test
    void sgd() {
        Param p = param(1f, 0.5f);
        Optimizer.of(new OptimizerSpec.Sgd(0.1)).step(List.of(p));
        assertEquals(1 - 0.1 * 0.5, p.value[0], 1e-7);
    }

    @Test
    void momentumInPyTorchsForm() {
        Param p = param(1f, 0.5f);
        Optimizer o = Optimizer.of(new OptimizerSpec.Momentum(0.1, 0.9));
        o.step(List.of(p));
        assertEquals(1 - 0.1 * 0.5, p.value[0], 1e-7, "v1 = g");
        p.grad[0] = -0.2f;
        o.step(List.of(p));
        double v2 = 0.9 * 0.5 - 0.2;
        assertEquals(1 - 0.1 * 0.5 - 0.1 * v2, p.value[0], 1e-7, "v2 = momentum v1 + g");
    }

    @Test
    void adamWithBiasCorrection() {
        Param p = param(1f, 0.5f);
        Optimizer o = Optimizer.of(new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8));
        o.step(List.of(p));
        double w = 1 - 0.01 * 0.5 / (0.5 + 1e-8);
        assertEquals(w, p.value[0], 1e-7, "first step moves by lr * sign(g)");
        p.grad[0] = -0.2f;
        o.step(List.of(p));
        double m = 0.9 * 0.05 + 0.1 * -0.2;
        double v = 0.999 * 0.001 * 0.25 + 0.001 * 0.04;
        w -= 0.01 * (m / (1 - 0.81)) / (Math.sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
        assertEquals(w, p.value[0], 1e-6);
    }
}
