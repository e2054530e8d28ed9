package dev.jmlbench.reports;

import dev.jmlbench.core.results.MalformedResultsException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A command line for the reports alone, from results files:
 * <pre>
 * report  RESULTS.json [OUT_DIR]      (OUT_DIR defaults to report/ beside the results file)
 * compare A.json B.json OUT_DIR
 * </pre>
 * A malformed or truncated results file ends it with exit status 2 and the reader's message, unchanged, which names
 * the file and the field.
 */
public final class ReportMain {
    private ReportMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status (0 done, 1 usage, 2 unreadable results, 3 cannot write). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length >= 2 && args.length <= 3 && args[0].equals("report")) {
                Path results = Path.of(args[1]);
                Path dir = args.length == 3 ? Path.of(args[2])
                        : results.toAbsolutePath().getParent().resolve("report");
                out.println("wrote " + ReportGenerator.write(results, dir));
                return 0;
            }
            if (args.length == 4 && args[0].equals("compare")) {
                out.println("wrote " + CompareReport.write(Path.of(args[1]), Path.of(args[2]), Path.of(args[3])));
                return 0;
            }
            err.println("usage: report RESULTS.json [OUT_DIR] | compare A.json B.json OUT_DIR");
            return 1;
        } catch (MalformedResultsException e) {
            err.println(e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("cannot write the report: " + e.getMessage());
            return 3;
        }
    }
}
