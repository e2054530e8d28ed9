package dev.jmlbench.reports;

import java.util.Optional;
import java.util.function.Supplier;

/** Where a section puts its charts: the report embeds each one, or says why it could not be drawn. */
interface ChartSink {
    /** Draws the charts {@code what}; nothing when the supplier gives none. */
    void charts(String what, Supplier<java.util.List<Charts.Chart>> charts);

    /** Draws the chart {@code what}; nothing when the supplier gives none. */
    default void chart(String what, Supplier<Optional<Charts.Chart>> chart) {
        charts(what, () -> chart.get().stream().toList());
    }
}
