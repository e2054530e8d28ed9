package dev.jmlbench.reference.gemm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The FMA loop does the arithmetic it claims (so a benchmark of it times real work). */
class FmaPeakTest {

    @Test
    void computesTwelveAccumulatorsOfRepeatedFusedMultiplyAdds() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "needs --add-modules=jdk.incubator.vector");
        int lanes = (int) (FmaPeak.flopsPerStep() / 24);
        long steps = 1000;
        float seed = 2f;
        // accumulator i starts at seed + i and gains 1/1024 * 0.5 per step
        double perLane = 0;
        for (int i = 0; i < 12; i++) {
            perLane += seed + i + steps / 2048.0;
        }
        assertEquals(lanes * perLane, FmaPeak.fmaLoop(steps, seed), 1e-3);
        assertEquals(lanes * 12 * 2L, FmaPeak.flopsPerStep());
    }
}
