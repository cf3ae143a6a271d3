/**
 * The {@code rockwal} command-line tool ({@link io.rockwal.rocks.tool.RockwalCli}): any entry by LSN,
 * replays, the last entry of a type, statistics, new entries as they arrive, a check of the on-disk
 * format, and a demo that writes a realistic store to try them on.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Read-only.</b> Every command but {@code demo} opens the store with
 *       {@link io.rockwal.rocks.RocksEventLogReader#open}: read-only when no writer holds it, as a RocksDB
 *       secondary instance while a node has it open, and catches up with the writer before answering.
 *       Nothing is written to the store's directory. {@code demo} is the only writer, through
 *       {@link io.rockwal.rocks.RocksEventLog}.</li>
 *   <li><b>No format knowledge.</b> Commands read through the reader's {@link io.rockwal.core.EventLogView}
 *       API (cursors for {@code replay}, a subscription for {@code tail}), and {@code verify} and
 *       {@code stats} print what {@link io.rockwal.rocks.RocksEventLogReader#verify} and
 *       {@link io.rockwal.rocks.RocksEventLogReader#statistics} answer: no class here knows a byte of the
 *       on-disk format.</li>
 *   <li><b>Output.</b> Answers go to stdout as JSON (one object, or JSON Lines) or a table; errors go to
 *       stderr as one line each; progress and the "how far the reader got" line go to stderr only when it
 *       is a terminal (or under {@code --verbose}). JSON is pure ASCII; bytes are lowercase hex; 64-bit
 *       integers inside events are decimal strings, as in the proto3 JSON mapping. The JSON is Gson's
 *       ({@code JsonText}).</li>
 *   <li><b>A node's types.</b> Payloads are decoded with the standard codecs and those of every
 *       {@link io.rockwal.core.EventCatalogProvider} on the class path that {@code --class-path} or
 *       {@code ROCKWAL_CLASSPATH} gives ({@code NodeCatalog}).</li>
 *   <li><b>Exit status.</b> 0 found or clean, 1 not found, 2 usage error, 3 corruption or I/O error;
 *       {@code tail} and {@code serve} end on Ctrl-C or SIGTERM with 130 or 143, their output flushed
 *       ({@code StopRequest}).</li>
 * </ul>
 *
 * <p>Unlike the store, this package may use protobuf classes: it decodes payloads to show them.
 */
package io.rockwal.rocks.tool;
