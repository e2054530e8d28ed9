package dev.jmlbench.core.env;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The commit a run records, read from the files of real git repositories made here with the git command line: a
 * checkout, a linked worktree on a branch (its {@code .git} is a file, its branches in the main repository), a
 * detached worktree, and refs packed into {@code packed-refs}.
 */
class GitCommitTest {

    @Test
    void theCommitIsFoundInACheckoutInLinkedWorktreesAndInPackedRefs(@TempDir Path dir) throws Exception {
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo.resolve("sub"));
        assumeTrue(git(repo, "init", "-q") != null, "no git command on this machine");
        Files.writeString(repo.resolve("sub").resolve("f.txt"), "x");
        git(repo, "add", ".");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one");
        String head = git(repo, "rev-parse", "HEAD");

        assertEquals(head, EnvironmentProbe.gitCommit(repo.resolve("sub")), "from a folder inside the checkout");

        git(repo, "worktree", "add", "-q", "-b", "other", dir.resolve("linked").toString());
        assertEquals(head, EnvironmentProbe.gitCommit(dir.resolve("linked").resolve("sub")), "a linked worktree");

        git(repo, "worktree", "add", "-q", "--detach", dir.resolve("detached").toString(), head);
        assertEquals(head, EnvironmentProbe.gitCommit(dir.resolve("detached")), "a detached worktree");

        git(repo, "pack-refs", "--all");
        assertEquals(head, EnvironmentProbe.gitCommit(repo), "a packed branch");
        assertEquals(head, EnvironmentProbe.gitCommit(dir.resolve("linked")), "a packed branch of a linked worktree");

        assertEquals("unknown", EnvironmentProbe.gitCommit(dir.resolve("elsewhere")));
    }

    /** The output of {@code git args} in {@code dir}, trimmed; null when git cannot be run. */
    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException noGit) {
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + ": " + out);
        }
        return out;
    }
}
