package io.rockwal.rocks.tool;

import io.rockwal.core.EventCatalog;
import io.rockwal.core.WalEntry;
import java.io.PrintWriter;

/**
 * Prints entries for get, last, replay and tail: one JSON object per entry ({@link EntryJson}), pretty
 * or on one line, and one line on stderr for each entry whose payload does not decode.
 */
final class EntryOutput {

    private final PrintWriter out;
    private final PrintWriter err;
    private final String command;
    private final boolean raw;
    private final boolean pretty;
    private final EventCatalog catalog;
    private long printed;
    private long undecodable;

    /**
     * @param command the command's name for messages, for example "rockwal replay"
     * @param raw print the payload in hex instead of decoding it
     * @param pretty indent the JSON; otherwise one line per entry (JSON Lines)
     * @param catalog the codecs that decode the payloads
     */
    EntryOutput(PrintWriter out, PrintWriter err, String command, boolean raw, boolean pretty, EventCatalog catalog) {
        this.out = out;
        this.err = err;
        this.command = command;
        this.raw = raw;
        this.pretty = pretty;
        this.catalog = catalog;
    }

    /** Prints one entry. */
    void print(WalEntry entry) {
        EntryJson.Rendered rendered = EntryJson.render(entry, raw, catalog);
        out.println(pretty ? JsonText.pretty(rendered.json()) : JsonText.compact(rendered.json()));
        printed++;
        if (rendered.error() != null) {
            undecodable++;
            out.flush();
            err.println(command + ": LSN " + entry.lsn() + " (" + entry.type() + "): " + oneLine(rendered.error()));
        }
    }

    /** How many entries were printed. */
    long printed() {
        return printed;
    }

    /** How many printed entries had a payload that did not decode. */
    long undecodable() {
        return undecodable;
    }

    /** Whether stdout can no longer be written (a closed pipe, as when piped into {@code head}). */
    boolean outputClosed() {
        return out.checkError();
    }

    static String oneLine(String message) {
        return message == null ? "" : message.replace('\n', ' ').replace('\r', ' ');
    }
}
