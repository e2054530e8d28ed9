package dev.jmlbench.core.env;

/**
 * Machines whose speed figures may be compared: the same CPU model name, the same CPU identity (family, model,
 * stepping) and the same number of logical cores. The identity matters where the model name does not tell
 * processors apart (a virtual machine calls several generations "AMD EPYC"); a run that did not record it
 * ({@link EnvironmentInfo#UNKNOWN_CPU_ID}) shares a class only with runs that did not either, since nothing shows
 * it ran on the same processor as a run that did.
 *
 * @param cpuModel     CPU model name as the environment block records it
 * @param cpuId        CPU identity as the environment block records it
 * @param logicalCores logical cores the JVM saw
 */
public record MachineClass(String cpuModel, String cpuId, int logicalCores) {

    /** The class of the machine {@code env} was measured on. */
    public static MachineClass of(EnvironmentInfo env) {
        return new MachineClass(env.cpuModel(), env.cpuId(), env.logicalCores());
    }

    @Override
    public String toString() {
        return cpuModel + " (" + cpuId + "), " + logicalCores + " logical cores";
    }
}
