package io.rockwal.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.rockwal.core.Event;
import io.rockwal.core.EventCodecException;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import org.junit.jupiter.api.Test;

class KryoRegistryTest {

    private static final WalType CUSTOM = WalType.of("test:unregistered");

    /** A class the registry does not know. */
    record UnregisteredEvent(long value) implements Event {
        @Override
        public WalType type() {
            return CUSTOM;
        }

        @Override
        public Operation operation() {
            return Operation.APPEND;
        }
    }

    @Test
    void pooledKryoRefusesToWriteAnUnregisteredClass() {
        Kryo kryo = KryoRegistry.obtain();

        assertThatThrownBy(() -> kryo.writeObject(new Output(64, 1024), new UnregisteredEvent(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> kryo.writeClassAndObject(new Output(64, 1024), new UnregisteredEvent(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pooledKryoRefusesToReadAnUnregisteredClass() {
        Kryo kryo = KryoRegistry.obtain();

        assertThatThrownBy(() -> kryo.readObject(new Input(new byte[] {1, 2, 3}), UnregisteredEvent.class))
                .isInstanceOf(IllegalArgumentException.class);
        // class id 99 + 2 (Kryo writes ids shifted by two): no class is registered under it
        assertThatThrownBy(() -> kryo.readClassAndObject(new Input(new byte[] {101, 0, 0})))
                .isInstanceOf(KryoException.class);
    }

    @Test
    void kryoCodecForAnUnregisteredClassFailsWithACodecException() {
        KryoCodec<UnregisteredEvent> codec = new KryoCodec<>(1_001, CUSTOM, UnregisteredEvent.class, event -> 16);
        WalEntry entry = new WalEntry(12, CUSTOM, Operation.APPEND, 0, 1_001, new byte[] {1, 0});

        assertThatThrownBy(() -> codec.encode(new UnregisteredEvent(1)))
                .isInstanceOfSatisfying(EventCodecException.class, e -> {
                    assertThat(e.codecId()).isEqualTo(1_001);
                    assertThat(e.lsn()).isEqualTo(EventCodecException.NO_LSN);
                    assertThat(e).hasCauseInstanceOf(IllegalArgumentException.class);
                });
        assertThatThrownBy(() -> codec.decode(entry)).isInstanceOfSatisfying(EventCodecException.class, e -> {
            assertThat(e.codecId()).isEqualTo(1_001);
            assertThat(e.lsn()).isEqualTo(12);
            assertThat(e.type()).isEqualTo(CUSTOM);
            assertThat(e).hasCauseInstanceOf(IllegalArgumentException.class);
        });
    }

    @Test
    void everyRecordIsRegisteredUnderItsFixedIdWithItsHandWrittenSerializer() {
        Kryo kryo = KryoRegistry.newKryo();

        assertThat(kryo.getRegistration(ReconciliationEvent.class).getId()).isEqualTo(20);
        assertThat(kryo.getRegistration(ReconciliationBatchEvent.class).getId()).isEqualTo(21);
        assertThat(kryo.getRegistration(PoTSBlockEvent.class).getId()).isEqualTo(22);
        assertThat(kryo.getRegistration(ReconciliationEvent.class).getSerializer())
                .isInstanceOf(ReconciliationSerializer.class);
        assertThat(kryo.getRegistration(ReconciliationBatchEvent.class).getSerializer())
                .isInstanceOf(ReconciliationBatchSerializer.class);
        assertThat(kryo.getRegistration(PoTSBlockEvent.class).getSerializer()).isInstanceOf(PoTSBlockSerializer.class);
    }

    @Test
    void pooledInstancesRequireRegistrationAndKeepNoReferences() {
        Kryo kryo = KryoRegistry.obtain();

        assertThat(kryo.isRegistrationRequired()).isTrue();
        assertThat(kryo.getReferences()).isFalse();
        KryoRegistry.release(kryo);
    }

    @Test
    void serializerReadsPoTSBlockOnlyWithTheEntryOperation() {
        Kryo kryo = KryoRegistry.newKryo();
        Output output = new Output(64, 1024);
        kryo.writeObject(output, EventFixtures.potsBlock());

        assertThatThrownBy(() -> kryo.readObject(new Input(output.toBytes()), PoTSBlockEvent.class))
                .isInstanceOf(KryoException.class);
    }
}
