package io.rockwal.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestFilesTest {

    @TempDir
    Path temp;

    @Test
    void deleteRecursivelyRemovesTheTreeAndItsRoot() throws IOException {
        Path root = tree();

        TestFiles.deleteRecursively(root);

        assertThat(root).doesNotExist();
        assertThat(temp).isEmptyDirectory();
    }

    @Test
    void deleteRecursivelyLeavesAMissingPathAlone() throws IOException {
        TestFiles.deleteRecursively(temp.resolve("never-made"));

        assertThat(temp).isEmptyDirectory();
    }

    @Test
    void deleteRecursivelyDeletesALinkNotWhatItPointsTo() throws IOException {
        Path kept = Files.createDirectory(temp.resolve("kept"));
        Files.writeString(kept.resolve("file"), "x");
        Path link = Files.createSymbolicLink(temp.resolve("link"), kept);

        TestFiles.deleteRecursively(link);

        assertThat(link).doesNotExist();
        assertThat(kept.resolve("file")).hasContent("x");
    }

    @Test
    void deleteContentsEmptiesTheDirectoryAndKeepsIt() throws IOException {
        Path root = tree();

        TestFiles.deleteContents(root);

        assertThat(root).isEmptyDirectory();
    }

    private Path tree() throws IOException {
        Path root = Files.createDirectory(temp.resolve("store"));
        Files.createDirectories(root.resolve("a/b/c"));
        Files.writeString(root.resolve("a/b/c/deep.sst"), "deep");
        Files.writeString(root.resolve("a/top.log"), "top");
        Files.createDirectory(root.resolve("empty"));
        return root;
    }
}
