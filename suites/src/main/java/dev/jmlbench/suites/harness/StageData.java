package dev.jmlbench.suites.harness;

import dev.jmlbench.core.data.DatasetInfo;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.DatasetException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data of a stage's tasks, loaded once before any engine runs.
 *
 * @param byTask   each task's data, by task id, for the tasks whose data loaded
 * @param datasets the provenance of every dataset loaded, each once
 * @param missing  why a task has no data (missing or corrupt), by task id, in task order
 */
record StageData(Map<String, TaskData> byTask, List<DatasetInfo> datasets, Map<String, DatasetException> missing) {
    /** Loads the data of every task of {@code tasks}; a task whose data cannot be loaded is in {@link #missing}. */
    static StageData load(List<TaskSpec> tasks) {
        Map<String, TaskData> data = new LinkedHashMap<>();
        List<DatasetInfo> datasets = new ArrayList<>();
        Map<String, DatasetException> missing = new LinkedHashMap<>();
        for (TaskSpec task : tasks) {
            try {
                TaskData d = TaskData.load(task);
                data.put(task.id(), d);
                if (datasets.stream().noneMatch(i -> i.id().equals(d.info().id()))) {
                    datasets.add(d.info());
                }
            } catch (DatasetException e) {
                missing.put(task.id(), e);
            }
        }
        return new StageData(data, List.copyOf(datasets), missing);
    }
}
