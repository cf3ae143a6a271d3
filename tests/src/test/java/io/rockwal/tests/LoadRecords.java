package io.rockwal.tests;

import io.rockwal.core.WalEntry;
import java.util.Arrays;

/** What {@link LoadIT}'s threads remember while the load runs, in primitive arrays so long runs stay small. */
final class LoadRecords {

    private LoadRecords() {}

    /** A growable list of (long, long) pairs, owned by one thread until the threads are joined. */
    static final class LongPairs {
        long[] first = new long[1024];
        long[] second = new long[1024];
        int size;

        void add(long a, long b) {
            if (size == first.length) {
                first = Arrays.copyOf(first, size * 2);
                second = Arrays.copyOf(second, size * 2);
            }
            first[size] = a;
            second[size] = b;
            size++;
        }
    }

    /** Checks a subscription's deliveries as they come: LSNs 1, 2, 3... with nothing skipped or repeated. */
    static final class SubscriptionCheck {
        long[] digests = new long[1024];
        volatile long nextLsn = 1;
        volatile String failure;

        void accept(WalEntry entry) {
            if (entry.lsn() != nextLsn && failure == null) {
                failure = "expected LSN " + nextLsn + ", was given " + entry.lsn();
                throw new AssertionError(failure);
            }
            if (entry.lsn() >= digests.length) {
                digests = Arrays.copyOf(digests, (int) Math.max(entry.lsn() + 1, digests.length * 2L));
            }
            digests[(int) entry.lsn()] =
                    LoadIT.digest(entry.type(), entry.operation().ordinal(), entry.codecId(), entry.payload());
            nextLsn = entry.lsn() + 1;
        }
    }
}
