package io.rockwal.rocks.tool;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress report on stderr, redrawn in place at most five times a second. A disabled
 * report prints nothing, so callers use it unconditionally.
 */
final class Progress {

    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final String what;
    private long lastDrawn = System.nanoTime();
    private boolean shown;

    /**
     * @param what what is counted, for example "verify: entries"
     * @param enabled whether to print at all: stderr is a terminal
     */
    Progress(PrintWriter err, boolean enabled, String what) {
        this.err = err;
        this.enabled = enabled;
        this.what = what;
    }

    /** Reports {@code done} of {@code total} (total 0 or less when unknown), if enough time passed. */
    void update(long done, long total) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDrawn < REDRAW_NANOS) {
            return;
        }
        lastDrawn = now;
        String text = total > 0
                ? String.format(
                        Locale.ROOT, "%s %,d of %,d (%d%%)", what, done, total, Math.min(100, done * 100 / total))
                : String.format(Locale.ROOT, "%s %,d", what, done);
        err.print("\r" + text + "\u001b[K");
        err.flush();
        shown = true;
    }

    /** Removes the report from the screen, before other output or at the end. */
    void clear() {
        if (shown) {
            err.print("\r\u001b[K");
            err.flush();
            shown = false;
        }
    }
}
