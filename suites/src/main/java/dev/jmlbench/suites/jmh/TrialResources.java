package dev.jmlbench.suites.jmh;

/** What a benchmark trial opened (a model, a kernel, the engine), closed when the trial ends. */
final class TrialResources {
    private TrialResources() {
    }

    /**
     * Closes {@code opened} in order (what an engine built before the engine), skipping nulls; every one is closed
     * even when an earlier one fails, and the first failure is rethrown with the later ones suppressed.
     */
    static void close(AutoCloseable... opened) {
        RuntimeException failure = null;
        for (AutoCloseable c : opened) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException("closing " + c, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
