/**
 * The event log stored in RocksDB: {@link io.rockwal.rocks.RocksEventLog}, opened with
 * {@link io.rockwal.rocks.RocksEventLogOptions}, and {@link io.rockwal.rocks.RocksEventLogReader}, which
 * reads a store from any process (also while a log has it open) and verifies it
 * ({@link io.rockwal.rocks.VerifyReport}) or describes it ({@link io.rockwal.rocks.StoreStatistics}).
 * Both implement {@link io.rockwal.core.EventLogView}.
 *
 * <h2>On-disk format, version 2</h2>
 * This is the one description of the format; {@code LsnKeys}, {@code EntryValues},
 * {@code MetadataCodec} and {@code KeyIndex} are the only classes that encode it ({@code OrdinalWalk}
 * reads ordinals through {@code EntryValues}), their class comments point here instead of restating it,
 * and tests pin it with literal bytes.
 * A store directory is a RocksDB database plus rockwal's lock file {@code rockwal.lock}.
 *
 * <ol>
 *   <li><b>Column families.</b> {@code default} is unused and stays empty. {@code rockwal:meta} holds the
 *       metadata (invariant 6), {@code rockwal:keys} the secondary-key index (invariant 10). Every other
 *       column family is an entry type and is named exactly like
 *       it, for example {@code wal:headersync}; names are stable identifiers and never derived from
 *       class names. Names starting with {@code rockwal:} are reserved for the store.</li>
 *   <li><b>Keys.</b> An entry's key is its LSN as 8 bytes, big-endian, so RocksDB's bytewise order is
 *       LSN order. LSNs start at 1 and are below 2<sup>63</sup>. A key of another length is damage.</li>
 *   <li><b>One LSN, one type.</b> An LSN is stored in exactly one type column family. A lookup by LSN
 *       probes the type column families (bloom filters make the misses cheap); there is no separate
 *       LSN-to-type index.</li>
 *   <li><b>Contiguity.</b> The type column families together hold every LSN from the first retained
 *       LSN to the last flushed LSN, and nothing above it. Below the first retained LSN, entries may
 *       still exist physically under range tombstones until compaction removes them; no read looks
 *       there.</li>
 *   <li><b>Values.</b> Byte 0 holds the value format version in bits 7-6 (2, so binary 10), a wide
 *       timestamp flag in bit 5, an anchor flag in bit 4 and the operation code in bits 3-0 (APPEND 1,
 *       SYNC 2, UPDATE 3, DELETE 4, DOWNLOAD 5, REQUEST 6, DELETE_CHECKPOINT 7, CHECKPOINT 8). Then the
 *       codec id (1..65535) as an unsigned LEB128 varint; the timestamp, compact as 5 bytes big-endian
 *       of milliseconds since 2020-01-01T00:00Z (instants from then until 2054-11-03) or wide as 8 bytes
 *       big-endian signed milliseconds since the epoch; on an anchor only, the entry's ordinal as a
 *       varint; then the payload exactly as the codec wrote it. No JSON, no base64. A typical header is
 *       7 bytes (8 for codec ids from 128).
 *       <br><b>Ordinals.</b> A type's entries are numbered 1, 2, 3, ... in LSN order, contiguous among its
 *       retained entries. An entry whose ordinal is a multiple of 64 is an anchor and stores it; any
 *       other entry's ordinal is the nearest anchor's plus or minus the entries between them, so a
 *       type's count is newest ordinal minus oldest plus one, found with two seeks and at most 64
 *       header reads at each end. If none of a type's retained entries is an anchor (fewer than 64
 *       are retained), they are numbered from 1 at the oldest, and later entries continue from there.
 *       Integrity of keys and values rests on RocksDB's checksums: CRC32C on every write-ahead-log
 *       record and a checksum on every table block, verified on every read.</li>
 *   <li><b>Metadata</b> ({@code rockwal:meta}, big-endian): {@code format} = store format version as 4
 *       bytes; {@code state} = last LSN, last flushed LSN, last update time (ms), first retained LSN,
 *       8 bytes each; {@code checkpoints} = 8 bytes per checkpoint LSN, oldest first. The stored last
 *       LSN is always written equal to the last flushed LSN, because a flush writes the whole buffer; a
 *       reader checks only that it is not below it (the field is redundant, and kept so that format 2
 *       stays as it was written).</li>
 *   <li><b>Atomic writes.</b> A flush is one RocksDB write batch holding the flushed entries, their index
 *       entries and the new {@code state}. A truncation is one batch holding a range delete of {@code [old first retained,
 *       new first retained)} in every type column family and the new {@code state}; a checkpoint that
 *       drops the oldest checkpoint adds the new {@code checkpoints} to that batch. A crash therefore
 *       leaves each of them fully applied or not at all, and the metadata always agrees with the
 *       data.</li>
 *   <li><b>Format version in RocksDB.</b> A store whose {@code format} is newer than this build's is
 *       refused with {@link io.rockwal.core.IncompatibleFormatException}. A store with
 *       entries but no metadata, or a directory with RocksDB files but no {@code CURRENT}, is refused as
 *       damaged rather than opened as new; so is a table file the MANIFEST does not list whose newest
 *       retained entry is nowhere else in the store (a damaged MANIFEST; the primary open would delete
 *       the file). All of this is checked through a read-only RocksDB instance before the primary open,
 *       which rewrites RocksDB's own files: a refused store is left byte for byte as it was (but for
 *       RocksDB's info {@code LOG}).</li>
 *   <li><b>Unknown column families.</b> A column family whose name is a valid type name the catalogue
 *       does not know is opened, read as raw entries and truncated with the rest, never written and
 *       never dropped. Any other unknown column family is opened and left untouched.</li>
 *   <li><b>Secondary-key index</b> ({@code rockwal:keys}). For an entry whose codec gives a secondary
 *       key, one index entry with an empty value and the key: type name, byte 00, the secondary key
 *       with each 00 byte written 00 FF, bytes 00 01, then the LSN as 8 bytes big-endian. Bytewise order
 *       is thus type, then unsigned key order, then LSN. Index entries pointing below the first retained
 *       LSN are ignored by every read and removed in the background after a truncation.</li>
 *   <li><b>Write-ahead log recovery.</b> RocksDB's write-ahead log (32 KiB blocks of checksummed
 *       records) is replayed with {@code TolerateCorruptedTailRecords}: a last record cut short is the
 *       batch a crash interrupted and is dropped. A damaged record with nothing whole after it in its
 *       file or any later log is the same torn batch ending in garbage (its sync never returned, so it
 *       was never acknowledged): the open recovers to the record before it. A damaged record followed
 *       by a whole batch is refused, naming the file and both offsets: the batches after it may have
 *       been acknowledged, and no open drops them.</li>
 *   <li><b>MANIFEST recovery.</b> RocksDB's MANIFEST uses the same record format. A damaged record
 *       with nothing whole after it is a version edit whose sync a crash or power cut interrupted, so
 *       never applied: the primary open cuts the file back to the start of that edit, keeping the cut
 *       bytes in {@code <MANIFEST name>.torn-<offset>} beside it (owner-only, synced first), then runs
 *       the checks of the format version invariant; if they refuse the store, the bytes are put back and
 *       the side file removed, so a refused store is still left as it was. Damage with a whole record
 *       after it is refused, never cut. A reader (which writes nothing) refuses a torn MANIFEST and says
 *       that a primary open recovers it.</li>
 * </ol>
 *
 * <h2>Roles</h2>
 * Every arrow points one way; no class names another's nested types.
 * <ul>
 *   <li><b>Write path.</b> {@code RocksEventLog} (encodes and stamps an event: {@code StampedEvent})
 *       &rarr; {@code LogWriter} (LSNs, ordinals, the buffer of {@code BufferedEntry}, atomic batches)
 *       &rarr; the format classes &rarr; RocksDB. Asynchronous writes go {@code RocksEventLog} &rarr;
 *       {@code GroupCommitter} &rarr; {@code LogWriter.writeAndFlush}, which returns the first LSN; the
 *       committer then completes the futures on its completion thread. The writer only notifies outward:
 *       {@code FlushSignal} (waiting subscriptions) and {@code Compactor} (space after truncations).</li>
 *   <li><b>Read path.</b> {@code RocksEventLog} or {@code RocksEventLogReader} &rarr; {@code LogReader}
 *       (lookups, last, count, cursors, subscription chunks) and {@code KeyIndexReader} &rarr;
 *       {@code LogCursor} &rarr; {@code MergedIterator} &rarr; RocksDB. Both readers take their state
 *       from a {@code ViewSource}: the {@code LogWriter} of an open log, or a {@code ReaderInstance} of
 *       a reader, either of which produces {@code ReadView}s; subscriptions are
 *       {@link io.rockwal.core.PollingSubscription}s reading through them.</li>
 *   <li><b>Resources and checks.</b> {@code StoreResources} owns every native object and the
 *       {@code StoreLock}; {@code StoreErrors} maps RocksDB statuses; {@code MetadataStore} reads and
 *       checks the metadata ({@code StoredMetadata}); {@code OpenCheck} decides refusals before a primary
 *       open; {@code StoreVerifier} and {@code StoreStatistics} answer for the reader.</li>
 * </ul>
 *
 * <h2>Threads and durability</h2>
 * Every public method of the log and the reader is thread-safe. One lock orders LSN assignment and
 * every RocksDB write; reads take it only to look at the buffer or to take a snapshot, so a replay
 * never blocks writers. No user code (a handler, a function chained on a future) runs while a lock of
 * the store is held. Closing waits for calls in flight.
 */
package io.rockwal.rocks;
