package dev.jmlbench.adapters.djl;

import dev.jmlbench.conformance.CatalogueTaskChecks;
import dev.jmlbench.core.task.TaskSpec;

/** Catalogue tasks of the dl-vs-classic block on DJL: the checks of {@link CatalogueTaskChecks}. */
class DjlCatalogueTasksTest extends CatalogueTaskChecks {
    @Override
    protected String engineId() {
        return "djl";
    }

    @Override
    protected String classicAlgorithmRefusal(TaskSpec task) {
        return "DJL has no " + task.algorithm().displayName() + "; the DJL adapter runs neural networks only";
    }
}
