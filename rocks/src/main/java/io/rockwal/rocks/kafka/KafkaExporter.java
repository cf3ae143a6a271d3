package io.rockwal.rocks.kafka;

import io.rockwal.core.EntryCursor;
import io.rockwal.core.EventLogException;
import io.rockwal.core.EventLogView;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.WalEntry;
import io.rockwal.rocks.RetentionHold;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Follows a log into Apache Kafka, exactly once: every flushed entry becomes one record of the node's
 * (format: {@link KafkaRecords}), in LSN order, in one partition, each LSN once.
 *
 * <pre>{@code
 * KafkaExporter exporter = KafkaExporter.builder(log, "kafka:9092", "rockwal", "node-7").build().start();
 * ...
 * exporter.close();
 * }</pre>
 *
 * <p><b>How it stays exactly once.</b> Entries go out in transactions of a transactional, idempotent
 * producer whose {@code transactional.id} is {@code rockwal-export-<node id>}. When it starts, and
 * again after any failure, it opens a new producer ({@code initTransactions} fences an older exporter
 * of the same node and aborts the transaction it left open), then reads back, with a
 * {@code read_committed} consumer, the last committed record of its node in the node's partition,
 * and goes on at the LSN after it. What the log has is the truth for the payloads, what Kafka has
 * committed the truth for the position; nothing is kept on the node's disk. Killing the exporter, a
 * broker restart or a network outage at any moment therefore ends, once it runs again, with every LSN
 * once, in order. Only entries the log has flushed are exported: an entry a crash could still lose
 * never reaches Kafka.
 *
 * <p><b>Gaps.</b> An entry truncated from the log before it was exported cannot be sent. The exporter
 * then writes one gap record naming the missing LSNs, logs a warning, lists the gap in
 * {@link #status()}, and goes on at the first retained LSN: never a silent skip.
 *
 * <p><b>Retention.</b> On a {@link RocksEventLog} (the exporter inside the node) the exporter holds the
 * log's retention ({@link RocksEventLog#holdRetention}): {@code truncateBefore} and checkpoint rotations
 * remove only what Kafka has committed and do the rest as the export catches up, unless the exporter
 * lags by more than {@link Builder#maxRetentionLag} entries (default 1,000,000): then the log truncates
 * as asked and the exporter reports the gap. On a {@link RocksEventLogReader} (another process) it
 * cannot hold the node's retention; a truncation ahead of it becomes a gap.
 *
 * <p><b>Failures.</b> A transient Kafka error (a broker away, a timeout) is retried after a back-off,
 * with the state {@link State#RETRYING} and the error in the status. A fenced producer (another exporter
 * of the same node id started; seen as a fenced producer, or as a lost producer epoch after which Kafka
 * holds records of the node this exporter did not commit) or an authorization error stops it:
 * {@link State#FAILED}. A lost epoch with no such records (the coordinator aborted a transaction that
 * outlived {@code transaction.timeout.ms}) is retried. The exporter
 * runs on a thread of its own; nothing of it runs on the caller's threads or under a lock of the log.
 */
public final class KafkaExporter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KafkaExporter.class.getName());
    private static final int RESUME_CHUNK = 256;
    private static final Duration PRODUCER_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration TOPIC_WAIT = Duration.ofSeconds(10);
    /** A transaction also ends once its payloads reach this size, whatever {@code transactionEntries} says. */
    static final long MAX_TRANSACTION_BYTES = 16L << 20;

    private static final Duration RESUME_TIMEOUT = Duration.ofSeconds(60);

    /** Where the exporter is. */
    public enum State {
        /** Started, not yet resumed from Kafka. */
        STARTING,
        /** Exporting, or waiting for entries. */
        RUNNING,
        /** A Kafka or log error happened; it retries after a back-off. */
        RETRYING,
        /** Stopped for good by an error that retrying cannot mend (see {@link Status#lastError()}). */
        FAILED,
        /** Closed. */
        STOPPED
    }

    /** LSNs truncated from the log before they were exported; {@code from..to}, both included. */
    public record Gap(long fromLsn, long toLsn) {}

    /**
     * A snapshot of the exporter.
     *
     * @param state where it is
     * @param committedLsn the last LSN committed to Kafka (0 before anything was)
     * @param logFlushedLsn the log's last flushed LSN when the exporter last looked: the lag is
     *     {@code logFlushedLsn - committedLsn} (at least 0)
     * @param exportedEntries entries this exporter committed since it started
     * @param transactions transactions it committed
     * @param gaps the gaps it met, oldest first
     * @param lastError the last error, or null
     * @param since when the state last changed
     */
    public record Status(
            State state,
            long committedLsn,
            long logFlushedLsn,
            long exportedEntries,
            long transactions,
            List<Gap> gaps,
            String lastError,
            Instant since) {

        /** Entries flushed in the log and not yet committed to Kafka, as of the exporter's last look. */
        public long lagEntries() {
            return Math.max(0, logFlushedLsn - committedLsn);
        }

        /** LSNs lost to truncation before they were exported, over every gap. */
        public long gapEntries() {
            return gaps.stream()
                    .mapToLong(gap -> gap.toLsn() - gap.fromLsn() + 1)
                    .sum();
        }
    }

    private final EventLogView log;
    private final String topic;
    private final String nodeId;
    private final byte[] key;
    private final Map<String, Object> producerConfig;
    private final Map<String, Object> consumerConfig;
    private final int transactionEntries;
    private final Duration pollInterval;
    private final Duration retryBackoff;
    private final Duration transactionLinger;
    private final long maxEntriesPerSecond;
    private final long startLsn;
    private final long maxRetentionLag;
    private final int pinnedPartition;
    private volatile RetentionHold hold;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closing;

    private final Object statusLock = new Object();
    private State state = State.STARTING;
    private long committedLsn;
    private volatile long logFlushedLsn;
    /** The last LSN a transaction of this exporter committed (-1: none yet); the export thread's own. */
    private long ownCommittedLsn = -1;
    /** The last error said the producer's epoch was bumped; the export thread's own. */
    private boolean epochLost;

    private long exportedEntries;
    private long transactions;
    private final List<Gap> gaps = new ArrayList<>();
    private String lastError;
    private Instant since = Instant.now();

    private KafkaExporter(Builder builder) {
        this.log = builder.log;
        this.topic = builder.topic;
        this.nodeId = builder.nodeId;
        this.key = nodeId.getBytes(StandardCharsets.UTF_8);
        this.transactionEntries = builder.transactionEntries;
        this.pollInterval = builder.pollInterval;
        this.retryBackoff = builder.retryBackoff;
        this.transactionLinger = builder.transactionLinger;
        this.maxEntriesPerSecond = builder.maxEntriesPerSecond;
        this.startLsn = builder.startLsn;
        this.maxRetentionLag = builder.maxRetentionLag;
        this.pinnedPartition = builder.partition;
        Map<String, Object> producer = new HashMap<>(builder.clientConfig);
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, builder.bootstrapServers);
        producer.putIfAbsent(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "rockwal-export-" + nodeId);
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.putAll(builder.producerOverrides);
        this.producerConfig = Map.copyOf(producer);
        Map<String, Object> consumer = new HashMap<>(builder.clientConfig);
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, builder.bootstrapServers);
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false); // a typo must not create a topic
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumerConfig = Map.copyOf(consumer);
        this.thread = new Thread(this::run, "rockwal-kafka-export-" + nodeId);
        this.thread.setDaemon(true);
    }

    /**
     * An exporter of {@code log} (a {@code RocksEventLog} in the node, or a {@link RocksEventLogReader}
     * in another process, which the exporter catches up before each look) into {@code topic}, which
     * must exist, as node {@code nodeId}.
     */
    public static Builder builder(EventLogView log, String bootstrapServers, String topic, String nodeId) {
        return new Builder(log, bootstrapServers, topic, nodeId);
    }

    /**
     * Starts the exporting thread; returns this. On a {@link RocksEventLog}, the retention hold is open
     * when this returns (nothing retained goes before it is exported, see the class documentation).
     *
     * @throws IllegalStateException if called twice
     */
    public KafkaExporter start() {
        if (thread.getState() != Thread.State.NEW) {
            throw new IllegalStateException("the exporter of node " + nodeId + " was started already");
        }
        if (log instanceof RocksEventLog node && maxRetentionLag > 0) {
            hold = node.holdRetention("the Kafka exporter of node " + nodeId, 0, maxRetentionLag);
        }
        thread.start();
        return this;
    }

    /** The node id: the records' key. */
    public String nodeId() {
        return nodeId;
    }

    /** Where the exporter is now. */
    public Status status() {
        synchronized (statusLock) {
            return new Status(
                    state,
                    committedLsn,
                    logFlushedLsn,
                    exportedEntries,
                    transactions,
                    List.copyOf(gaps),
                    lastError,
                    since);
        }
    }

    /**
     * Waits until Kafka holds every LSN up to {@code lsn}.
     *
     * @return whether it does; false after the timeout or once the exporter failed or stopped
     */
    public boolean awaitCommitted(long lsn, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Status status = status();
            if (status.committedLsn() >= lsn) {
                return true;
            }
            if (status.state() == State.FAILED || status.state() == State.STOPPED) {
                return false;
            }
            Thread.sleep(10);
        }
        return status().committedLsn() >= lsn;
    }

    /** Stops exporting; a transaction in flight is aborted (its entries go out again next time). */
    @Override
    public void close() {
        closing = true;
        thread.interrupt();
        try {
            if (thread.isAlive() && !stopped.await(60, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "the exporter of node {0} did not stop within 60 s", nodeId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RetentionHold held = hold;
        if (held != null) {
            held.close();
        }
        setState(State.STOPPED, null);
    }

    /** Tells the retention hold that Kafka has everything up to {@code lsn}; never fails the export. */
    private void exported(long lsn) {
        RetentionHold held = hold;
        if (held == null) {
            return;
        }
        try {
            held.consumedThrough(lsn);
        } catch (EventLogException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "node {0}: a truncation the export had held back failed: {1}",
                    nodeId,
                    e.toString());
        }
    }

    private void run() {
        try {
            while (!closing) {
                KafkaProducer<byte[], byte[]> opened = null;
                try {
                    int partition = partition();
                    if (epochLost) {
                        // before fencing anyone in turn: did another exporter of this node commit since?
                        long seen = resumeAfter(partition);
                        if (ownCommittedLsn >= 0 && seen > ownCommittedLsn) {
                            throw new Unrecoverable("another exporter of node " + nodeId + " (transactional id "
                                    + producerConfig.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG) + ") committed LSNs "
                                    + (ownCommittedLsn + 1) + " to " + seen + " to " + topic + " and fenced this one;"
                                    + " stopping, so that the two do not fence each other in turn");
                        }
                        epochLost = false;
                    }
                    opened = new KafkaProducer<>(producerConfig);
                    opened.initTransactions();
                    long next = Math.max(1, resumeAfter(partition) + 1);
                    exported(next - 1);
                    setState(State.RUNNING, null);
                    export(opened, partition, next);
                } catch (ProducerFencedException | AuthorizationException | InvalidTopicException e) {
                    if (!closing) {
                        fail(e);
                    }
                    return;
                } catch (Unrecoverable e) {
                    fail(e);
                    return;
                } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
                    return;
                } catch (RuntimeException e) {
                    if (closing) {
                        return;
                    }
                    // a newer producer of the same transactional id, or the coordinator aborting a
                    // transaction that outlived its timeout, bumped the epoch; the resume tells which
                    epochLost |= e instanceof InvalidProducerEpochException
                            || e.getCause() instanceof InvalidProducerEpochException;
                    setState(State.RETRYING, e.toString());
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "exporting node {0} to {1}: {2}; retrying in {3} ms",
                            nodeId,
                            topic,
                            e,
                            retryBackoff.toMillis());
                    if (!sleep(retryBackoff)) {
                        return;
                    }
                } finally {
                    closeQuietly(opened);
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Closes a producer without waiting long for what it still has in flight: an unreachable broker
     * would otherwise hold the close until the delivery timeout. What it abandons belongs to a
     * transaction the next producer's {@code initTransactions} aborts.
     */
    private static void closeQuietly(KafkaProducer<byte[], byte[]> producer) {
        if (producer == null) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            producer.close(PRODUCER_CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a producer: {0}", e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void fail(RuntimeException e) {
        setState(State.FAILED, e.toString());
        LOG.log(System.Logger.Level.ERROR, "exporting node {0} to {1} stopped: {2}", nodeId, topic, e);
    }

    // the futures of send are not awaited one by one: commitTransaction fails if any send of the
    // transaction failed, and then nothing of it is committed
    @SuppressWarnings("FutureReturnValueIgnored")
    private void export(KafkaProducer<byte[], byte[]> producer, int partition, long from) throws InterruptedException {
        long next = from;
        long waitingSince = 0;
        long pacedSince = System.nanoTime();
        long paced = 0;
        while (!closing) {
            if (log instanceof RocksEventLogReader reader) {
                reader.catchUp();
            }
            LsnMetadata state = log.metadata();
            if (!state.isEmpty() && next < state.firstRetainedLsn()) {
                long to = state.firstRetainedLsn() - 1;
                producer.beginTransaction();
                producer.send(
                        new ProducerRecord<>(topic, partition, null, key, null, KafkaRecords.gapHeaders(next, to)));
                producer.commitTransaction();
                LOG.log(
                        System.Logger.Level.WARNING,
                        "node {0}: LSNs {1} to {2} were truncated before they were "
                                + "exported; a gap record says so in {3}",
                        nodeId,
                        next,
                        to,
                        topic);
                synchronized (statusLock) {
                    gaps.add(new Gap(next, to));
                    committedLsn = to;
                    ownCommittedLsn = to;
                    transactions++;
                }
                exported(to);
                next = to + 1;
                continue;
            }
            long flushed = state.lastFlushedLsn();
            logFlushedLsn = flushed;
            if (next > flushed) {
                waitingSince = 0;
                if (!sleep(pollInterval)) {
                    return;
                }
                continue;
            }
            if (flushed - next + 1 < transactionEntries && !transactionLinger.isZero()) {
                // a following exporter would otherwise commit one small transaction per flush of the
                // node: wait a little for a fuller one, as a producer's linger.ms does for a batch
                long now = System.nanoTime();
                if (waitingSince == 0) {
                    waitingSince = now;
                }
                long left = transactionLinger.toNanos() - (now - waitingSince);
                if (left > 0) {
                    if (!sleep(Duration.ofNanos(Math.min(left, pollInterval.toNanos())))) {
                        return;
                    }
                    continue;
                }
            }
            waitingSince = 0;
            List<WalEntry> batch = new ArrayList<>();
            long upTo = Math.min(flushed, next + transactionEntries - 1);
            long bytes = 0;
            try (EntryCursor cursor = log.cursor(next)) {
                while (cursor.hasNext() && bytes < MAX_TRANSACTION_BYTES) {
                    WalEntry entry = cursor.next();
                    if (entry.lsn() > upTo) {
                        break;
                    }
                    if (!batch.isEmpty() && entry.lsn() != next + batch.size()) {
                        throw new Unrecoverable("the log of node " + nodeId + " skips from LSN "
                                + (next + batch.size() - 1) + " to " + entry.lsn() + "; refusing to export a hole");
                    }
                    batch.add(entry);
                    bytes += entry.payload().length;
                }
            }
            if (batch.isEmpty() || batch.get(0).lsn() != next) {
                continue; // truncated under us: the metadata of the next round says how far
            }
            producer.beginTransaction();
            for (WalEntry entry : batch) {
                producer.send(new ProducerRecord<>(
                        topic, partition, entry.timestampMillis(), key, entry.payload(), KafkaRecords.headers(entry)));
            }
            producer.commitTransaction();
            long last = batch.get(batch.size() - 1).lsn();
            synchronized (statusLock) {
                committedLsn = last;
                ownCommittedLsn = last;
                exportedEntries += batch.size();
                transactions++;
            }
            exported(last);
            next = last + 1;
            if (maxEntriesPerSecond > 0) {
                // pace: the entries sent so far may not have taken less than count / rate seconds
                paced += batch.size();
                long due = pacedSince + (long) (paced * 1e9 / maxEntriesPerSecond);
                long early = due - System.nanoTime();
                if (early > 0 && !sleep(Duration.ofNanos(early))) {
                    return;
                }
                if (early < -1_000_000_000L) {
                    pacedSince = System.nanoTime(); // idle for a while: no burst to make up for it
                    paced = 0;
                }
            }
        }
    }

    /**
     * The node's partition: the one pinned, else the one Kafka's default partitioner gives the node id
     * as a key (which changes when partitions are added: see {@link Builder#partition}).
     */
    private int partition() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            // a topic created a moment ago may not have reached the broker's metadata yet
            long deadline = System.nanoTime() + TOPIC_WAIT.toNanos();
            while ((partitions == null || partitions.isEmpty()) && System.nanoTime() < deadline && !closing) {
                sleep(Duration.ofMillis(200));
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            }
            if (partitions == null || partitions.isEmpty()) {
                throw new Unrecoverable("topic " + topic + " does not exist (looked for " + TOPIC_WAIT.toSeconds()
                        + " s); create it (the exporter does not)");
            }
            if (pinnedPartition >= 0) {
                if (pinnedPartition >= partitions.size()) {
                    throw new Unrecoverable("partition " + pinnedPartition + " asked for node " + nodeId
                            + ", but topic " + topic + " has " + partitions.size() + " partitions");
                }
                return pinnedPartition;
            }
            return Utils.toPositive(Utils.murmur2(key)) % partitions.size();
        }
    }

    /**
     * The LSN of the node's last committed record in its partition, or {@code startLsn - 1} if it has
     * none: reads back from the end in chunks, since other nodes' records and transaction markers lie
     * between.
     */
    private long resumeAfter(int partition) {
        TopicPartition tp = new TopicPartition(topic, partition);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long begin = consumer.beginningOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + RESUME_TIMEOUT.toNanos();
            for (long upTo = end; upTo > begin; upTo = Math.max(begin, upTo - RESUME_CHUNK)) {
                long chunkStart = Math.max(begin, upTo - RESUME_CHUNK);
                consumer.seek(tp, chunkStart);
                long found = -1;
                while (consumer.position(tp) < upTo) {
                    if (System.nanoTime() > deadline) {
                        throw new org.apache.kafka.common.errors.TimeoutException(
                                "reading back the last record of node " + nodeId + " in " + tp + " took over "
                                        + RESUME_TIMEOUT.toSeconds() + " s");
                    }
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        if (record.offset() < upTo && java.util.Arrays.equals(record.key(), key)) {
                            found = KafkaRecords.lsn(record);
                        }
                    }
                }
                if (found >= 0) {
                    synchronized (statusLock) {
                        committedLsn = found;
                    }
                    return found;
                }
            }
            return startLsn - 1;
        }
    }

    private void setState(State next, String error) {
        synchronized (statusLock) {
            if (state != next) {
                since = Instant.now();
            }
            state = next;
            if (error != null) {
                lastError = error;
            }
        }
    }

    private boolean sleep(Duration duration) {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
            return !closing;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Retrying cannot help: the topic is missing, or the log has a hole. */
    private static final class Unrecoverable extends KafkaException {
        Unrecoverable(String message) {
            super(message);
        }
    }

    /** Options of an exporter. */
    public static final class Builder {
        private final EventLogView log;
        private final String bootstrapServers;
        private final String topic;
        private final String nodeId;
        private final Map<String, Object> clientConfig = new HashMap<>();
        private final Map<String, Object> producerOverrides = new HashMap<>();
        private int transactionEntries = 10_000;
        private Duration pollInterval = Duration.ofMillis(50);
        private Duration retryBackoff = Duration.ofSeconds(1);
        private Duration transactionLinger = Duration.ofMillis(100);
        private long maxEntriesPerSecond;
        private long startLsn = 1;
        private long maxRetentionLag = 1_000_000;
        private int partition = -1;

        private Builder(EventLogView log, String bootstrapServers, String topic, String nodeId) {
            this.log = Objects.requireNonNull(log, "log");
            this.bootstrapServers = requireText(bootstrapServers, "bootstrapServers");
            this.topic = requireText(topic, "topic");
            this.nodeId = requireText(nodeId, "nodeId");
        }

        /** A client setting for both the producer and the consumer that reads back (security, for one). */
        public Builder clientProperty(String name, Object value) {
            clientConfig.put(requireText(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * A producer setting. The exporter's own (idempotence, acks=all, serializers) cannot be changed;
         * {@code transactional.id} can, for an id other than {@code rockwal-export-<node id>}.
         */
        public Builder producerProperty(String name, Object value) {
            producerOverrides.put(requireText(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * The most entries in one transaction. Default 10,000; 1 to 100,000. A transaction also ends at
         * 16 MiB of payloads. After a kill, up to one transaction is sent again (and its first copy
         * aborted), so this bounds the repeated work, not what consumers see.
         */
        public Builder transactionEntries(int entries) {
            if (entries < 1 || entries > 100_000) {
                throw new IllegalArgumentException("transactionEntries must be 1 to 100000, was " + entries);
            }
            this.transactionEntries = entries;
            return this;
        }

        /** How often an idle exporter looks for new flushed entries. Default 50 ms. */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = positive(interval, "pollInterval");
            return this;
        }

        /**
         * How long a transaction waits for more entries when fewer than {@link #transactionEntries} are
         * flushed: a longer wait means fewer, larger transactions (less work for the node's CPU and the
         * broker), a shorter one less delay before entries are in Kafka. Default 100 ms; 0 sends at once.
         */
        public Builder transactionLinger(Duration linger) {
            if (linger == null || linger.isNegative()) {
                throw new IllegalArgumentException("transactionLinger must not be negative, was " + linger);
            }
            this.transactionLinger = linger;
            return this;
        }

        /**
         * The most entries the exporter sends per second, 0 for no limit (the default). Exporting costs
         * CPU in the node's process (reading entries, the Kafka client's work per record); on a small
         * machine a limit keeps that cost off the node's own writes while the node writes at full speed,
         * at the price of a lag that the retention hold and {@link #maxRetentionLag} then bound.
         */
        public Builder maxEntriesPerSecond(long entries) {
            if (entries < 0) {
                throw new IllegalArgumentException("maxEntriesPerSecond must not be negative, was " + entries);
            }
            this.maxEntriesPerSecond = entries;
            return this;
        }

        /** How long it waits before retrying after an error. Default 1 s. */
        public Builder retryBackoff(Duration backoff) {
            this.retryBackoff = positive(backoff, "retryBackoff");
            return this;
        }

        /**
         * Where a node with nothing in Kafka yet starts. Default 1 (with a gap record if the log no longer
         * holds it); ignored once Kafka holds a record of the node.
         */
        public Builder startLsn(long lsn) {
            if (lsn < 1) {
                throw new IllegalArgumentException("startLsn must be at least 1, was " + lsn);
            }
            this.startLsn = lsn;
            return this;
        }

        /**
         * On a {@link RocksEventLog}: how many entries behind the last LSN the exporter may fall before a
         * truncation removes entries it has not exported (which then become a gap); 0 for no hold at all.
         * Default 1,000,000. Ignored on a reader.
         */
        public Builder maxRetentionLag(long entries) {
            if (entries < 0) {
                throw new IllegalArgumentException("maxRetentionLag must not be negative, was " + entries);
            }
            this.maxRetentionLag = entries;
            return this;
        }

        /**
         * Pins the node to one partition instead of the one its key hashes to. The exporter finds where
         * to resume only in the node's partition, so adding partitions to the topic would move a node to
         * a partition without its records and make it export again from {@link #startLsn}: pin nodes
         * that exported before to the partition they used (the one a consumer finds their records in).
         */
        public Builder partition(int partition) {
            if (partition < 0) {
                throw new IllegalArgumentException("partition must not be negative, was " + partition);
            }
            this.partition = partition;
            return this;
        }

        /** An exporter with these options; call {@link KafkaExporter#start()}. */
        public KafkaExporter build() {
            if (producerOverrides.containsKey(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)
                    || producerOverrides.containsKey(ProducerConfig.ACKS_CONFIG)) {
                throw new IllegalArgumentException(
                        "the exporter's producer is idempotent with acks=all; those" + " settings cannot be changed");
            }
            return new KafkaExporter(this);
        }

        private static String requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be empty");
            }
            return value;
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
