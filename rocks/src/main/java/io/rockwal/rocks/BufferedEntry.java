package io.rockwal.rocks;

import io.rockwal.core.WalEntry;

/**
 * An entry the writer has assigned an LSN and encoded but not flushed yet: what the writer produces
 * and readers of the same log see beside the stored entries.
 *
 * @param lsn its LSN
 * @param column its type's column family
 * @param value its stored value, encoded as format invariant 5 says ({@link EntryValues})
 * @param indexKey the secondary key its codec gave it, or null
 */
record BufferedEntry(long lsn, TypeColumn column, byte[] value, byte[] indexKey) {

    /** The entry as a reader returns it. */
    WalEntry decode() {
        return EntryValues.decode(lsn, column.type(), value);
    }
}
