package io.rockwal.rocks;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.Stream;

/** Directory chores of the store's own making: durable creation, directory fsyncs, staging and scratch directories. */
final class Directories {

    private Directories() {}

    /**
     * Creates {@code dir} and any missing parents, and makes each new entry durable: a new directory is
     * an entry in its parent, and a power cut drops an entry its parent was never fsynced after (with
     * everything below it, the whole store). Existing directories are left as they are.
     *
     * @param attributes the attributes of every directory created (permissions), possibly none
     * @throws IOException if a directory cannot be created or a parent cannot be fsynced
     */
    static void createDurably(Path dir, FileAttribute<?>... attributes) throws IOException {
        Path absolute = dir.toAbsolutePath();
        Deque<Path> missing = new ArrayDeque<>();
        for (Path at = absolute; at != null && !Files.isDirectory(at); at = at.getParent()) {
            missing.push(at);
        }
        for (Path created : missing) {
            try {
                Files.createDirectory(created, attributes);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(created)) {
                    throw e;
                }
            }
            sync(created.getParent());
        }
    }

    /**
     * fsyncs a directory, so the entries created, renamed or removed in it survive a power cut.
     *
     * @throws IOException if the directory cannot be opened or the fsync fails
     */
    static void sync(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Deletes a directory the store made for itself, with everything in it; null or missing is
     * nothing to do. A failure is ignored: what is left holds no data anyone relies on (a backup's
     * staging copy, a secondary instance's info log), and there is nobody to report it to.
     */
    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // see above: leftovers cost a few kilobytes
        }
    }
}
