package io.rockwal.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines for child JVMs that tests start (and may kill). rocksdbjni unpacks its 17 MB native
 * library into the temporary directory at every start and deletes it at a normal exit only, so each
 * SIGKILLed child would leave one behind. Children here load one copy, unpacked once into the build
 * directory, through {@code java.library.path}.
 */
final class ChildJvm {

    private static final String LIBRARY = "librocksdbjni-linux64.so";
    private static volatile Path libraryDir;

    private ChildJvm() {}

    /** {@code java -Xmx... [-Djava.library.path=...] -cp <this classpath> mainClass args...}. */
    static List<String> command(String maxHeap, Class<?> mainClass, String... args) {
        return command(maxHeap, List.of(), mainClass, args);
    }

    /** As {@link #command(String, Class, String...)}, with more JVM options before the class path. */
    static List<String> command(String maxHeap, List<String> jvmOptions, Class<?> mainClass, String... args) {
        return command(maxHeap, jvmOptions, System.getProperty("java.class.path"), mainClass, args);
    }

    /** As {@link #command(String, List, Class, String...)}, with another class path. */
    static List<String> command(
            String maxHeap, List<String> jvmOptions, String classPath, Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx" + maxHeap);
        command.addAll(jvmOptions);
        Path dir = unpackedLibrary();
        if (dir != null) {
            command.add("-Djava.library.path=" + dir);
        }
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** The directory holding the unpacked library, or null where the jar has no linux64 build. */
    private static synchronized Path unpackedLibrary() {
        if (libraryDir != null) {
            return libraryDir;
        }
        try (InputStream library = org.rocksdb.RocksDB.class.getResourceAsStream("/" + LIBRARY)) {
            if (library == null
                    || !System.getProperty("os.arch").equals("amd64")
                    || !System.getProperty("os.name").equals("Linux")) {
                return null;
            }
            Path dir = Path.of("target", "native-library").toAbsolutePath();
            Files.createDirectories(dir);
            Path file = dir.resolve(LIBRARY);
            if (!Files.exists(file)) {
                Path partial = Files.createTempFile(dir, LIBRARY, ".partial");
                Files.copy(library, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            libraryDir = dir;
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the RocksDB library for child JVMs", e);
        }
    }
}
