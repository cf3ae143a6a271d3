package io.rockwal.tests.tool;

import com.google.protobuf.ByteString;
import io.rockwal.core.Event;
import io.rockwal.core.Operation;
import io.rockwal.events.AccountSyncEvent;
import io.rockwal.events.DataSyncEvent;
import io.rockwal.events.HeaderSyncEvent;
import io.rockwal.events.MerkleSyncEvent;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.events.PriorSyncEvent;
import io.rockwal.events.ReconciliationBatchEntry;
import io.rockwal.events.ReconciliationBatchEvent;
import io.rockwal.events.ReconciliationEvent;
import io.rockwal.events.proto.Account;
import io.rockwal.events.proto.AccountSyncResponse;
import io.rockwal.events.proto.DataSyncResponse;
import io.rockwal.events.proto.Header;
import io.rockwal.events.proto.HeaderSyncResponse;
import io.rockwal.events.proto.MerkleMessage;
import io.rockwal.events.proto.MerkleSnapshot;
import io.rockwal.events.proto.NonHeaders;
import io.rockwal.events.proto.PriorSync;
import io.rockwal.events.proto.PriorSyncMessage;
import io.rockwal.rocks.RocksEventLog;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The writer a process test runs the tool against: a separate JVM that holds a store open, as a node
 * does. It writes one entry of every event class, flushes, and then follows commands on stdin until
 * stdin closes or it is killed, acknowledging on stdout only what has returned:
 *
 * <pre>
 * (at start)          FLUSHED lsn   entries 1..8 were written and flushed
 * write N             FLUSHED lsn   N more entries, cycling through the eight classes, flushed
 * write-restart N     FLUSHED lsn   the same, then close and reopen: the close flushes RocksDB's
 *                                   memtables right after the flush, the case of rocksdb issue 15051
 * checkpoint          CHECKPOINT lsn
 * </pre>
 *
 * The entry at LSN {@code n} is {@link #event(long)} of {@code n}.
 */
public final class LiveWriter {

    private LiveWriter() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PrintStream out = System.out;
        RocksEventLog log = RocksEventLog.open(dir, 0);
        try {
            write(log, 8);
            say(out, "FLUSHED " + log.lastFlushedLsn());
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = commands.readLine()) != null) {
                String[] words = line.trim().split(" ");
                switch (words[0]) {
                    case "write" -> {
                        write(log, Integer.parseInt(words[1]));
                        say(out, "FLUSHED " + log.lastFlushedLsn());
                    }
                    case "write-restart" -> {
                        write(log, Integer.parseInt(words[1]));
                        log.close();
                        log = RocksEventLog.open(dir, 0);
                        say(out, "FLUSHED " + log.lastFlushedLsn());
                    }
                    case "checkpoint" -> say(out, "CHECKPOINT " + log.createCheckpoint());
                    default -> throw new IllegalArgumentException("unknown command: " + line);
                }
            }
        } finally {
            log.close();
        }
    }

    private static void write(RocksEventLog log, int count) {
        for (int i = 0; i < count; i++) {
            log.write(event(log.lastLsn() + 1));
        }
        log.flush();
    }

    /** The event written at LSN {@code lsn}: its class is {@code (lsn - 1) mod 8} in codec id order. */
    static Event event(long lsn) {
        ByteString hash = ByteString.copyFrom(new byte[] {0, (byte) lsn, (byte) (lsn >> 8), (byte) 0xee});
        return switch ((int) ((lsn - 1) % 8)) {
            case 0 ->
                new HeaderSyncEvent(
                        Operation.DOWNLOAD,
                        HeaderSyncResponse.newBuilder()
                                .addHeader(Header.newBuilder()
                                        .setBlockNumber(lsn)
                                        .setBlockHash(hash)
                                        .setStatus("finalized"))
                                .build());
            case 1 ->
                new MerkleSyncEvent(
                        Operation.SYNC,
                        MerkleMessage.newBuilder()
                                .setSnapshot(MerkleSnapshot.newBuilder()
                                        .setTotalBlocks(lsn)
                                        .addInChunkElems(hash))
                                .build());
            case 2 ->
                new PriorSyncEvent(
                        Operation.REQUEST,
                        PriorSyncMessage.newBuilder()
                                .setPriorsync(PriorSync.newBuilder()
                                        .setBlocknumber(lsn)
                                        .setBlockhash(hash))
                                .build());
            case 3 ->
                new DataSyncEvent(
                        Operation.DOWNLOAD,
                        DataSyncResponse.newBuilder()
                                .addData(NonHeaders.newBuilder().setBlockNumber(lsn))
                                .build());
            case 4 ->
                new AccountSyncEvent(
                        Operation.DOWNLOAD,
                        AccountSyncResponse.newBuilder()
                                .addAccounts(
                                        Account.newBuilder().setAddress(hash).setBalance(Long.toString(lsn)))
                                .build());
            case 5 -> new ReconciliationEvent("0x" + lsn, "1", "2", lsn, lsn);
            case 6 -> new ReconciliationBatchEvent(List.of(new ReconciliationBatchEntry("0x" + lsn, "3", lsn)), lsn);
            default ->
                new PoTSBlockEvent(
                        Operation.APPEND,
                        lsn,
                        ("{\"block_number\":" + lsn + "}").getBytes(StandardCharsets.UTF_8),
                        lsn);
        };
    }

    private static void say(PrintStream out, String line) {
        out.println(line);
        out.flush();
    }
}
