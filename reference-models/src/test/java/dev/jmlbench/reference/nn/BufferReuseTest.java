package dev.jmlbench.reference.nn;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Layers that keep working arrays across calls (convolution, pooling, the recurrent layers) give, on a layer that
 * has already seen larger and smaller batches, exactly what a fresh layer gives; and a backward pass after an
 * inference forward pass equals one after a training forward pass.
 */
class BufferReuseTest {

    private record Result(float[] y, float[] dx, float[][] grads) {
    }

    private static Result run(Layer layer, float[] x, int batch, Pass pass) {
        float[] y = layer.forward(x, batch, pass);
        float[] dy = GradientCheck.random(y.length, 99);
        float[] dx = layer.backward(dy);
        List<Param> params = layer.params();
        float[][] grads = new float[params.size()][];
        for (int i = 0; i < grads.length; i++) {
            grads[i] = params.get(i).grad.clone();
        }
        return new Result(y.clone(), dx == null ? null : dx.clone(), grads);
    }

    private static void check(Supplier<Layer> make) {
        Layer fresh = make.get();
        Layer used = make.get();
        GradientCheck.randomParams(fresh, 0.5, 11);
        GradientCheck.randomParams(used, 0.5, 11);
        int in = fresh.inputSize();
        float[] big = GradientCheck.random(7 * in, 1);
        float[] small = GradientCheck.random(2 * in, 2);
        Pass train = Pass.training(3);
        run(used, big, 7, train); // grows the working arrays
        Result expected = run(fresh, small, 2, train);
        Result got = run(used, small, 2, train);
        assertArrayEquals(expected.y(), got.y(), fresh.name() + " output after a larger batch");
        assertArrayEquals(expected.dx(), got.dx(), fresh.name() + " input gradient after a larger batch");
        for (int i = 0; i < expected.grads().length; i++) {
            assertArrayEquals(expected.grads()[i], got.grads()[i], fresh.name() + " gradient " + i);
        }
        Result afterInference = run(used, small, 2, Pass.INFERENCE);
        assertArrayEquals(expected.y(), afterInference.y(), fresh.name() + " inference output");
        assertArrayEquals(expected.dx(), afterInference.dx(), fresh.name() + " input gradient after inference");
        for (int i = 0; i < expected.grads().length; i++) {
            assertArrayEquals(expected.grads()[i], afterInference.grads()[i], fresh.name() + " gradient " + i);
        }
    }

    @Test
    void convolutionWithPaddingAndStride() {
        check(() -> new Conv2DLayer("conv", List.of(2, 9, 8), 3, 3, 2, 1));
        check(() -> new Conv2DLayer("conv", List.of(1, 12, 12), 6, 5, 1, 2));
    }

    @Test
    void pooling() {
        check(() -> new Pool2DLayer("max pool", true, List.of(3, 8, 6), 2, 2));
        check(() -> new Pool2DLayer("avg pool", false, List.of(3, 8, 6), 3, 1));
    }

    @Test
    void recurrentLayers() {
        check(() -> new LstmLayer("lstm", List.of(5, 4), 6, false));
        check(() -> new LstmLayer("lstm seq", List.of(5, 4), 6, true));
        check(() -> new GruLayer("gru", List.of(5, 4), 6, false));
        check(() -> new SimpleRnnLayer("rnn", List.of(5, 4), 6, true));
    }
}
