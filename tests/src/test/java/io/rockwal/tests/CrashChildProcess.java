package io.rockwal.tests;

import io.rockwal.testkit.TestFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@link CrashChild} as the parent sees it: the lines it said, and a SIGKILL, either sent by the
 * caller or armed to fire from the reading thread the moment the child announces a truncation (so the
 * kill lands within microseconds of the announcement, not after a thread switch).
 */
final class CrashChildProcess {

    /** JVM options that make a short-lived child start fast and stay small. */
    private static final List<String> JVM_OPTIONS =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-XX:-UsePerfData", "-Xss512k");

    /** The class-data archive the children start from, and the jarred class path it was dumped with. */
    private static Path archive;

    private static String classPath = System.getProperty("java.class.path");
    private static boolean archiveTried;

    private final Process process;
    private final Thread reader;
    private final List<String> lines = new ArrayList<>();
    private boolean ended;
    private int truncationToKillAt;
    private long killDelayNanos;
    private int truncationsSeen;
    private int killedAtLine = -1;

    private CrashChildProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::readLines, "crash-child-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Starts a child for the store; it loads its classes and waits for {@link #go()}. */
    static CrashChildProcess start(Path store, long generation, int batchSize, int truncationsPerMille) {
        return start(store, generation, batchSize, truncationsPerMille, null);
    }

    /** As above; the child also takes backups into {@code backups} when it is not null. */
    static CrashChildProcess start(Path store, long generation, int batchSize, int truncationsPerMille, Path backups) {
        List<String> options = new ArrayList<>(JVM_OPTIONS);
        Path shared = archive();
        String childClassPath = childClassPath();
        if (shared != null) {
            options.add("-XX:SharedArchiveFile=" + shared);
        }
        try {
            List<String> args = new ArrayList<>(List.of(
                    store.toString(),
                    Long.toString(generation),
                    Integer.toString(batchSize),
                    Integer.toString(truncationsPerMille)));
            if (backups != null) {
                args.add(backups.toString());
            }
            Process process = new ProcessBuilder(ChildJvm.command(
                            "64m", options, childClassPath, CrashChild.class, args.toArray(String[]::new)))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            return new CrashChildProcess(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a crash child", e);
        }
    }

    /**
     * A class-data archive of everything a child loads (JDK 17 dynamic CDS), dumped once by a child that
     * runs every path and exits normally: it roughly halves a child's start. Null where dumping fails; the
     * children then start without it.
     */
    private static synchronized Path archive() {
        if (archiveTried) {
            return archive;
        }
        archiveTried = true;
        try {
            Path dir = Path.of("target", "crash-child").toAbsolutePath();
            Files.createDirectories(dir);
            Path file = dir.resolve("crash-child.jsa");
            Files.deleteIfExists(file);
            Path scratch = Files.createTempDirectory(dir, "store");
            List<String> options = new ArrayList<>(JVM_OPTIONS);
            options.add("-XX:ArchiveClassesAtExit=" + file);
            String jarred = jarredClassPath(dir);
            Process dump = new ProcessBuilder(
                            ChildJvm.command("64m", options, jarred, CrashChild.class, scratch.toString(), "archive"))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("archive-dump.log").toFile())
                    .start();
            boolean done = dump.waitFor(120, TimeUnit.SECONDS);
            if (!done) {
                dump.destroyForcibly();
            }
            if (done && dump.exitValue() == 0 && Files.size(file) > 0) {
                archive = file;
                classPath = jarred;
            }
            TestFiles.deleteRecursively(scratch);
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        return archive;
    }

    private static synchronized String childClassPath() {
        return classPath;
    }

    /**
     * This JVM's class path with each directory replaced by a jar of it: a class-data archive accepts
     * jars only.
     */
    private static String jarredClassPath(Path dir) throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (!Files.isDirectory(path)) {
                entries.add(entry);
                continue;
            }
            Path jar = dir.resolve("classes-" + n++ + ".jar");
            try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                    var files = Files.walk(path)) {
                for (Path file :
                        (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    out.putNextEntry(new java.util.jar.JarEntry(
                            path.relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, out);
                    out.closeEntry();
                }
            }
            entries.add(jar.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** Lets the child open the store. */
    void go() {
        try {
            OutputStream in = process.getOutputStream();
            in.write('\n');
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal the crash child", e);
        }
    }

    /** Makes the reading thread kill the child {@code delayNanos} after its {@code nth} TRUNCATING line. */
    synchronized void killAtTruncation(int nth, long delayNanos) {
        truncationToKillAt = nth;
        killDelayNanos = delayNanos;
    }

    /**
     * Waits until the child has said a line starting with {@code prefix} after the first {@code from}
     * lines; returns that line's index, or -1 if the child ended or the time ran out first.
     */
    synchronized int await(String prefix, int from, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (int index = from; ; ) {
            for (; index < lines.size(); index++) {
                if (lines.get(index).startsWith(prefix)) {
                    return index;
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0 || deadAndDrained()) {
                return -1;
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }

    /** Waits until the child's stdout ends (it died) or the time runs out. */
    synchronized void awaitEnd(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long left = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!ended && left > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
            left = deadline - System.nanoTime();
        }
    }

    /** Whether the child is gone and its output read (or no longer coming): nothing more will be said. */
    @SuppressWarnings("WaitNotInLoop") // one bounded wait for the output threads; the callers loop
    private boolean deadAndDrained() throws InterruptedException {
        if (process.isAlive()) {
            return false;
        }
        wait(1000);
        return true;
    }

    /** Whether the child is still running. */
    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * SIGKILL, through the process handle: {@code Process.destroyForcibly()} would also close our end
     * of the child's stdout and lose acknowledgements still in the pipe.
     */
    void kill() {
        process.toHandle().destroyForcibly();
    }

    /** Kills the child if it still runs and waits for it and for the last line it said. */
    List<String> killAndCollect() throws InterruptedException {
        kill();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the crash child did not die within 60 s of SIGKILL");
        }
        reader.join(60_000);
        synchronized (this) {
            return List.copyOf(lines);
        }
    }

    /** The index of the TRUNCATING line the armed kill fired at, or -1 if it did not fire. */
    synchronized int killedAtLine() {
        return killedAtLine;
    }

    /** The child's process id. */
    long pid() {
        return process.pid();
    }

    /** The lines said so far. */
    synchronized List<String> linesSoFar() {
        return List.copyOf(lines);
    }

    /** Exit status, once ended. */
    int exitValue() {
        return process.exitValue();
    }

    private void readLines() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                boolean killNow;
                long delay;
                synchronized (this) {
                    lines.add(line);
                    killNow = line.startsWith("TRUNCATING ")
                            && truncationToKillAt > 0
                            && ++truncationsSeen == truncationToKillAt;
                    delay = killDelayNanos;
                    notifyAll();
                }
                if (killNow) {
                    spin(delay);
                    kill();
                    synchronized (this) {
                        killedAtLine = lines.size() - 1;
                    }
                }
            }
        } catch (IOException e) {
            // the child was killed mid-line; what was read is what it said
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    /** Waits without giving up the CPU: a sleep would add a scheduler tick to delays of microseconds. */
    private static void spin(long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    /** Kills a child that is no longer needed; ignores one already gone. */
    void discard() throws InterruptedException {
        kill();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
