package dev.jmlbench.core.data;

import java.time.LocalDate;
import java.util.List;

/**
 * A daily series: one value per date, in date order.
 *
 * @param info   provenance
 * @param dates  the dates, strictly increasing
 * @param values the value of each date
 */
public record TimeSeries(DatasetInfo info, List<LocalDate> dates, float[] values) {
    public TimeSeries {
        dates = List.copyOf(dates);
        if (dates.size() != values.length) {
            throw new IllegalArgumentException(dates.size() + " dates but " + values.length + " values");
        }
        for (int i = 1; i < dates.size(); i++) {
            if (!dates.get(i).isAfter(dates.get(i - 1))) {
                throw new IllegalArgumentException("dates must increase: " + dates.get(i - 1) + " then "
                        + dates.get(i));
            }
        }
    }

    /** Number of observations. */
    public int size() {
        return values.length;
    }
}
