package io.rockwal.events;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Kryo format of {@link ReconciliationEvent}, version 1:
 *
 * <pre>
 * byte     format version, 1
 * string   accountAddress   (varint UTF-8 byte count, then the bytes)
 * string   oldBalance
 * string   newBalance
 * varlong  nonce            (Kryo unsigned varint, 1-9 bytes, all 64 bits)
 * varlong  timestamp        (same; a negative value takes 9 bytes)
 * </pre>
 *
 * A new layout gets a new version number and this class keeps reading the old ones.
 */
final class ReconciliationSerializer extends Serializer<ReconciliationEvent> {

    static final int FORMAT_VERSION = 1;

    ReconciliationSerializer() {
        super(false, true);
    }

    /** An upper-bound guess of the encoded size for ASCII text, to size the output buffer once. */
    static int sizeHint(ReconciliationEvent event) {
        return 32
                + event.accountAddress().length()
                + event.oldBalance().length()
                + event.newBalance().length();
    }

    @Override
    public void write(Kryo kryo, Output output, ReconciliationEvent event) {
        output.writeByte(FORMAT_VERSION);
        KryoFields.writeString(output, event.accountAddress(), "accountAddress");
        KryoFields.writeString(output, event.oldBalance(), "oldBalance");
        KryoFields.writeString(output, event.newBalance(), "newBalance");
        output.writeVarLong(event.nonce(), true);
        output.writeVarLong(event.timestamp(), true);
    }

    @Override
    public ReconciliationEvent read(Kryo kryo, Input input, Class<? extends ReconciliationEvent> type) {
        KryoFields.checkVersion(input, FORMAT_VERSION, "ReconciliationEvent");
        String accountAddress = KryoFields.readString(input, "accountAddress");
        String oldBalance = KryoFields.readString(input, "oldBalance");
        String newBalance = KryoFields.readString(input, "newBalance");
        long nonce = input.readVarLong(true);
        long timestamp = input.readVarLong(true);
        return new ReconciliationEvent(accountAddress, oldBalance, newBalance, nonce, timestamp);
    }
}
