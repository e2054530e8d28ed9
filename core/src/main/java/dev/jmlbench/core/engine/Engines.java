package dev.jmlbench.core.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** Finds engine providers on the class path. */
public final class Engines {
    private Engines() {
    }

    /** All providers on the class path, sorted by id. */
    public static List<EngineProvider> discover() {
        List<EngineProvider> providers = new ArrayList<>();
        ServiceLoader.load(EngineProvider.class).forEach(providers::add);
        providers.sort(Comparator.comparing(EngineProvider::id));
        return providers;
    }

    /** Ids of all providers on the class path, sorted. */
    public static List<String> ids() {
        return discover().stream().map(EngineProvider::id).toList();
    }

    /**
     * The provider with {@code id}.
     *
     * @throws UnknownEngineException listing the known ids when none matches
     */
    public static EngineProvider find(String id) {
        for (EngineProvider p : discover()) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new UnknownEngineException(id, ids());
    }

    /**
     * The providers with the given ids, in that order; all of them when {@code ids} is empty.
     *
     * @throws UnknownEngineException naming the first unknown id and listing the known ones
     */
    public static List<EngineProvider> select(List<String> ids) {
        if (ids.isEmpty()) {
            return discover();
        }
        List<EngineProvider> selected = new ArrayList<>();
        for (String id : ids) {
            selected.add(find(id));
        }
        return selected;
    }

    /**
     * The engine every other one is checked against ({@link EngineProvider#isParityReference}).
     *
     * @throws IllegalStateException when no engine or more than one on the class path says it is the reference
     */
    public static EngineProvider parityReference() {
        List<EngineProvider> refs = discover().stream().filter(EngineProvider::isParityReference).toList();
        if (refs.size() != 1) {
            throw new IllegalStateException("exactly one engine must be the parity reference, found " + refs.size()
                    + " among " + ids() + ": put the reference engine module (jmlbench-reference-models) on the"
                    + " class path, and no second engine that says isParityReference()");
        }
        return refs.get(0);
    }
}
