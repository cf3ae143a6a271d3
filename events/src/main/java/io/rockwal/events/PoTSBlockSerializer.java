package io.rockwal.events;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.rockwal.core.Operation;

/**
 * Kryo format of {@link PoTSBlockEvent}, version 1:
 *
 * <pre>
 * byte     format version, 1
 * varlong  blockNumber      (Kryo unsigned varint, 1-9 bytes, all 64 bits)
 * varlong  timestamp        (same; a negative value takes 9 bytes)
 * bytes    blockData        (varint length, then the bytes)
 * </pre>
 *
 * The operation is not in the payload: the log keeps it beside the entry, and {@link KryoCodec} hands
 * it to {@link #read} in the graph context under {@link KryoRegistry#ENTRY_OPERATION}.
 */
final class PoTSBlockSerializer extends Serializer<PoTSBlockEvent> {

    static final int FORMAT_VERSION = 1;

    /** Version byte, two varlongs of at most 9 bytes, a varint of at most 5. */
    static final int MAX_HEADER_BYTES = 1 + 9 + 9 + 5;

    PoTSBlockSerializer() {
        super(false, true);
    }

    static int sizeHint(PoTSBlockEvent event) {
        return MAX_HEADER_BYTES + event.blockDataSize();
    }

    @Override
    public void write(Kryo kryo, Output output, PoTSBlockEvent event) {
        output.writeByte(FORMAT_VERSION);
        output.writeVarLong(event.blockNumber(), true);
        output.writeVarLong(event.timestamp(), true);
        KryoFields.writeBytes(output, event.blockDataNoCopy());
    }

    @Override
    public PoTSBlockEvent read(Kryo kryo, Input input, Class<? extends PoTSBlockEvent> type) {
        if (!(KryoRegistry.graphContext(kryo).get(KryoRegistry.ENTRY_OPERATION) instanceof Operation operation)) {
            throw new KryoException("PoTSBlockEvent is read without the entry's operation");
        }
        KryoFields.checkVersion(input, FORMAT_VERSION, "PoTSBlockEvent");
        long blockNumber = input.readVarLong(true);
        long timestamp = input.readVarLong(true);
        byte[] blockData = KryoFields.readBytes(input, "blockData");
        return new PoTSBlockEvent(operation, blockNumber, blockData, timestamp);
    }
}
