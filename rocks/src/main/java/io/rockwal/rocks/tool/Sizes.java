package io.rockwal.rocks.tool;

import java.util.Locale;

/** Byte counts and file counts for people: "1.5 MiB", "3 files". */
final class Sizes {

    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Sizes() {}

    /** Below 1 KiB in bytes ("512 B"), above in binary units with one decimal ("1.5 MiB"). */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    static String files(long count) {
        return count + (count == 1 ? " file" : " files");
    }
}
