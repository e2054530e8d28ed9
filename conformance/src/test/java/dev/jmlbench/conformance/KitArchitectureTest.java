package dev.jmlbench.conformance;

import dev.jmlbench.core.task.LayerSpec;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kit itself: every layer kind of the spec language is exercised by some architecture, with enough data. */
class KitArchitectureTest {
    private static final List<KitArchitecture> ALL = KitArchitecture.all();

    @Test
    void everyLayerKindIsCheckedBySomeArchitecture() {
        Set<String> kinds = Arrays.stream(LayerSpec.class.getPermittedSubclasses()).map(Class::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> used = ALL.stream().flatMap(a -> a.task().model().layers().stream())
                .map(l -> l.getClass().getSimpleName()).collect(Collectors.toCollection(TreeSet::new));
        kinds.removeAll(used);
        assertTrue(kinds.isEmpty(), "no kit architecture has a layer of kind " + kinds + ": add one to"
                + " KitArchitecture.all() so that every adapter is checked on it");
    }

    @Test
    void conv1dArchitectureHasItsShapesAndEnoughSteps() {
        KitArchitecture conv1d = ALL.stream().filter(a -> a.name().equals("embedding-conv1d")).findFirst()
                .orElseThrow();
        assertEquals(List.of(List.of(10), List.of(10, 4), List.of(4, 5), List.of(20), List.of(3)),
                conv1d.task().model().shapes());
        for (KitArchitecture a : ALL) {
            if (!a.hasActiveDropout()) {
                assertTrue(a.train().size() >= a.task().training().batchSize() * Tolerances.N_STEPS,
                        a + " has too few training examples for the " + Tolerances.N_STEPS + "-step parity check");
            }
        }
        assertEquals(ALL.size(), ALL.stream().map(KitArchitecture::name).distinct().count(), "names are unique");
    }
}
