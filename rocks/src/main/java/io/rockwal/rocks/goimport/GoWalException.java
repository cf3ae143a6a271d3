package io.rockwal.rocks.goimport;

import java.nio.file.Path;

/**
 * A Go log directory that cannot be imported as it is: not a Go log, damaged before its tail, an entry
 * that does not decode, or a store that holds something other than a prefix of the log. The message
 * names what was wrong and where: the file, the byte offset of the record's frame in it and the LSN,
 * each also available on its own (null, -1 or 0 when it does not apply).
 *
 * <p>When this is thrown, the Go directory is as it was (it is only ever read), and the store is as the
 * message says: a store the import created is removed, one it continued keeps every entry it held
 * before and those imported up to the failure, which are a prefix of the Go log.
 */
public final class GoWalException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;
    private final long lsn;

    GoWalException(String problem, Path file, long offset, long lsn, Throwable cause) {
        this(describe(problem, file, offset, lsn), cause, file, offset, lsn);
    }

    GoWalException(String problem, Path file, long offset, long lsn) {
        this(problem, file, offset, lsn, null);
    }

    private GoWalException(String message, Throwable cause, Path file, long offset, long lsn) {
        super(message, cause);
        this.file = file;
        this.offset = offset;
        this.lsn = lsn;
    }

    /** The same problem with a sentence added about what the failed import left in the store. */
    GoWalException withStoreNote(String note) {
        GoWalException noted = new GoWalException(getMessage() + "; " + note, getCause(), file, offset, lsn);
        noted.setStackTrace(getStackTrace());
        return noted;
    }

    private static String describe(String problem, Path file, long offset, long lsn) {
        StringBuilder where = new StringBuilder();
        if (file != null) {
            where.append(file);
        }
        if (offset >= 0) {
            where.append(where.length() > 0 ? " " : "").append("at offset ").append(offset);
        }
        if (lsn > 0) {
            where.append(where.length() > 0 ? ", " : "").append("LSN ").append(lsn);
        }
        return where.length() == 0 ? problem : where + ": " + problem;
    }

    /** The file the problem is in, or null when it concerns no single file. */
    public Path file() {
        return file;
    }

    /** The byte offset of the record's frame (its length prefix) in {@link #file()}, or -1. */
    public long offset() {
        return offset;
    }

    /** The LSN of the entry concerned, or 0 when the problem is not about one entry. */
    public long lsn() {
        return lsn;
    }
}
