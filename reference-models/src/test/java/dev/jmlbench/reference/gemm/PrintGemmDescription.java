package dev.jmlbench.reference.gemm;

/** Prints {@link Gemm#description()}; {@link GemmTest} runs it in a JVM started without the Vector API module. */
final class PrintGemmDescription {
    private PrintGemmDescription() {
    }

    public static void main(String[] args) {
        System.out.println(Gemm.description());
    }
}
