package dev.jmlbench.adapters.djl;

import dev.jmlbench.conformance.Conv1dChecks;
import dev.jmlbench.core.engine.Model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Conv1D on DJL/PyTorch ({@link DjlBlocks.SequenceConv1d}: {@code conv1d} between two transposes, so that the
 * batch-first sequence stays steps by channels and Flatten flattens it step by step): the checks of
 * {@link Conv1dChecks}, with PyTorch's own weight layout.
 */
class DjlConv1dTest extends Conv1dChecks {
    @Override
    protected String engineId() {
        return "djl";
    }

    @Override
    protected void assertConv1dWeightLayout(Model model, float[] canonicalWeight) {
        DjlModel djl = (DjlModel) model;
        assertArrayEquals(new long[] {2, 2, 3}, djl.djlWeightShape(0), "PyTorch's Conv1d weight [out, in, k]");
        assertArrayEquals(canonicalWeight, djl.djlWeight(0), 0f, "held as the canonical layout, copied");
    }
}
