package io.rockwal.rocks.tool;

import java.nio.file.Path;

/** The tool's {@code verify} command, run in this process for the corruption suite in the parent package. */
public final class CorruptionVerify {

    private CorruptionVerify() {}

    /** The exit status of {@code rockwal verify --dir DIR} and the first line it printed on stdout or stderr. */
    public static Result run(Path dir) {
        CliRun run = CliRun.of("verify", "--dir", dir.toString());
        String text = (run.out() + run.err()).strip();
        int newline = text.indexOf('\n');
        return new Result(run.status(), newline < 0 ? text : text.substring(0, newline));
    }

    /**
     * What {@code rockwal verify} answered.
     *
     * @param status the exit status: 0 clean, 3 corruption or I/O error
     * @param firstLine what it said first
     */
    public record Result(int status, String firstLine) {}
}
