package dev.jmlbench.core.engine;

import dev.jmlbench.core.task.TaskSpec;

import java.util.List;

/** An opened engine: native libraries loaded, thread budget applied. Close it to free native resources. */
public interface Engine extends AutoCloseable {

    /** Versions, applied thread settings and devices. */
    EngineInfo info();

    /** Whether this engine runs {@code task} exactly as specified, with the reason when not. */
    Support supports(TaskSpec task);

    /**
     * Builds the model of {@code task} on the CPU. Parameters are unspecified until
     * {@link Model#importParameters} is called; the harness always imports the canonical initial parameters.
     *
     * @throws UnsupportedOperationException when {@link #supports} says no
     */
    Model build(TaskSpec task);

    /**
     * Builds the model of {@code task} on {@code device} ({@link dev.jmlbench.core.results.Names#DEVICE_CPU},
     * {@code gpu}, ...), which {@link #device} says is available. An engine that can use more than the CPU overrides
     * it; by default the CPU is the only device.
     *
     * @throws UnsupportedOperationException when {@link #supports} says no or the device is not available
     */
    default Model build(TaskSpec task, String device) {
        if (dev.jmlbench.core.results.Names.DEVICE_CPU.equals(device)) {
            return build(task);
        }
        throw new UnsupportedOperationException("engine " + info().id() + " builds models on the CPU only, not on "
                + device);
    }

    /**
     * Whether this engine can use {@code device} on this machine, with the reason when not: the device as
     * {@link EngineInfo#devices()} lists it; the CPU when the list does not name it; any other device it does not
     * list is not offered.
     */
    default DeviceStatus device(String device) {
        for (DeviceStatus d : info().devices()) {
            if (d.device().equals(device)) {
                return d;
            }
        }
        String cpu = dev.jmlbench.core.results.Names.DEVICE_CPU;
        if (cpu.equals(device)) {
            return DeviceStatus.available(device);
        }
        List<String> offered = info().devices().stream().map(DeviceStatus::device).toList();
        return DeviceStatus.skipped(device, "engine " + info().id() + " does not offer the device '" + device
                + "' (it offers " + (offered.isEmpty() ? cpu : String.join(", ", offered)) + ")");
    }

    /**
     * Optional capability: a prepared {@code n x n} single-precision matrix multiply of {@code a} by {@code b}
     * (row-major), for roofline calibration. Empty when the engine offers no matrix multiply.
     */
    default java.util.Optional<MatmulKernel> matmul(int n, float[] a, float[] b) {
        return java.util.Optional.empty();
    }

    @Override
    void close();
}
