package dev.jmlbench.core.results;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an engine recorded about how it trained one model (for Tribuo: its provenance of the trainer, its
 * hyper-parameters and the data), kept verbatim next to the measurements so a result can be traced.
 *
 * @param task    task id
 * @param engine  engine id
 * @param entries name/value pairs as the engine gave them
 */
public record ModelProvenance(String task, String engine, Map<String, String> entries) {
    public ModelProvenance {
        entries = entries == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }
}
