package io.rockwal.rocks.tool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which of stdout and stderr are terminals: progress and the "how far the reader got" line go to
 * stderr only when it is one, so nothing but the answer reaches a pipe or a file.
 *
 * @param stdout whether standard output is a terminal
 * @param stderr whether standard error is a terminal
 */
record Terminals(boolean stdout, boolean stderr) {

    /** Neither is a terminal: what tests and in-process callers use. */
    static final Terminals NONE = new Terminals(false, false);

    /**
     * Looks at this process's file descriptors 1 and 2 where Linux shows them ({@code /proc/self/fd});
     * elsewhere, takes {@code System.console() != null} (stdin and stdout are terminals) for both.
     */
    @SuppressWarnings("SystemConsoleNull") // the fallback off Linux; on Java 17, null means no terminal
    static Terminals detect() {
        boolean console = System.console() != null;
        return new Terminals(isTerminal(1, console), isTerminal(2, console));
    }

    private static boolean isTerminal(int fd, boolean fallback) {
        Path link = Path.of("/proc/self/fd/" + fd);
        if (!Files.isSymbolicLink(link)) {
            return fallback;
        }
        try {
            String target = Files.readSymbolicLink(link).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return fallback;
        }
    }
}
