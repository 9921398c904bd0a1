package dev.sagaref.console.messages;

import dev.sagaref.console.ConsoleSettings;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads every system topic, dead-letter topics included, into the {@link MessageLog}. It assigns itself every
 * partition instead of joining a consumer group: it commits nothing and takes no partition from anyone, and each
 * console instance sees everything. On start it reads each partition's newest messages (as many as the log keeps);
 * topics and partitions created later are picked up within {@link #TOPIC_REFRESH}.
 */
@Component
class KafkaFeed implements SmartLifecycle, HealthIndicator {

    private static final Logger logger = LoggerFactory.getLogger(KafkaFeed.class);

    /** The system's topics (order.events, payment.commands, saga.replies, ...) and their .DLT topics. */
    static final Pattern SYSTEM_TOPICS = Pattern.compile("(order|payment|inventory|shipping|saga)\\..+");

    private static final Duration TOPIC_REFRESH = Duration.ofSeconds(10);

    private static final int FETCH_MIN_BYTES = 64 * 1024;
    private static final Duration FETCH_MAX_WAIT = Duration.ofMillis(250);

    private final ConsoleSettings.Kafka settings;
    private final MessageLog messages;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread reader;
    private volatile boolean running;
    private volatile String lastError;

    KafkaFeed(ConsoleSettings settings, MessageLog messageLog) {
        this.settings = settings.kafka();
        this.messages = messageLog;
    }

    @Override
    public void start() {
        running = true;
        reader = new Thread(this::read, "kafka-feed");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Down while the broker refuses or cannot be reached, with its error; the pages still work meanwhile. */
    @Override
    public Health health() {
        return lastError == null
                ? Health.up().withDetail("messages", messages.size()).build()
                : Health.down().withDetail("error", lastError).build();
    }

    private void read() {
        while (running) {
            try (KafkaConsumer<String, byte[]> opened = new KafkaConsumer<>(consumerSettings())) {
                consumer = opened;
                readUntilStopped(opened);
            } catch (WakeupException | InterruptException stopped) {
                return;
            } catch (RuntimeException e) {
                // The broker is down or refuses us (e.g. no ACL yet): say so, and try again with a new consumer.
                // Anything else too: the feed must not die with its thread.
                lastError = e.getMessage();
                logger.warn("Reading Kafka failed; trying again in 5 s: {}", e.getMessage());
                sleep(Duration.ofSeconds(5));
            }
        }
    }

    private void readUntilStopped(KafkaConsumer<String, byte[]> consumer) {
        Set<TopicPartition> assigned = new HashSet<>();
        long nextRefresh = 0;
        while (running) {
            if (System.nanoTime() - nextRefresh >= 0) {
                assignNewPartitions(consumer, assigned);
                // Until the first topic exists, look again every second.
                nextRefresh =
                        System.nanoTime() + (assigned.isEmpty() ? Duration.ofSeconds(1) : TOPIC_REFRESH).toNanos();
            }
            if (assigned.isEmpty()) {
                sleep(Duration.ofMillis(200));
                continue;
            }
            // A batch holds several partitions' records, partition by partition; in the order they were written they
            // make a live tail that reads in time order.
            List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
            consumer.poll(Duration.ofMillis(500)).forEach(batch::add);
            batch.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
            for (ConsumerRecord<String, byte[]> record : batch) {
                messages.add(toMessage(record));
            }
            lastError = null;
        }
    }

    /** Adds partitions that appeared since the last look, each from its newest messages. */
    private void assignNewPartitions(KafkaConsumer<String, byte[]> consumer, Set<TopicPartition> assigned) {
        Set<TopicPartition> fresh = new HashSet<>();
        for (Map.Entry<String, List<PartitionInfo>> topic :
                consumer.listTopics(Duration.ofSeconds(10)).entrySet()) {
            if (SYSTEM_TOPICS.matcher(topic.getKey()).matches()) {
                for (PartitionInfo partition : topic.getValue()) {
                    TopicPartition topicPartition = new TopicPartition(partition.topic(), partition.partition());
                    if (!assigned.contains(topicPartition)) {
                        fresh.add(topicPartition);
                    }
                }
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        assigned.addAll(fresh);
        consumer.assign(assigned);
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(fresh);
        Map<TopicPartition, Long> ends = consumer.endOffsets(fresh);
        // Each partition's newest messages, no more than the log keeps in all.
        long perPartition = Math.max(1, messages.capacity() / assigned.size());
        for (TopicPartition partition : fresh) {
            consumer.seek(partition, Math.max(beginnings.get(partition), ends.get(partition) - perPartition));
        }
        logger.info("Reading {} more partitions ({} in all)", fresh.size(), assigned.size());
    }

    private Map<String, Object> consumerSettings() {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "console");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Only what producers committed: a relay's aborted transaction is no message.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // The broker answers once 64 KB are there or 250 ms have passed, rather than on every message: with one
        // fetch per message the feed took 7% of a core at 20 sagas/s, almost all of it in the Kafka client. A person
        // watching does not see a quarter of a second.
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) FETCH_MAX_WAIT.toMillis());
        if (settings.signsIn()) {
            config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
            config.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
            config.put(
                    SaslConfigs.SASL_JAAS_CONFIG,
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"%s\" password=\"%s\";"
                            .formatted(settings.username(), settings.password()));
        }
        return config;
    }

    private static KafkaMessage toMessage(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), text(header.value()));
        }
        return new KafkaMessage(
                0,
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                Instant.ofEpochMilli(record.timestamp()),
                headers,
                text(record.value()));
    }

    /** UTF-8 text as it is; anything else (a dead letter's original offset is a binary long) as hex. */
    static String text(byte[] bytes) {
        if (bytes == null) {
            return "";
        }
        try {
            String decoded = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            if (decoded.chars().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
                return decoded;
            }
        } catch (CharacterCodingException binary) {
            // not text; shown as hex below
        }
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
