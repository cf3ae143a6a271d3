package io.rockwal.rocks;

import io.rockwal.core.EncodedEvent;

/**
 * An encoded event with the time it was written, as the facade hands it to the writer or to the
 * group committer: the plain request of the write path.
 *
 * @param event the encoded event
 * @param timestampMillis the entry's timestamp, ms since the epoch
 */
record StampedEvent(EncodedEvent event, long timestampMillis) {}
