package io.rockwal.events;

import io.rockwal.core.Event;
import io.rockwal.core.Operation;
import io.rockwal.core.WalType;
import java.util.Arrays;
import java.util.Objects;

/**
 * A finalised block received during the PoTS collection window, logged under {@link WalType#POTS}. The
 * block is opaque bytes (the original stores the JSON of a {@code ZKBlock}); its number is kept beside it
 * so that an index by block number can be rebuilt without parsing the blocks.
 *
 * <p>Immutable: the block data is copied in and {@link #blockData()} returns a copy. Equality, hash code
 * and {@link #toString()} go by content: two events are equal when the operation, the numbers and every
 * byte of the block data are equal; {@code toString} prints the data's size, not the data.
 *
 * <p>The block number is a uint64 in the original and is kept bit for bit: above {@link Long#MAX_VALUE}
 * it reads as a negative {@code long} (see {@link Long#toUnsignedString(long)}).
 *
 * @param operation what the event did
 * @param blockNumber the block's number, unsigned
 * @param blockData the block, opaque; copied
 * @param timestamp when the node received the block, as it set it; the log does not interpret it
 */
public record PoTSBlockEvent(Operation operation, long blockNumber, byte[] blockData, long timestamp) implements Event {

    /**
     * Checks the components and copies the block data.
     *
     * @throws NullPointerException if {@code operation} or {@code blockData} is null; the message names it
     */
    public PoTSBlockEvent {
        Objects.requireNonNull(operation, "operation");
        blockData = Objects.requireNonNull(blockData, "blockData").clone();
    }

    /** Always {@link WalType#POTS}. */
    @Override
    public WalType type() {
        return WalType.POTS;
    }

    /** A copy of the block data. */
    @Override
    public byte[] blockData() {
        return blockData.clone();
    }

    /** The block data's length in bytes, without copying it. */
    public int blockDataSize() {
        return blockData.length;
    }

    /** The block data itself, for the codec in this package; callers must not modify it. */
    byte[] blockDataNoCopy() {
        return blockData;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PoTSBlockEvent that
                && operation == that.operation
                && blockNumber == that.blockNumber
                && timestamp == that.timestamp
                && Arrays.equals(blockData, that.blockData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(operation, blockNumber, timestamp, Arrays.hashCode(blockData));
    }

    @Override
    public String toString() {
        return "PoTSBlockEvent[operation=" + operation + ", blockNumber=" + Long.toUnsignedString(blockNumber)
                + ", blockData=" + blockData.length + " bytes, timestamp=" + timestamp + "]";
    }
}
