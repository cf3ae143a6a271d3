package io.rockwal.events;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.util.ObjectMap;
import com.esotericsoftware.kryo.util.Pool;

/**
 * The Kryo configuration of the plain records and the pool of Kryo instances that the codecs share.
 *
 * <p>A {@link Kryo} is not thread-safe; the pool hands each caller its own until it gives it back.
 * Every instance requires registration, so it refuses to write or read any class not registered here,
 * and every registered class has its hand-written serializer and fixed id from {@link CodecIds}: no
 * class is ever serialized by reflection.
 */
final class KryoRegistry {

    /**
     * Key of the graph context entry that holds the {@link io.rockwal.core.Operation} of the entry being
     * decoded, for serializers whose event carries the operation (it is not in the payload).
     */
    static final Object ENTRY_OPERATION = new Object();

    /** Kryo's graph context (cleared after each object graph), typed: Kryo's API returns it raw. */
    @SuppressWarnings("unchecked")
    static ObjectMap<Object, Object> graphContext(Kryo kryo) {
        return kryo.getGraphContext();
    }

    /**
     * Deepest nesting of Kryo objects a read may reach. The serializers here read flat records (the
     * batch's accounts are read inline), so depth 1 is all they need; the limit stops a future nested
     * serializer from recursing without bound on corrupt input.
     */
    static final int MAX_DEPTH = 4;

    /** Idle instances kept for reuse; more may exist while many threads encode at once. */
    static final int POOL_CAPACITY = 16;

    private static final Pool<Kryo> POOL = new Pool<>(true, false, POOL_CAPACITY) {
        @Override
        protected Kryo create() {
            return newKryo();
        }
    };

    private KryoRegistry() {}

    /** An instance for the calling thread's exclusive use; give it back with {@link #release}. */
    static Kryo obtain() {
        return POOL.obtain();
    }

    /**
     * Returns an instance to the pool. Only an instance whose last operation completed normally may be
     * returned; after a failure, drop it instead, since its state is unknown.
     */
    static void release(Kryo kryo) {
        POOL.free(kryo);
    }

    /** A new, fully configured instance; the pool makes these. */
    static Kryo newKryo() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        kryo.setMaxDepth(MAX_DEPTH);
        kryo.register(ReconciliationEvent.class, new ReconciliationSerializer(), CodecIds.KRYO_RECONCILIATION);
        kryo.register(
                ReconciliationBatchEvent.class,
                new ReconciliationBatchSerializer(),
                CodecIds.KRYO_RECONCILIATION_BATCH);
        kryo.register(PoTSBlockEvent.class, new PoTSBlockSerializer(), CodecIds.KRYO_POTS_BLOCK);
        return kryo;
    }
}
