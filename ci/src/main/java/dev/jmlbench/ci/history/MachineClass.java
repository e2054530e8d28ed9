package dev.jmlbench.ci.history;

import dev.jmlbench.core.env.EnvironmentInfo;

/**
 * Machines whose speed figures may be compared: the same CPU model and the same number of logical cores.
 *
 * @param cpuModel     CPU model name as the environment block records it
 * @param logicalCores logical cores the JVM saw
 */
public record MachineClass(String cpuModel, int logicalCores) {

    /** The class of the machine {@code env} was measured on. */
    public static MachineClass of(EnvironmentInfo env) {
        return new MachineClass(env.cpuModel(), env.logicalCores());
    }

    @Override
    public String toString() {
        return cpuModel + ", " + logicalCores + " logical cores";
    }
}
