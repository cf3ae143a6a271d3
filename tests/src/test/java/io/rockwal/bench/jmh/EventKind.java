package io.rockwal.bench.jmh;

import io.rockwal.core.Event;
import io.rockwal.testkit.SampleEvents;

/**
 * The eight standard event classes, in the order {@link SampleEvents#of(long)} cycles through them; a
 * kind's sample is always the same event (its content follows from the seed), so runs measure the
 * same work.
 */
public enum EventKind {
    HEADER_SYNC,
    MERKLE_SYNC,
    PRIOR_SYNC,
    DATA_SYNC,
    ACCOUNT_SYNC,
    RECONCILIATION,
    RECONCILIATION_BATCH,
    POTS_BLOCK;

    /** The fixed sample of this kind. */
    Event sample() {
        return SampleEvents.of(ordinal());
    }
}
