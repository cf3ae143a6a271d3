package io.rockwal.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** File-system chores of the tests: removing the stores and scratch directories they create. */
public final class TestFiles {

    private TestFiles() {}

    /**
     * Deletes {@code path} and, if it is a directory, everything under it, deepest first; a path that does
     * not exist is left as it is. Symbolic links are deleted, never followed.
     */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        for (Path each : deepestFirst(path)) {
            Files.deleteIfExists(each);
        }
    }

    /** Deletes everything under the directory {@code dir}, keeping {@code dir} itself. */
    public static void deleteContents(Path dir) throws IOException {
        for (Path each : deepestFirst(dir)) {
            if (!each.equals(dir)) {
                Files.deleteIfExists(each);
            }
        }
    }

    private static List<Path> deepestFirst(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.sorted(Comparator.reverseOrder()).toList();
        }
    }
}
