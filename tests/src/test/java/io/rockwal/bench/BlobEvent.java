package io.rockwal.bench;

import io.rockwal.core.Event;
import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventCodec;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import java.util.List;

/**
 * A benchmark event: opaque payload bytes under one of the seven standard types, so the store and raw
 * RocksDB store exactly the same payloads. Its codec copies the bytes; ids 1001..1007.
 */
record BlobEvent(WalType type, byte[] payload) implements Event {

    @Override
    public Operation operation() {
        return Operation.APPEND;
    }

    static EventCatalog catalog() {
        EventCatalog.Builder builder = EventCatalog.builder();
        List<WalType> types = WalType.standardTypes();
        for (int i = 0; i < types.size(); i++) {
            builder.add(new Codec(1001 + i, types.get(i)));
        }
        return builder.build();
    }

    private record Codec(int id, WalType type) implements EventCodec<BlobEvent> {
        @Override
        public Class<BlobEvent> eventClass() {
            return BlobEvent.class;
        }

        @Override
        public byte[] encode(BlobEvent event) {
            return event.payload();
        }

        @Override
        public BlobEvent decode(WalEntry entry) {
            return new BlobEvent(entry.type(), entry.payload());
        }
    }
}
