package dev.jmlbench.suites.harness;

import dev.jmlbench.core.env.EnvironmentProbe;
import dev.jmlbench.core.results.MalformedResultsException;
import dev.jmlbench.core.results.ResultsJson;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Refuses to resume a run that an earlier build measured. A resumed stage keeps the earlier figures and writes this
 * build's environment over them, so a resume across commits would record figures of two versions of the code
 * under one commit, and {@code jmlbench merge} (which refuses parts of different commits) could no longer tell.
 */
public final class ResumeCheck {
    private ResumeCheck() {
    }

    /**
     * Checks the stage files of {@code settings}' output folder that carry an environment (quality, parity,
     * studies) against {@code commit}, the commit of this build.
     *
     * @throws IllegalArgumentException naming the file, both commits and what to do, when one was measured at
     *                                  another known commit
     */
    public static void sameCommit(RunSettings settings, String commit) {
        for (Path file : List.of(settings.qualityFile(), settings.parityFile(), StudyRun.file(settings))) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            String earlier;
            try {
                earlier = ResultsJson.read(file).environment().gitCommit();
            } catch (MalformedResultsException e) {
                continue; // the stage itself says it is not resuming this file, and why
            }
            if (earlier != null && commit != null && !earlier.equals(EnvironmentProbe.UNKNOWN_COMMIT)
                    && !commit.equals(EnvironmentProbe.UNKNOWN_COMMIT)
                    && !earlier.equals(commit)) {
                throw new IllegalArgumentException("--resume: " + file + " was measured at commit " + earlier
                        + ", this build is at " + commit + "; resuming would record figures of both under one"
                        + " commit. Resume with a build of " + earlier + " (e.g. git worktree add DIR " + earlier
                        + "), or run without --resume into another --out");
            }
        }
    }
}
