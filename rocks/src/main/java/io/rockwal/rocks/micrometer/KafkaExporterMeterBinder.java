package io.rockwal.rocks.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.rockwal.rocks.kafka.KafkaExporter;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Binds a {@link KafkaExporter}'s {@link KafkaExporter#status()} to a Micrometer registry; needs both
 * optional dependencies, micrometer-core and kafka-clients. The meter names are public API, listed in
 * the README; each carries the tags given here and {@code node}, the exporter's node id.
 *
 * <pre>{@code
 * new KafkaExporterMeterBinder(exporter, Tags.of("store", "wal")).bindTo(registry);
 * }</pre>
 */
public final class KafkaExporterMeterBinder implements MeterBinder {

    private final KafkaExporter exporter;
    private final Tags tags;

    /** Binds {@code exporter}'s meters, each tagged with {@code tags} and its node id. */
    public KafkaExporterMeterBinder(KafkaExporter exporter, Iterable<Tag> tags) {
        this.exporter = Objects.requireNonNull(exporter, "exporter");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags")).and("node", exporter.nodeId());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(
                registry,
                "rockwal.export.lsn.committed",
                "the last LSN committed to Kafka",
                status -> status.committedLsn());
        gauge(
                registry,
                "rockwal.export.lag",
                "entries flushed in the log, not yet committed to Kafka",
                KafkaExporter.Status::lagEntries);
        gauge(
                registry,
                "rockwal.export.state",
                "0 STARTING, 1 RUNNING, 2 RETRYING, 3 FAILED, 4 STOPPED",
                status -> stateCode(status.state()));
        counter(
                registry,
                "rockwal.export.entries",
                "entries committed to Kafka",
                KafkaExporter.Status::exportedEntries);
        counter(registry, "rockwal.export.transactions", "transactions committed", KafkaExporter.Status::transactions);
        counter(
                registry,
                "rockwal.export.gaps",
                "gap records written: truncations the export could not wait for",
                status -> status.gaps().size());
        counter(
                registry,
                "rockwal.export.gap.entries",
                "LSNs truncated before they were exported",
                KafkaExporter.Status::gapEntries);
    }

    /** The documented value of {@code rockwal.export.state}; never the enum's ordinal, which could move. */
    static int stateCode(KafkaExporter.State state) {
        return switch (state) {
            case STARTING -> 0;
            case RUNNING -> 1;
            case RETRYING -> 2;
            case FAILED -> 3;
            case STOPPED -> 4;
        };
    }

    private void gauge(
            MeterRegistry registry, String name, String description, ToDoubleFunction<KafkaExporter.Status> value) {
        Gauge.builder(name, exporter, e -> value.applyAsDouble(e.status()))
                .tags(tags)
                .description(description)
                .register(registry);
    }

    private void counter(
            MeterRegistry registry, String name, String description, ToDoubleFunction<KafkaExporter.Status> value) {
        FunctionCounter.builder(name, exporter, e -> value.applyAsDouble(e.status()))
                .tags(tags)
                .description(description)
                .register(registry);
    }
}
