/**
 * Exports a log into Apache Kafka, exactly once ({@link io.rockwal.rocks.kafka.KafkaExporter}), and
 * turns consumed records back into entries ({@link io.rockwal.rocks.kafka.KafkaRecords}). Needs
 * {@code org.apache.kafka:kafka-clients} on the class path, an optional dependency of this module.
 */
package io.rockwal.rocks.kafka;
