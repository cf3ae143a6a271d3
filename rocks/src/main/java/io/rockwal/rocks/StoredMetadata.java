package io.rockwal.rocks;

import io.rockwal.core.LsnMetadata;
import java.util.List;

/**
 * The metadata column family as read ({@link MetadataStore}), after its checks (format invariant 6).
 *
 * @param formatVersion the store format version on disk
 * @param lsns the LSN state; its last LSN equals its last flushed LSN, since nothing stored is buffered
 * @param checkpoints the checkpoint LSNs, oldest first
 */
record StoredMetadata(int formatVersion, LsnMetadata lsns, List<Long> checkpoints) {

    StoredMetadata {
        checkpoints = List.copyOf(checkpoints);
    }
}
