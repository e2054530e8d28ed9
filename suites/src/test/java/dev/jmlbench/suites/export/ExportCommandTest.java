package dev.jmlbench.suites.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jmlbench.conformance.Float64Oracle;
import dev.jmlbench.conformance.ParityCheck;
import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.params.CanonicalLayout;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
import dev.jmlbench.core.task.ModelSpec;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import dev.jmlbench.datasets.Datasets;
import dev.jmlbench.suites.CliRun;
import dev.jmlbench.suites.harness.ParityRun;
import dev.jmlbench.suites.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jmlbench export}, read back by a safetensors reader written here from the format's description alone
 * (8-byte little-endian header length, JSON header, raw little-endian data), not with the writer's code.
 */
class ExportCommandTest {

    /** One tensor as read from the file: dtype, shape, and its values widened to double. */
    record Read(String dtype, long[] shape, double[] values) {
    }

    /** A file as read: metadata and tensors in header order. */
    record ReadFile(Map<String, String> metadata, Map<String, Read> tensors) {
        Read get(String name) {
            Read r = tensors.get(name);
            if (r == null) {
                throw new AssertionError("no tensor '" + name + "' in " + tensors.keySet());
            }
            return r;
        }
    }

    /** The independent reader: every check the safetensors format asks for, with a clear error on truncation. */
    static ReadFile readSafetensors(byte[] file) throws IOException {
        if (file.length < 8) {
            throw new IOException("truncated safetensors file: " + file.length + " bytes, the 8-byte header length"
                    + " is incomplete");
        }
        long headerLength = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 2 || headerLength > file.length - 8L) {
            throw new IOException("truncated safetensors file: header of " + headerLength + " bytes announced, "
                    + (file.length - 8) + " bytes follow the length");
        }
        JsonNode header = new ObjectMapper().readTree(new String(file, 8, (int) headerLength, StandardCharsets.UTF_8));
        int dataStart = 8 + (int) headerLength;
        long dataLength = file.length - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<long[]> spans = new ArrayList<>();
        Map<String, Read> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                e.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().textValue()));
                continue;
            }
            String dtype = e.getValue().get("dtype").textValue();
            long[] shape = new long[e.getValue().get("shape").size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = e.getValue().get("shape").get(i).longValue();
                count *= shape[i];
            }
            long begin = e.getValue().get("data_offsets").get(0).longValue();
            long end = e.getValue().get("data_offsets").get(1).longValue();
            int width = switch (dtype) {
                case "F32" -> 4;
                case "I64" -> 8;
                default -> throw new IOException(e.getKey() + ": unexpected dtype " + dtype);
            };
            if (end - begin != count * width) {
                throw new IOException(e.getKey() + ": " + (end - begin) + " bytes for shape " + Arrays.toString(shape));
            }
            if (end > dataLength) {
                throw new IOException("truncated safetensors file: tensor '" + e.getKey() + "' ends at data byte "
                        + end + ", only " + dataLength + " data bytes present");
            }
            ByteBuffer b = ByteBuffer.wrap(file, dataStart + (int) begin, (int) (end - begin))
                    .order(ByteOrder.LITTLE_ENDIAN);
            double[] v = new double[(int) count];
            for (int i = 0; i < v.length; i++) {
                v[i] = width == 4 ? b.getFloat() : b.getLong();
            }
            spans.add(new long[] {begin, end});
            tensors.put(e.getKey(), new Read(dtype, shape, v));
        }
        spans.sort((a, c) -> Long.compare(a[0], c[0]));
        long at = 0;
        for (long[] s : spans) {
            if (s[0] != at) {
                throw new IOException("data is not contiguous: a tensor starts at " + s[0] + ", expected " + at);
            }
            at = s[1];
        }
        if (at != dataLength) {
            throw new IOException(dataLength + " data bytes, the tensors cover " + at);
        }
        return new ReadFile(metadata, tensors);
    }

    private static long[] shape(long rows, List<Integer> dims) {
        long[] s = new long[dims.size() + 1];
        s[0] = rows;
        for (int i = 0; i < dims.size(); i++) {
            s[i + 1] = dims.get(i);
        }
        return s;
    }

    private static long[] longs(int[] v) {
        return Arrays.stream(v).asLongStream().toArray();
    }

    private static double[] doubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static Parameters parameters(ReadFile f, String prefix, ModelSpec model) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : CanonicalLayout.of(model).shapes().entrySet()) {
            Read r = f.get(prefix + e.getKey());
            assertArrayEquals(longs(e.getValue()), r.shape(), prefix + e.getKey());
            float[] v = new float[r.values().length];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.values()[i];
            }
            t.put(e.getKey(), new Tensor(e.getValue(), v));
        }
        return new Parameters(t);
    }

    @Test
    void lenet5OnTheReferenceEngineReadsBackWithNamesShapesAndValues(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lenet.safetensors");
        int steps = 3;
        int examples = 5;
        CliRun o = CliRun.of("export", "--task", "lenet5-digits", "--engine", "reference", "--steps", "" + steps,
                "--examples", "" + examples, "--file", file.toString());
        assertEquals(0, o.code(), o.err());
        byte[] bytes = Files.readAllBytes(file);
        ReadFile f = readSafetensors(bytes);
        assertEquals(0, ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong() % 8,
                "header padded so that the data is 8-byte aligned");

        TaskSpec task = TaskCatalogue.builtIn().get("lenet5-digits");
        ModelSpec model = task.model();
        assertEquals("jmlbench-export", f.metadata().get("format"));
        assertEquals("1", f.metadata().get("format_version"));
        assertEquals("lenet5-digits", f.metadata().get("task"));
        assertEquals("reference", f.metadata().get("engine"));
        assertEquals("" + steps * task.training().batchSize(), f.metadata().get("train_examples"));
        assertTrue(f.metadata().get("model").contains("\"conv2d\""), f.metadata().get("model"));

        // names: every canonical parameter and every layer's output three times (initial, trained, the parity
        // stage's probe weights), probe input and labels
        Set<String> expected = new LinkedHashSet<>();
        for (String stage : List.of("initial", "trained", "parity")) {
            CanonicalLayout.of(model).shapes().keySet().forEach(n -> expected.add("params." + stage + "." + n));
        }
        for (String stage : List.of("initial", "trained", "parity")) {
            for (int i = 0; i < model.layers().size(); i++) {
                expected.add("outputs." + stage + ".layer" + i);
            }
            expected.add("outputs." + stage + ".output");
        }
        expected.add("probe.input");
        expected.add("probe.labels");
        assertEquals(new java.util.TreeSet<>(expected), new java.util.TreeSet<>(f.tensors().keySet()));

        // shapes and dtypes
        assertArrayEquals(new long[] {examples, 1, 8, 8}, f.get("probe.input").shape());
        assertEquals("F32", f.get("probe.input").dtype());
        assertArrayEquals(new long[] {examples}, f.get("probe.labels").shape());
        assertEquals("I64", f.get("probe.labels").dtype());
        assertArrayEquals(new long[] {6, 1, 5, 5}, f.get("params.initial.layer0.weight").shape(), "[out, in, k, k]");
        assertArrayEquals(new long[] {64, 120}, f.get("params.trained.layer5.weight").shape(), "Dense [in, out]");
        for (int i = 0; i < model.layers().size(); i++) {
            assertArrayEquals(shape(examples, model.shapeBefore(i + 1)), f.get("outputs.trained.layer" + i).shape());
        }
        assertArrayEquals(new long[] {examples, 10}, f.get("outputs.trained.output").shape());

        // values: the canonical initial parameters, the test examples and their labels
        Parameters initial = ParameterInitializer.initialize(model, task.training().initializer(),
                task.training().seed());
        assertEquals(initial, parameters(f, "params.initial.", model));
        Parameters parity = ParityCheck.probeParameters(model, ParityRun.PROBE_SEED);
        assertEquals(parity, parameters(f, "params.parity.", model), "the parity stage's probe weights");
        LabeledData test = Datasets.load(task.dataset()).test();
        for (int r = 0; r < examples; r++) {
            double[] row = Arrays.copyOfRange(f.get("probe.input").values(), r * 64, (r + 1) * 64);
            assertArrayEquals(doubles(test.features()[r]), row, 0, "probe row " + r);
            assertEquals(test.labels()[r], f.get("probe.labels").values()[r], 0, "label " + r);
        }

        // trained parameters: exactly what the engine gives after the documented steps
        Parameters trained = parameters(f, "params.trained.", model);
        assertTrue(initial.maxAbsDiff(trained) > 0, "training moved the parameters");
        try (var engine = Engines.find("reference").open(new EngineConfig(1, dir))) {
            TrainingRecipe r = task.training();
            TaskSpec oneEpoch = new TaskSpec(task.id(), task.description(), task.family(), task.dataset(), model,
                    new TrainingRecipe(r.optimizer(), r.loss(), r.batchSize(), 1, r.initializer(), r.seed()),
                    task.target());
            LabeledData train = Datasets.load(task.dataset()).train();
            int n = steps * r.batchSize();
            try (Model m = engine.build(oneEpoch)) {
                m.importParameters(initial);
                m.train(new LabeledData(Arrays.copyOf(train.features(), n), Arrays.copyOf(train.labels(), n),
                        train.numClasses()));
                assertEquals(0, m.exportParameters().maxAbsDiff(trained), "same steps, same parameters");
            }
        }

        // outputs: what anyone can recompute from the file alone (here with the float64 oracle), row-major
        Float64Oracle oracle = new Float64Oracle(model);
        for (String stage : List.of("initial", "trained", "parity")) {
            Parameters p = switch (stage) {
                case "initial" -> initial;
                case "trained" -> trained;
                default -> parity;
            };
            for (int r = 0; r < examples; r++) {
                double[][] layers = oracle.layerOutputs(p, test.features()[r]);
                for (int i = 0; i < layers.length; i++) {
                    Read out = f.get("outputs." + stage + ".layer" + i);
                    int width = layers[i].length;
                    double[] row = Arrays.copyOfRange(out.values(), r * width, (r + 1) * width);
                    assertArrayEquals(layers[i], row, 1e-4 * Math.max(1, Arrays.stream(layers[i]).map(Math::abs)
                            .max().orElse(0)), stage + " layer " + i + " row " + r);
                }
                double[] probs = Arrays.copyOfRange(f.get("outputs." + stage + ".output").values(), r * 10, r * 10 + 10);
                assertArrayEquals(layers[layers.length - 1], probs, 1e-5, stage + " output row " + r);
            }
        }
    }

    @Test
    void aTruncatedFileIsDetectedByTheReader(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("iris.safetensors");
        CliRun o = CliRun.of("export", "--task", "iris-logreg", "--engine", "reference", "--steps", "1",
                "--file", file.toString());
        assertEquals(0, o.code(), o.err());
        byte[] bytes = Files.readAllBytes(file);
        ReadFile whole = readSafetensors(bytes);
        assertFalse(whole.tensors().isEmpty());
        long header = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        for (int length : new int[] {bytes.length - 1, bytes.length - 100, (int) (8 + header + 3), (int) header, 5}) {
            byte[] cut = Arrays.copyOf(bytes, length);
            IOException e = assertThrows(IOException.class, () -> readSafetensors(cut), "cut to " + length);
            assertTrue(e.getMessage().startsWith("truncated safetensors file"), length + ": " + e.getMessage());
        }
    }

    @Test
    void anEngineWithoutLayerOutputsExportsItsFinalOutputs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tribuo.safetensors");
        CliRun o = CliRun.of("export", "--task", "iris-logreg", "--engine", "tribuo", "--steps", "2", "--examples", "4",
                "--file", file.toString());
        assertEquals(0, o.code(), o.err());
        ReadFile f = readSafetensors(Files.readAllBytes(file));
        assertEquals(Set.of("params.initial.layer0.weight", "params.initial.layer0.bias",
                "params.trained.layer0.weight", "params.trained.layer0.bias", "params.parity.layer0.weight",
                "params.parity.layer0.bias", "outputs.initial.output", "outputs.trained.output",
                "outputs.parity.output", "probe.input", "probe.labels"), f.tensors().keySet());
        assertArrayEquals(new long[] {4, 3}, f.get("outputs.trained.output").shape());
        assertTrue(f.metadata().get("layer_outputs").startsWith("not exposed"), f.metadata().get("layer_outputs"));
    }

    @Test
    void unknownTaskIsAUsageErrorNamingTheKnownOnes(@TempDir Path dir) {
        CliRun o = CliRun.of("export", "--task", "imagenet", "--engine", "reference", "--out", dir.toString());
        assertEquals(Main.USAGE, o.code());
        assertTrue(o.err().contains("unknown task 'imagenet'; known tasks: iris-logreg, wine-logreg"), o.err());
    }

    @Test
    void unknownEngineIsAUsageErrorNamingTheKnownOnes(@TempDir Path dir) {
        CliRun o = CliRun.of("export", "--task", "iris-logreg", "--engine", "tensorflow", "--out", dir.toString());
        assertEquals(Main.USAGE, o.code());
        assertTrue(o.err().contains("unknown engine 'tensorflow'; known engines: djl, dl4j, reference, tribuo"),
                o.err());
    }

    @Test
    void unsupportedOrClassicTaskIsAUsageErrorWithTheReasonAndTheExportableTasks(@TempDir Path dir) {
        CliRun o = CliRun.of("export", "--task", "lenet5-digits", "--engine", "tribuo", "--out", dir.toString());
        assertEquals(Main.USAGE, o.code(), o.err());
        assertTrue(o.err().contains("engine 'tribuo' does not support task 'lenet5-digits': "), o.err());
        assertTrue(o.err().contains("tasks it can export: iris-logreg"), o.err());
        CliRun classic = CliRun.of("export", "--task", "digits-cart", "--engine", "reference", "--out", dir.toString());
        assertEquals(Main.USAGE, classic.code(), classic.err());
        assertTrue(classic.err().contains("task 'digits-cart' is a classic algorithm"), classic.err());
        assertTrue(classic.err().contains("exportable tasks: iris-logreg"), classic.err());
        CliRun steps = CliRun.of("export", "--task", "iris-logreg", "--engine", "reference", "--steps", "0",
                "--out", dir.toString());
        assertEquals(Main.USAGE, steps.code(), steps.err());
        assertTrue(steps.err().contains("--steps must be at least 1"), steps.err());
        assertFalse(Files.exists(dir.resolve("export")), "nothing written on a usage error");
    }
}
