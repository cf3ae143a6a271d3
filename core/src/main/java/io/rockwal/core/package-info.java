/**
 * The rockwal event log API: what a node writes ({@link io.rockwal.core.Event}), what it reads back
 * ({@link io.rockwal.core.WalEntry}), the reads every log and reader share
 * ({@link io.rockwal.core.EventLogView}), the log itself ({@link io.rockwal.core.EventLog}), how events
 * become bytes ({@link io.rockwal.core.EventCodec}, {@link io.rockwal.core.EventCatalog}, and
 * {@link io.rockwal.core.EventCatalogProvider} for a node's codecs in tools), and the exceptions every
 * implementation throws.
 *
 * <h2>Contract shared by every implementation</h2>
 * <ul>
 *   <li><b>LSNs.</b> Every entry gets a log sequence number (LSN) from one counter shared by all types.
 *       LSNs start at 1 and are contiguous: the entries kept by the log always hold every LSN from
 *       {@link io.rockwal.core.LsnMetadata#firstRetainedLsn()} to {@link io.rockwal.core.EventLogView#lastLsn()}.</li>
 *   <li><b>Durability.</b> {@code write} buffers; an entry is durable once a flush that covers it has
 *       returned (the buffer is flushed when it holds the batch size, and on {@code flush},
 *       {@code createCheckpoint}, {@code truncateBefore} and {@code close}). A flush is atomic: after a
 *       crash the log holds all of a flushed batch or none of it, together with its metadata.</li>
 *   <li><b>Crash.</b> An entry whose {@code write} returned but that no flush covered is lost in a crash,
 *       and its LSN is handed out again after the restart: the next LSN always follows the last durable
 *       one, so the log stays contiguous. Refer to an LSN from outside the log (for example in the
 *       node's database) only once it is durable.</li>
 *   <li><b>Reads.</b> {@code get} and {@code replay} see every entry whose {@code write} returned,
 *       flushed or not, until it is truncated. A reader of a store another process writes sees what
 *       that process had flushed when the reader last caught up.</li>
 *   <li><b>Threads.</b> Every method may be called from any thread. Concurrent writers get unique,
 *       contiguous LSNs; readers run beside writers; a replay handler may itself write to the log.
 *       No callback (a replay or subscription handler, a function chained on a {@code writeAsync}
 *       future) runs while the log holds one of its locks.</li>
 *   <li><b>Errors.</b> All failures are unchecked subclasses of {@link io.rockwal.core.EventLogException},
 *       named for what happened; absence is {@link java.util.Optional#empty()}. Invalid arguments throw
 *       {@link java.lang.IllegalArgumentException} or {@link java.lang.NullPointerException} and change
 *       nothing.</li>
 * </ul>
 */
package io.rockwal.core;
