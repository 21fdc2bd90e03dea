package org.hitlbm.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitInfoTest {
    private static final String LOOSE = "1111111111111111111111111111111111111111";
    private static final String PACKED = "2222222222222222222222222222222222222222";
    private static final String DETACHED = "3333333333333333333333333333333333333333";

    @TempDir
    Path tmp;

    @Test
    void looseBranchRefFromANestedFolder() throws IOException {
        Path repo = repo("repo", "ref: refs/heads/main\n");
        write(repo.resolve(".git/refs/heads/main"), LOOSE + "\n");
        Path nested = Files.createDirectories(repo.resolve("a/b/c"));
        assertEquals(LOOSE, GitInfo.commit(nested));
    }

    @Test
    void packedRefWhenNoLooseFile() throws IOException {
        Path repo = repo("repo", "ref: refs/heads/feature/x\n");
        write(repo.resolve(".git/packed-refs"), "# pack-refs with: peeled fully-peeled sorted \n"
                + "4444444444444444444444444444444444444444 refs/heads/other\n"
                + PACKED + " refs/heads/feature/x\n"
                + "^5555555555555555555555555555555555555555\n");
        assertEquals(PACKED, GitInfo.commit(repo));
    }

    @Test
    void detachedHead() throws IOException {
        Path repo = repo("repo", DETACHED + "\n");
        assertEquals(DETACHED, GitInfo.commit(repo));
    }

    @Test
    void worktreeGitFileWithCommondir() throws IOException {
        Path main = repo("main", "ref: refs/heads/main\n");
        write(main.resolve(".git/packed-refs"), PACKED + " refs/heads/main\n");
        write(main.resolve(".git/refs/heads/tracking"), LOOSE + "\n");
        Path worktreeGitDir = Files.createDirectories(main.resolve(".git/worktrees/wt"));
        write(worktreeGitDir.resolve("HEAD"), "ref: refs/heads/tracking\n");
        write(worktreeGitDir.resolve("commondir"), "../..\n");
        Path worktree = Files.createDirectories(tmp.resolve("wt"));
        write(worktree.resolve(".git"), "gitdir: " + worktreeGitDir + "\n");

        assertEquals(LOOSE, GitInfo.commit(worktree));
        assertEquals(PACKED, GitInfo.commit(main));
    }

    @Test
    void relativeGitdirInGitFile() throws IOException {
        Path real = Files.createDirectories(tmp.resolve("store/real.git"));
        write(real.resolve("HEAD"), DETACHED + "\n");
        Path checkout = Files.createDirectories(tmp.resolve("checkout"));
        write(checkout.resolve(".git"), "gitdir: ../store/real.git\n");
        assertEquals(DETACHED, GitInfo.commit(checkout));
    }

    @Test
    void unknownOnAnUnbornBranch() throws IOException {
        Path repo = repo("unborn", "ref: refs/heads/main\n");
        assertEquals(GitInfo.UNKNOWN, GitInfo.commit(repo));
    }

    @Test
    void unknownOutsideARepository() throws IOException {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        boolean insideSomeRepo = false;
        for (Path dir = plain; dir != null; dir = dir.getParent()) {
            insideSomeRepo |= Files.exists(dir.resolve(".git"));
        }
        assumeFalse(insideSomeRepo, "the temp folder lies inside a git repository");
        assertEquals(GitInfo.UNKNOWN, GitInfo.commit(plain));
    }

    private Path repo(String name, String head) throws IOException {
        Path repo = Files.createDirectories(tmp.resolve(name));
        Files.createDirectories(repo.resolve(".git/refs/heads"));
        write(repo.resolve(".git/HEAD"), head);
        return repo;
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
