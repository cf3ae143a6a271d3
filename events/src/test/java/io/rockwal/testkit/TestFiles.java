package io.rockwal.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * File-system chores of the tests: removing the stores and scratch directories they create, and telling
 * whether anything in a directory changed.
 */
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

    /**
     * Every path under {@code dir}, {@code dir} included, with its size and modification time, in path
     * order: two equal lists mean nothing was created, removed, resized or written in between. Entries of
     * {@code dir} itself named in {@code ignored} are left out (a file another process keeps writing, such
     * as RocksDB's info log of a live store).
     */
    public static List<String> fingerprint(Path dir, String... ignored) throws IOException {
        Set<Path> left = Stream.of(ignored).map(dir::resolve).collect(Collectors.toSet());
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(path -> !left.contains(path))
                    .sorted()
                    .map(path -> describe(dir, path))
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String describe(Path dir, Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return dir.relativize(path) + " " + attributes.size() + " "
                    + attributes.lastModifiedTime().toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
