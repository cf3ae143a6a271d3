package io.rockwal.rocks;

import io.rockwal.core.Event;
import io.rockwal.core.EventCodec;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import java.nio.charset.StandardCharsets;

/** A node's own event type, as a node would add one: a text note under type {@code node:notes}. */
record NoteEvent(String text) implements Event {

    static final WalType TYPE = WalType.of("node:notes");

    @Override
    public WalType type() {
        return TYPE;
    }

    @Override
    public Operation operation() {
        return Operation.APPEND;
    }

    /** Codec 1000: the note's UTF-8 bytes. */
    static final class Codec implements EventCodec<NoteEvent> {
        @Override
        public int id() {
            return 1000;
        }

        @Override
        public WalType type() {
            return TYPE;
        }

        @Override
        public Class<NoteEvent> eventClass() {
            return NoteEvent.class;
        }

        @Override
        public byte[] encode(NoteEvent event) {
            return event.text().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public NoteEvent decode(WalEntry entry) {
            return new NoteEvent(new String(entry.payload(), StandardCharsets.UTF_8));
        }
    }
}
