package dev.jmlbench.adapters.dl4j;

import dev.jmlbench.conformance.CatalogueTaskChecks;
import dev.jmlbench.core.task.TaskSpec;

/** Catalogue tasks of the dl-vs-classic block on DL4J: the checks of {@link CatalogueTaskChecks}. */
class Dl4jCatalogueTasksTest extends CatalogueTaskChecks {
    @Override
    protected String engineId() {
        return "dl4j";
    }

    @Override
    protected String classicAlgorithmRefusal(TaskSpec task) {
        return "DL4J has no " + task.algorithm().displayName() + "; the dl4j adapter runs neural networks only";
    }
}
