/**
 * The node's events, their payload encodings and the standard catalogue.
 *
 * <h2>Events and encodings</h2>
 * Each event class has one codec, whose id is stored with every entry and chooses the codec that
 * decodes it. The operation is never part of a payload: the log keeps it beside, and decoding takes it
 * from the entry.
 * <ul>
 *   <li><b>Protobuf.</b> {@link io.rockwal.events.HeaderSyncEvent}, {@link io.rockwal.events.MerkleSyncEvent},
 *       {@link io.rockwal.events.PriorSyncEvent}, {@link io.rockwal.events.DataSyncEvent} and
 *       {@link io.rockwal.events.AccountSyncEvent} store the protobuf bytes of the message they carry,
 *       exactly as the original node's peers exchange them: the {@code .proto} files of this module keep
 *       the original's packages, field numbers and wire types (generated Java classes are in
 *       {@code io.rockwal.events.proto}). Decoding is bounded in size and nesting depth; see
 *       {@link io.rockwal.events.ProtobufEventCodec}, which a node can also use for its own types.</li>
 *   <li><b>Kryo.</b> {@link io.rockwal.events.ReconciliationEvent},
 *       {@link io.rockwal.events.ReconciliationBatchEvent} and {@link io.rockwal.events.PoTSBlockEvent}
 *       are written by hand-written Kryo serializers: a format version byte, then every field in a fixed
 *       order (strings as length-prefixed UTF-8, integers as Kryo varints, byte arrays length-prefixed).
 *       Kryo requires registration, so it refuses any class it was not configured for; every length read
 *       is checked against the bytes left before anything is allocated; a payload must be exactly one
 *       record, with no bytes after it.</li>
 * </ul>
 *
 * <h2>Codec ids</h2>
 * Stable on-disk identifiers. Ids 1 to 999 are reserved for rockwal; a retired id stays reserved and is
 * never given to another codec. A node's own codecs use 1000 and up.
 * <table>
 *   <caption>Standard codecs</caption>
 *   <tr><th>id</th><th>event</th><th>type</th><th>payload</th></tr>
 *   <tr><td>1</td><td>HeaderSyncEvent</td><td>wal:headersync</td>
 *       <td>protobuf {@code headersync.HeaderSyncResponse}</td></tr>
 *   <tr><td>2</td><td>MerkleSyncEvent</td><td>wal:merklesync</td>
 *       <td>protobuf {@code merkle.MerkleMessage}</td></tr>
 *   <tr><td>3</td><td>PriorSyncEvent</td><td>wal:priorsync</td>
 *       <td>protobuf {@code priorsync.PriorSyncMessage}</td></tr>
 *   <tr><td>4</td><td>DataSyncEvent</td><td>wal:datasync</td>
 *       <td>protobuf {@code datasync.DataSyncResponse}</td></tr>
 *   <tr><td>5</td><td>AccountSyncEvent</td><td>wal:accountsync</td>
 *       <td>protobuf {@code accounts.AccountSyncResponse}</td></tr>
 *   <tr><td>6</td><td>ReconciliationEvent</td><td>wal:reconciliation</td><td>Kryo, format version 1</td></tr>
 *   <tr><td>7</td><td>ReconciliationBatchEvent</td><td>wal:reconciliation</td><td>Kryo, format version 1</td></tr>
 *   <tr><td>8</td><td>PoTSBlockEvent</td><td>wal:pots</td><td>Kryo, format version 1</td></tr>
 * </table>
 * No id is retired yet. Golden byte vectors in this module's tests pin each codec's output.
 *
 * <h2>Errors and threads</h2>
 * Every decoding failure (garbage, truncated bytes, trailing bytes, an unknown format version, a length
 * beyond the bytes left or beyond {@link io.rockwal.core.EventLog#MAX_PAYLOAD_BYTES}, an entry of another
 * codec) is an {@link io.rockwal.core.EventCodecException} naming the entry's type, LSN and codec id.
 * Encoding fails the same way, without an LSN. Events are immutable, and codecs, the catalogue and
 * {@link io.rockwal.events.EventFactory} are safe to use from any thread.
 */
package io.rockwal.events;
