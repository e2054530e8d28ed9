package dev.jmlbench.core.engine;

/**
 * A device an engine could use, and whether it can use it on this machine.
 *
 * @param device    e.g. {@code cpu}, {@code gpu}
 * @param available true when usable here
 * @param reason    why not, when not available (e.g. "no CUDA device / no GPU build on the classpath")
 */
public record DeviceStatus(String device, boolean available, String reason) {
    public static DeviceStatus available(String device) {
        return new DeviceStatus(device, true, "");
    }

    public static DeviceStatus skipped(String device, String reason) {
        return new DeviceStatus(device, false, reason);
    }
}
