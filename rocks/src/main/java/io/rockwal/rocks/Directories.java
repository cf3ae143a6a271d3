package io.rockwal.rocks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Directory chores of the store's own making: staging directories of backups, readers' scratch directories. */
final class Directories {

    private Directories() {
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
