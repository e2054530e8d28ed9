package dev.jmlbench.suites.harness;

import dev.jmlbench.core.engine.DeviceStatus;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Devices through the engine SPI, with a fake engine that offers two devices (the CPU and an accelerator, which
 * computes on the reference engine underneath) and lists a GPU it cannot use: the quality stage trains and measures
 * on each usable device, every figure and cell carries its device, and a device the engine cannot use, or does not
 * offer at all, is a skipped cell with the reason.
 */
class DevicesTest {
    /** The reference engine, offered as two devices; a third listed as unusable. */
    private static final class TwoDeviceEngine implements Engine {
        private final Engine inner;
        final List<String> builtOn = new ArrayList<>();

        TwoDeviceEngine(Engine inner) {
            this.inner = inner;
        }

        @Override
        public EngineInfo info() {
            return new EngineInfo("two-devices", "Two-device fake", "1", "none", Map.of(), List.of(
                    DeviceStatus.available(Names.DEVICE_CPU), DeviceStatus.available("accel"),
                    DeviceStatus.skipped("gpu", "no GPU driver on this machine")));
        }

        @Override
        public Support supports(TaskSpec task) {
            return inner.supports(task);
        }

        @Override
        public Model build(TaskSpec task) {
            return build(task, Names.DEVICE_CPU);
        }

        @Override
        public Model build(TaskSpec task, String device) {
            builtOn.add(device);
            return inner.build(task);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @Test
    void eachUsableDeviceIsTrainedAndMeasuredAndTheOthersAreSkippedWithTheReason(@TempDir Path dir)
            throws Exception {
        TaskSpec task = TaskCatalogue.builtIn().get("iris-logreg");
        RunSettings settings = new RunSettings(dir, List.of(task.id()), List.of(), 1, Preset.SMOKE, dir,
                RunSettings.DEFAULT_MARGIN, Shard.ALL, List.of("cpu", "accel", "gpu", "tpu"));
        try (TwoDeviceEngine engine = new TwoDeviceEngine(Engines.find("reference").open(new EngineConfig(1, dir)))) {
            RunResults empty = new RunResults(RunResults.SCHEMA_VERSION, "t", null, List.of(), List.of(task),
                    List.of(), List.of(), List.of());
            RunResults r = new QualityCells(settings, System.err).run(empty, engine, "two-devices", task,
                    TaskData.load(task));

            assertEquals(List.of("cpu", "accel"), engine.builtOn, "built once per usable device");
            for (String device : List.of("cpu", "accel")) {
                CellStatus c = cell(r, device);
                assertEquals(CellStatus.Status.OK, c.status(), c.toString());
                List<Measurement> accuracy = r.measurements().stream().filter(m -> m.device().equals(device)
                        && m.scenario().equals(Names.SCENARIO_QUALITY) && m.metric().equals(Names.METRIC_ACCURACY))
                        .toList();
                assertEquals(1, accuracy.size(), device + ": one test accuracy");
                assertTrue(accuracy.get(0).value() > 0.9, device + ": " + accuracy.get(0).value());
            }
            assertEquals(CellStatus.Status.SKIPPED, cell(r, "gpu").status());
            assertEquals("device gpu: no GPU driver on this machine", cell(r, "gpu").reason());
            assertEquals(CellStatus.Status.SKIPPED, cell(r, "tpu").status());
            assertTrue(cell(r, "tpu").reason().contains("does not offer the device 'tpu' (it offers cpu, accel, gpu)"),
                    cell(r, "tpu").reason());
            assertTrue(r.measurements().stream().noneMatch(m -> m.device().equals("gpu") || m.device().equals("tpu")));
        }
    }

    /**
     * The JMH stage times every device the quality stage trained on, each fork building its model on that device:
     * here the quality file says the reference engine trained iris-logreg on a GPU, which it cannot use, so every
     * GPU fork fails in its setup with the engine's own reason, and the merged results hold a failed JMH cell on the
     * GPU saying so (not a CPU figure, and not silence).
     */
    @Test
    void theJmhStageBuildsEachForksModelOnTheDeviceOfItsCell(@TempDir Path dir) throws Exception {
        TaskSpec task = TaskCatalogue.builtIn().get("iris-logreg");
        RunSettings settings = new RunSettings(dir, List.of(task.id()), List.of("reference"), 1, Preset.SMOKE, dir,
                RunSettings.DEFAULT_MARGIN, Shard.ALL, List.of("gpu"));
        dev.jmlbench.core.results.ResultsJson.write(settings.qualityFile(), new RunResults(RunResults.SCHEMA_VERSION,
                "q", dev.jmlbench.core.env.EnvironmentProbe.capture(1, dir), List.of(), List.of(task), List.of(), List.of(), List.of(new CellStatus(task.id(),
                "reference", "gpu", Names.STAGE_QUALITY, CellStatus.Status.OK, ""))));

        List<String> failed = new dev.jmlbench.suites.jmh.JmhStage(settings, System.err, false).run();
        RunResults merged = ResultsMerger.merge(settings);

        assertTrue(failed.contains(task.id() + "/reference/gpu"), failed.toString());
        List<CellStatus> jmh = merged.cells().stream().filter(c -> c.stage().equals(Names.STAGE_JMH)).toList();
        assertTrue(!jmh.isEmpty() && jmh.stream().allMatch(c -> c.device().equals("gpu")
                && c.status() == CellStatus.Status.FAILED), jmh.toString());
        assertTrue(jmh.stream().anyMatch(c -> c.reason().contains("on gpu failed in setup")
                && c.reason().contains("on the CPU only")), jmh.toString());
        assertTrue(merged.measurements().stream().noneMatch(m -> m.scenario().startsWith("inference")
                || m.scenario().equals(Names.SCENARIO_TRAINING_THROUGHPUT)), "no speed figure without a model");
    }

    @Test
    void anEngineThatDoesNotOverrideTheDeviceMethodsBuildsOnTheCpuOnly(@TempDir Path dir) throws Exception {
        TaskSpec task = TaskCatalogue.builtIn().get("iris-logreg");
        try (Engine reference = Engines.find("reference").open(new EngineConfig(1, dir))) {
            assertTrue(reference.device(Names.DEVICE_CPU).available());
            try (Model m = reference.build(task, Names.DEVICE_CPU)) {
                assertTrue(m != null);
            }
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> reference.build(task, "gpu"));
            assertTrue(e.getMessage().contains("on the CPU only"), e.getMessage());
        }
    }

    @Test
    void devicesMustBeNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RunSettings(
                Path.of("x"), List.of(), List.of(), 1, Preset.SMOKE, Path.of("x"), 0.05, Shard.ALL, List.of()));
        assertTrue(e.getMessage().contains("--devices"), e.getMessage());
    }

    private static CellStatus cell(RunResults r, String device) {
        return r.cells().stream().filter(c -> c.device().equals(device)).findFirst()
                .orElseThrow(() -> new AssertionError("no cell on " + device + ": " + r.cells()));
    }
}
