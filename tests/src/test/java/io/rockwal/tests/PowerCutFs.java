package io.rockwal.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code pcutfs} (src/test/c/pcutfs.c) mounted over a backing directory: a pass-through FUSE file
 * system that remembers what has not been fsynced and, on {@link #cut}, brings the backing directory
 * back to its durable state. The binary is compiled into {@code target/} from the C source on first
 * use (gcc and libfuse3-dev, which {@code .ci/run} installs). {@link #unavailable()} says why a
 * machine cannot run it, for a test to skip on with that reason.
 */
final class PowerCutFs implements AutoCloseable {

    /** How the unsynced tail of each file fares in a cut. */
    enum Mode {
        /** everything unsynced is lost */
        DROP,
        /** a random prefix of each unsynced tail survives */
        TORN,
        /** as TORN, and the last up to 4 KiB of the surviving prefix are random bytes */
        GARBAGE
    }

    private static final Path SOURCE = Path.of("src", "test", "c", "pcutfs.c").toAbsolutePath();
    private static final Path BINARY = Path.of("target", "pcutfs").toAbsolutePath();
    private static final long MOUNT_TIMEOUT_MILLIS = 10_000;
    private static String unavailable;
    private static boolean probed;

    private final Path backing;
    private final Path mountPoint;
    private final Process process;
    private boolean unmounted;

    private PowerCutFs(Path backing, Path mountPoint, Process process) {
        this.backing = backing;
        this.mountPoint = mountPoint;
        this.process = process;
    }

    /** Null if pcutfs can run here, otherwise why not (one line, for a skipped test's reason). */
    static synchronized String unavailable() {
        if (probed) {
            return unavailable;
        }
        probed = true;
        if (!Files.exists(Path.of("/dev/fuse"))) {
            unavailable = "power-cut suites skipped: this machine has no /dev/fuse";
        } else if (!onPath("fusermount3")) {
            unavailable = "power-cut suites skipped: fusermount3 is missing (apt-get install fuse3)";
        } else {
            unavailable = compile();
        }
        if (unavailable != null) {
            System.out.println(unavailable);
        }
        return unavailable;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Compiles the binary if it is missing or older than its source; null on success, else why not. */
    private static String compile() {
        try {
            if (Files.exists(BINARY)
                    && Files.getLastModifiedTime(BINARY).compareTo(Files.getLastModifiedTime(SOURCE)) >= 0) {
                return null;
            }
            Files.createDirectories(BINARY.getParent());
            Process build = new ProcessBuilder(
                            "sh",
                            "-c",
                            "gcc -Wall -Wextra -Werror -O2 -o '" + BINARY + "' '" + SOURCE
                                    + "' $(pkg-config --cflags --libs fuse3)")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!build.waitFor(120, TimeUnit.SECONDS) || build.exitValue() != 0) {
                return "power-cut suites skipped: pcutfs does not compile (needs gcc and libfuse3-dev): "
                        + output.strip().replace('\n', ' ');
            }
            return null;
        } catch (IOException e) {
            return "power-cut suites skipped: cannot compile pcutfs: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "power-cut suites skipped: interrupted while compiling pcutfs";
        }
    }

    /** Mounts pcutfs over {@code backing} at {@code mountPoint} (both directories, created if missing). */
    static PowerCutFs mount(Path backing, Path mountPoint) throws IOException, InterruptedException {
        if (unavailable() != null) {
            throw new IllegalStateException(unavailable());
        }
        Files.createDirectories(backing);
        Files.createDirectories(mountPoint);
        // a file, not a pipe: nobody reads pcutfs's output while it runs, and a full pipe would block it
        Path log = log(backing);
        Process process = new ProcessBuilder(BINARY.toString(), backing.toString(), mountPoint.toString(), "-f", "-s")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PowerCutFs fs = new PowerCutFs(backing, mountPoint, process);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MOUNT_TIMEOUT_MILLIS);
        while (!fs.isMounted()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("pcutfs did not mount " + mountPoint + ": "
                        + Files.readString(log).strip());
            }
            Thread.sleep(10);
        }
        return fs;
    }

    /**
     * The output of the last pcutfs mounted over {@code backing}, beside it (not in it): the UNDO line of
     * every directory entry a cut undid, the CUT line, and anything pcutfs or libfuse complained about.
     */
    static Path log(Path backing) {
        return backing.resolveSibling(backing.getFileName() + ".pcutfs.log");
    }

    /**
     * Ends pcutfs at once and detaches its mount, for a test that found it stuck: later operations on
     * the mount point fail instead of hanging.
     */
    void abort() throws IOException, InterruptedException {
        process.destroyForcibly();
        new ProcessBuilder("fusermount3", "-u", "-z", mountPoint.toString())
                .redirectErrorStream(true)
                .start()
                .waitFor(30, TimeUnit.SECONDS);
    }

    /** The pcutfs process id, for a post-mortem of a stuck mount. */
    long pid() {
        return process.pid();
    }

    private boolean isMounted() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] fields = line.split(" ");
            if (fields.length > 2 && fields[1].equals(mountPoint.toString()) && fields[2].startsWith("fuse")) {
                return true;
            }
        }
        return false;
    }

    Path mountPoint() {
        return mountPoint;
    }

    Path backing() {
        return backing;
    }

    /** Sends one control command ({@code fsync-error once}, ...); see pcutfs.c. */
    void command(String command) throws IOException {
        Files.writeString(mountPoint.resolve(".pcut"), command + "\n");
    }

    /** The status line: dirty files, unsynced bytes, pending directory entries, fsyncs, faults. */
    String status() throws IOException {
        return Files.readString(mountPoint.resolve(".pcut")).strip();
    }

    /**
     * Cuts the power: every later operation fails with EIO, and the backing directory is brought back to
     * its durable state in the given mode. Returns pcutfs's {@code CUT} line (files, bytes dropped, kept
     * and garbled, directory entries undone, faults injected).
     */
    String cut(Mode mode, long seed) throws IOException {
        command("cut " + mode.name().toLowerCase(java.util.Locale.ROOT) + " " + seed);
        return status();
    }

    /** Unmounts (lazily if something still holds a file) and waits for pcutfs to end. */
    @Override
    public void close() throws IOException {
        try {
            unmount();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unmounting " + mountPoint, e);
        }
    }

    private void unmount() throws IOException, InterruptedException {
        if (unmounted) {
            return;
        }
        unmounted = true;
        for (List<String> command : List.of(
                List.of("fusermount3", "-u", mountPoint.toString()),
                List.of("fusermount3", "-u", "-z", mountPoint.toString()))) {
            Process unmount = new ProcessBuilder(new ArrayList<>(command))
                    .redirectErrorStream(true)
                    .start();
            unmount.getInputStream().readAllBytes();
            if (unmount.waitFor(30, TimeUnit.SECONDS) && unmount.exitValue() == 0) {
                break;
            }
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new UncheckedIOException(new IOException("pcutfs on " + mountPoint + " did not end after unmount"));
        }
    }
}
