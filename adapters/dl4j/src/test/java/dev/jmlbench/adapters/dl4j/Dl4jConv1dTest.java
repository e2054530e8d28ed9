package dev.jmlbench.adapters.dl4j;

import dev.jmlbench.conformance.Conv1dChecks;
import dev.jmlbench.core.engine.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Conv1D on DL4J ({@code Convolution1DLayer} on NCW sequences, {@link SequenceFlattenPreProcessor} for the Flatten
 * after it): the checks of {@link Conv1dChecks}, with DL4J's raw weight layout, and the Flatten preprocessor's
 * JSON round trip and refusal of bad input.
 */
class Dl4jConv1dTest extends Conv1dChecks {
    @Override
    protected String engineId() {
        return "dl4j";
    }

    @Override
    protected void assertConv1dWeightLayout(Model model, float[] w) {
        INDArray raw = ((Dl4jModel) model).network().getParam("0_W");
        assertArrayEquals(new long[] {2, 2, 3, 1}, raw.shape(), "DL4J's Convolution1D weight [out, in, k, 1]");
        // what conv1d reads for NCW input: W reshaped (not permuted) to [k, in, out]
        INDArray op = raw.dup(raw.ordering()).reshape(raw.ordering(), 3, 2, 2);
        for (int f = 0; f < 2; f++) {
            for (int c = 0; c < 2; c++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(w[(f * 2 + c) * 3 + j], op.getFloat(j, c, f), 0.0, "W[" + f + "][" + c + "][" + j
                            + "] as conv1d's kernel[j][c][f]");
                }
            }
        }
    }

    @Test
    void configurationWithTheSequenceFlattenSurvivesJson() {
        Dl4jNetworkPlan plan = Dl4jNetworkPlan.of(charlm());
        MultiLayerConfiguration conf = plan.configuration();
        assertEquals(new SequenceFlattenPreProcessor(20, 64), conf.getInputPreProcess(2),
                "Flatten of 20 steps of 64 filters before the Dense layer");
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf.getInputPreProcess(2), back.getInputPreProcess(2));
        assertEquals(conf.getInputPreProcess(2), conf.clone().getInputPreProcess(2));
    }

    @Test
    void badInputToTheFlattenIsRefusedWithTheShapes() {
        SequenceFlattenPreProcessor flatten = new SequenceFlattenPreProcessor(4, 3);
        try (INDArray wrong = Nd4j.zeros(DataType.FLOAT, 2, 4, 3)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> flatten.preProcess(wrong, 2,
                    LayerWorkspaceMgr.noWorkspaces()));
            assertTrue(e.getMessage().contains("[batch, 3, 4]") && e.getMessage().contains("[2, 4, 3]"),
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new SequenceFlattenPreProcessor(0, 3));
    }
}
