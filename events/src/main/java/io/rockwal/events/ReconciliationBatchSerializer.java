package io.rockwal.events;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.List;

/**
 * Kryo format of {@link ReconciliationBatchEvent}, version 1:
 *
 * <pre>
 * byte     format version, 1
 * varlong  timestamp        (Kryo unsigned varint, 1-9 bytes)
 * varint   account count
 * then per account, in order:
 *   string   accountAddress (varint UTF-8 byte count, then the bytes)
 *   string   newBalance
 *   varlong  nonce          (unsigned, all 64 bits)
 * </pre>
 *
 * An account takes at least {@value #MIN_ACCOUNT_BYTES} bytes, which bounds the count a reader accepts
 * by the bytes left. The accounts are written inline, not as Kryo objects: no per-account class or
 * reference bookkeeping.
 */
final class ReconciliationBatchSerializer extends Serializer<ReconciliationBatchEvent> {

    static final int FORMAT_VERSION = 1;
    static final int MIN_ACCOUNT_BYTES = 3;

    ReconciliationBatchSerializer() {
        super(false, true);
    }

    /** An upper-bound guess of the encoded size for ASCII text, to size the output buffer once. */
    static int sizeHint(ReconciliationBatchEvent event) {
        long size = 16;
        for (ReconciliationBatchEntry account : event.accounts()) {
            size += account.accountAddress().length() + account.newBalance().length() + 16;
        }
        return (int) Math.min(size, Integer.MAX_VALUE);
    }

    @Override
    public void write(Kryo kryo, Output output, ReconciliationBatchEvent event) {
        output.writeByte(FORMAT_VERSION);
        output.writeVarLong(event.timestamp(), true);
        List<ReconciliationBatchEntry> accounts = event.accounts();
        output.writeVarInt(accounts.size(), true);
        for (ReconciliationBatchEntry account : accounts) {
            KryoFields.writeString(output, account.accountAddress(), "accountAddress");
            KryoFields.writeString(output, account.newBalance(), "newBalance");
            output.writeVarLong(account.nonce(), true);
        }
    }

    @Override
    public ReconciliationBatchEvent read(Kryo kryo, Input input, Class<? extends ReconciliationBatchEvent> type) {
        KryoFields.checkVersion(input, FORMAT_VERSION, "ReconciliationBatchEvent");
        long timestamp = input.readVarLong(true);
        int count = KryoFields.readLength(input, MIN_ACCOUNT_BYTES, "accounts");
        List<ReconciliationBatchEntry> accounts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String accountAddress = KryoFields.readString(input, "accountAddress");
            String newBalance = KryoFields.readString(input, "newBalance");
            long nonce = input.readVarLong(true);
            accounts.add(new ReconciliationBatchEntry(accountAddress, newBalance, nonce));
        }
        return new ReconciliationBatchEvent(accounts, timestamp);
    }
}
