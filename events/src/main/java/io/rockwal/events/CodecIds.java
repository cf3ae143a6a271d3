package io.rockwal.events;

/**
 * The stable identifiers of this module, in one table. Each number is stored on disk (codec ids with
 * every entry) or fixed in a Kryo registry, so a number, once used, belongs to its codec or class forever:
 * renaming a class changes nothing here, and a retired number is listed as retired, never given again.
 *
 * <p>Codec ids 1 to 999 are reserved for rockwal ({@link io.rockwal.core.EventCodec#FIRST_CUSTOM_ID}
 * starts a node's own).
 *
 * <pre>
 * codec id  event class               type                encoding
 * --------  ------------------------  ------------------  ---------------------------------------------
 *        1  HeaderSyncEvent           wal:headersync      protobuf headersync.HeaderSyncResponse
 *        2  MerkleSyncEvent           wal:merklesync      protobuf merkle.MerkleMessage
 *        3  PriorSyncEvent            wal:priorsync       protobuf priorsync.PriorSyncMessage
 *        4  DataSyncEvent             wal:datasync        protobuf datasync.DataSyncResponse
 *        5  AccountSyncEvent          wal:accountsync     protobuf accounts.AccountSyncResponse
 *        6  ReconciliationEvent       wal:reconciliation  Kryo, ReconciliationSerializer
 *        7  ReconciliationBatchEvent  wal:reconciliation  Kryo, ReconciliationBatchSerializer
 *        8  PoTSBlockEvent            wal:pots            Kryo, PoTSBlockSerializer
 *    9-999  unassigned, reserved for rockwal
 * retired: none yet
 * </pre>
 *
 * <p>Kryo registration ids: Kryo itself takes 0 to 9 for primitives and {@code String}. The payloads do
 * not carry these ids (a codec id already names the class, so the codecs write with
 * {@code writeObject} and a known class); they are fixed anyway so that a registration never depends on
 * the order of the calls that make it.
 *
 * <pre>
 * kryo id  class
 * -------  -------------------------
 *      20  ReconciliationEvent
 *      21  ReconciliationBatchEvent
 *      22  PoTSBlockEvent
 * retired: none yet
 * </pre>
 */
final class CodecIds {

    static final int HEADER_SYNC = 1;
    static final int MERKLE_SYNC = 2;
    static final int PRIOR_SYNC = 3;
    static final int DATA_SYNC = 4;
    static final int ACCOUNT_SYNC = 5;
    static final int RECONCILIATION = 6;
    static final int RECONCILIATION_BATCH = 7;
    static final int POTS_BLOCK = 8;

    static final int KRYO_RECONCILIATION = 20;
    static final int KRYO_RECONCILIATION_BATCH = 21;
    static final int KRYO_POTS_BLOCK = 22;

    private CodecIds() {}
}
