package dev.sagaref.chaos;

import dev.sagaref.events.Channels;
import dev.sagaref.events.MessageHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every message the services published during a run, by message id: which order it is about and what it is. Read
 * from Kafka rather than from the outboxes, which keep nothing (polling deletes what it sent) or keep 15 minutes
 * (Debezium). A record the relay sent twice appears once here, as it does in an inbox.
 */
final class PublishedMessages {

    /** What a message id stands for: the record's key is the order id, the header names the type. */
    record Published(UUID orderId, String type) {}

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);

    private PublishedMessages() {}

    /** Reads every partition of {@link Channels#ALL} from its first offset to the end it had when the read began. */
    static Map<UUID, Published> read(String bootstrapServers, Map<String, Object> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = Channels.ALL.stream()
                    .flatMap(topic -> consumer.partitionsFor(topic).stream())
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<UUID, Published> published = new HashMap<>();
            Instant deadline = Instant.now().plus(READ_TIMEOUT);
            while (!reachedEnd(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(
                            "Kafka's topics not read to their end within " + READ_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    published.put(
                            UUID.fromString(header(record, MessageHeaders.MESSAGE_ID)),
                            new Published(
                                    UUID.fromString(new String(record.key(), StandardCharsets.UTF_8)),
                                    header(record, MessageHeaders.MESSAGE_TYPE)));
                }
            }
            return published;
        }
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null) {
            throw new IllegalStateException(
                    record.topic() + "-" + record.partition() + "@" + record.offset() + " has no " + name + " header");
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
