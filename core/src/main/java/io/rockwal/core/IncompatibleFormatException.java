package io.rockwal.core;

/**
 * The stored data was written in a format version this build does not read: by a newer rockwal, or in
 * an older format this build no longer reads (format 1, used only by development builds before the
 * first release). Nothing was changed; open the log with a build that supports the found version.
 */
public final class IncompatibleFormatException extends EventLogException {

    private static final long serialVersionUID = 1L;

    private final int foundVersion;
    private final int supportedVersion;

    /**
     * @param what which format (for example "store" or "value in column family 'wal:pots' at LSN 7")
     * @param foundVersion the version found on disk
     * @param supportedVersion the version this build reads
     */
    public IncompatibleFormatException(String what, int foundVersion, int supportedVersion) {
        super(
                what + " has format version " + foundVersion
                        + (foundVersion > supportedVersion
                                ? ", this build reads versions up to " + supportedVersion
                                        + "; open it with a newer rockwal"
                                : ", which this build no longer reads (it reads version " + supportedVersion
                                        + "); open it with the rockwal that wrote it"),
                null);
        this.foundVersion = foundVersion;
        this.supportedVersion = supportedVersion;
    }

    /** The version found on disk. */
    public int foundVersion() {
        return foundVersion;
    }

    /** The version this build reads. */
    public int supportedVersion() {
        return supportedVersion;
    }
}
