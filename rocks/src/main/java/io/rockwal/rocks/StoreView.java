package io.rockwal.rocks;

import io.rockwal.core.EntryCursor;
import io.rockwal.core.EntryHandler;
import io.rockwal.core.EventLogView;
import io.rockwal.core.Subscription;
import io.rockwal.core.WalType;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the two public views of a store, {@link RocksEventLog} and {@link RocksEventLogReader}, do
 * alike: every call passes the view's {@link Lifecycle} guard, the one-type and every-type overloads
 * of cursors and subscriptions meet in one method, and a replay holds the guard throughout, so that
 * {@code close} waits for it and a handler that closes the view is refused.
 */
abstract class StoreView implements EventLogView {

    /** The guard of this view's public methods. */
    final Lifecycle lifecycle;

    StoreView(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public final EntryCursor cursor(long fromLsn) {
        return openCursor(null, fromLsn);
    }

    @Override
    public final EntryCursor cursor(WalType type, long fromLsn) {
        return openCursor(Objects.requireNonNull(type, "type"), fromLsn);
    }

    /** A cursor over one type, or every type when {@code typeOrAll} is null. */
    abstract EntryCursor openCursor(WalType typeOrAll, long fromLsn);

    @Override
    public final Subscription subscribe(long fromLsn, EntryHandler handler) {
        return startSubscription(null, fromLsn, handler);
    }

    @Override
    public final Subscription subscribe(WalType type, long fromLsn, EntryHandler handler) {
        return startSubscription(Objects.requireNonNull(type, "type"), fromLsn, handler);
    }

    /** A subscription to one type, or every type when {@code typeOrAll} is null. */
    abstract Subscription startSubscription(WalType typeOrAll, long fromLsn, EntryHandler handler);

    @Override
    public final void replay(EntryHandler handler) {
        Objects.requireNonNull(handler, "handler");
        run(() -> EventLogView.super.replay(handler));
    }

    @Override
    public final void replay(WalType type, EntryHandler handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        run(() -> EventLogView.super.replay(type, handler));
    }

    final <T> T guarded(Supplier<T> call) {
        lifecycle.enter();
        try {
            return call.get();
        } finally {
            lifecycle.exit();
        }
    }

    final void run(Runnable call) {
        lifecycle.enter();
        try {
            call.run();
        } finally {
            lifecycle.exit();
        }
    }
}
