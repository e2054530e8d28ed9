package dev.jmlbench.reference.nn;

import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.reference.gemm.Gemm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A timed loop (not a test) over real-size shapes of the catalogue's lenet5-mnist and charlm-lstm tasks at one
 * GEMM thread: a training step (forward, backward, optimiser step) at the task's batch size, and inference at
 * batch 32 and batch 1. Prints the median and quartiles of several rounds, each round the mean time of a fixed
 * number of calls after warm-up. Used to compare two builds of this module: run it on each build's classes, in
 * alternation, on the same machine.
 *
 * <pre>
 *   java --add-modules=jdk.incubator.vector -cp core/target/classes:reference-models/target/classes:\
 *     reference-models/target/test-classes:JACKSON_JARS dev.jmlbench.reference.nn.RealSizeTiming [rounds]
 * </pre>
 */
public final class RealSizeTiming {
    private RealSizeTiming() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        String only = args.length > 1 ? args[1] : "";
        Gemm.setThreads(1);
        System.out.println("# " + Gemm.description());
        TaskCatalogue catalogue = TaskCatalogue.builtIn();
        if (only.startsWith("layers:")) {
            perLayer(catalogue.get(only.substring(7)), Integer.parseInt(args[2]), rounds);
            return;
        }
        for (String id : List.of("lenet5-mnist", "charlm-lstm")) {
            if (!only.isEmpty() && !id.startsWith(only)) {
                continue;
            }
            TaskSpec task = catalogue.get(id);
            boolean tokens = id.startsWith("charlm");
            int classes = tokens ? 83 : 10;
            int trainBatch = task.training().batchSize();
            time(id + " train b" + trainBatch, rounds, trainStep(task, trainBatch, tokens, classes));
            time(id + " infer b32", rounds, inference(task, 32, tokens));
            time(id + " infer b1", rounds, inference(task, 1, tokens));
        }
    }

    private static float[] input(Network net, int batch, boolean tokens, Random random) {
        float[] x = new float[batch * net.inputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = tokens ? random.nextInt(83) : random.nextFloat();
        }
        return x;
    }

    private static Network network(TaskSpec task) {
        Network net = new Network(task.model(), 42);
        Random random = new Random(7);
        for (Param p : net.paramList()) {
            float scale = (float) Math.sqrt(2.0 / Math.max(1, p.size() / Math.max(1, p.shape()[0])));
            for (int i = 0; i < p.value.length; i++) {
                p.value[i] = (float) random.nextGaussian() * scale * 0.5f;
            }
        }
        return net;
    }

    private static Runnable trainStep(TaskSpec task, int batch, boolean tokens, int classes) {
        Network net = network(task);
        Optimizer optimizer = Optimizer.of(task.training().optimizer());
        Random random = new Random(1);
        float[][] xs = new float[8][];
        int[][] ys = new int[8][];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = input(net, batch, tokens, random);
            ys[i] = random.ints(batch, 0, classes).toArray();
        }
        long[] step = {0};
        return () -> {
            int i = (int) (step[0]++ % xs.length);
            net.softmaxCrossEntropyGradients(xs[i], batch, ys[i], Pass.training(step[0]));
            optimizer.step(net.paramList());
        };
    }

    private static Runnable inference(TaskSpec task, int batch, boolean tokens) {
        Network net = network(task);
        Random random = new Random(2);
        float[][] xs = new float[8][];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = input(net, batch, tokens, random);
        }
        long[] step = {0};
        float[] sink = new float[1];
        return () -> {
            float[] y = net.forward(xs[(int) (step[0]++ % xs.length)], batch, Pass.INFERENCE);
            sink[0] += y[0];
        };
    }

    /** Median time of every layer's forward and backward pass in a training step of {@code batch} examples. */
    private static void perLayer(TaskSpec task, int batch, int rounds) {
        Network net = network(task);
        boolean tokens = task.id().startsWith("charlm");
        float[] x = input(net, batch, tokens, new Random(3));
        List<Layer> layers = net.layers();
        int n = layers.size();
        double[][] fw = new double[n][rounds];
        double[][] bw = new double[n][rounds];
        long warmUntil = System.nanoTime() + 6_000_000_000L;
        for (int r = -20; r < rounds * 20; r++) {
            if (r == -1 && System.nanoTime() < warmUntil) {
                r = -20;
            }
            float[][] acts = new float[n + 1][];
            acts[0] = x;
            for (int l = 0; l < n; l++) {
                long t0 = System.nanoTime();
                acts[l + 1] = layers.get(l).forward(acts[l], batch, Pass.training(r + 100));
                if (r >= 0) {
                    fw[l][r / 20] += (System.nanoTime() - t0) / 1e3 / 20;
                }
            }
            float[] g = acts[n].clone();
            for (int l = n - 1; l >= 0 && g != null; l--) {
                long t0 = System.nanoTime();
                g = layers.get(l).backward(g);
                if (r >= 0) {
                    bw[l][r / 20] += (System.nanoTime() - t0) / 1e3 / 20;
                }
            }
        }
        for (int l = 0; l < n; l++) {
            Arrays.sort(fw[l]);
            Arrays.sort(bw[l]);
            System.out.printf(Locale.ROOT, "%-50s fwd %9.1f us  bwd %9.1f us%n", layers.get(l).name(),
                    fw[l][rounds / 2], bw[l][rounds / 2]);
        }
    }

    private static void time(String name, int rounds, Runnable body) {
        // calls per round: about 0.3 s of work, found on the warm-up
        long start = System.nanoTime();
        int warm = 0;
        while (System.nanoTime() - start < 3_000_000_000L) {
            body.run();
            warm++;
        }
        double perCall = 3e9 / warm;
        int calls = (int) Math.max(5, 3e8 / perCall);
        List<Double> us = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int c = 0; c < calls; c++) {
                body.run();
            }
            us.add((System.nanoTime() - t0) / 1e3 / calls);
        }
        double[] s = us.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-28s median %10.1f us  q1 %10.1f  q3 %10.1f  min %10.1f  (%d rounds x %d"
                + " calls)%n", name, s[s.length / 2], s[s.length / 4], s[(3 * s.length) / 4], s[0], rounds, calls);
        Arrays.fill(s, 0);
    }
}
