package dev.jmlbench.adapters.djl;

import ai.djl.Device;
import dev.jmlbench.conformance.EngineConformanceKit;
import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.DeviceStatus;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.Datasets;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On a machine with a CUDA device and the {@code gpu} profile's natives: LeNet-5 on the GPU gives the CPU's
 * probabilities and, after training, the CPU's parameters. Skipped, with the engine's reason, everywhere else
 * (the default build has CPU natives only).
 */
class DjlGpuTest {
    @Test
    void lenet5OnTheGpuMatchesTheCpu() throws EngineUnavailableException {
        try (DjlEngine engine = (DjlEngine) Engines.find("djl").open(new EngineConfig(1,
                Path.of("target", "native-cache")))) {
            DeviceStatus gpu = engine.info().devices().stream().filter(d -> d.device().equals("gpu")).findFirst()
                    .orElseThrow();
            assumeTrue(gpu.available(), "gpu skipped: " + gpu.reason());
            TaskSpec lenet = DjlTasks.withEpochs(DjlTasks.lenet5Digits(), 1);
            TrainTestData digits = Datasets.load(lenet.dataset());
            Parameters initial = ParameterInitializer.initialize(lenet.model(), lenet.training().initializer(),
                    lenet.training().seed());
            float[][] x = Arrays.copyOf(digits.test().features(), 100);
            float[][] cpuP;
            Parameters cpuW;
            try (Model cpu = engine.build(lenet, Device.cpu())) {
                cpu.importParameters(initial);
                cpuP = cpu.predict(x);
                cpu.train(digits.train());
                cpuW = cpu.exportParameters();
            }
            try (Model onGpu = engine.build(lenet, Device.gpu())) {
                onGpu.importParameters(initial);
                double forward = EngineConformanceKit.maxAbsDiff(cpuP, onGpu.predict(x));
                onGpu.train(digits.train());
                double trained = cpuW.maxAbsDiff(onGpu.exportParameters());
                System.out.printf("[djl gpu] LeNet-5 gpu vs cpu: probabilities %.2e, parameters after one epoch"
                        + " %.2e%n", forward, trained);
                // cuDNN picks its own convolution algorithms (TF32 is off for float32 convolutions by default)
                assertTrue(forward <= 1e-5, "probabilities differ by " + forward);
                assertTrue(trained <= 1e-3, "parameters after one epoch differ by " + trained);
            }
        }
    }
}
