package dev.sagaref.localrun;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints every message on the system's topics with its key and headers, as it arrives: the no-Docker way to watch
 * the saga (Kafka UI needs Docker). {@code ./tail-topics [--from-beginning] [bootstrap-servers]}.
 */
public final class TopicTail {

    private static final Pattern SYSTEM_TOPICS = Pattern.compile("(order|payment|inventory|shipping|saga)\\..*");

    public static void main(String[] args) {
        boolean fromBeginning = java.util.List.of(args).contains("--from-beginning");
        String bootstrap = java.util.Arrays.stream(args)
                .filter(a -> !a.startsWith("--"))
                .findFirst()
                .orElse("127.0.0.1:9092");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "tail-topics-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                fromBeginning ? "earliest" : "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.METADATA_MAX_AGE_CONFIG,
                5000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(SYSTEM_TOPICS);
            System.out.println("Tailing " + SYSTEM_TOPICS.pattern() + " on " + bootstrap + " (Ctrl-C to stop)");
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    print(record);
                }
            }
        }
    }

    private static void print(ConsumerRecord<String, String> record) {
        StringBuilder line = new StringBuilder();
        line.append(Instant.ofEpochMilli(record.timestamp()))
                .append("  ")
                .append(record.topic())
                .append('[')
                .append(record.partition())
                .append("]@")
                .append(record.offset())
                .append("  key=")
                .append(record.key())
                .append('\n');
        for (Header header : record.headers()) {
            line.append("    ")
                    .append(header.key())
                    .append(": ")
                    .append(new String(header.value(), StandardCharsets.UTF_8))
                    .append('\n');
        }
        line.append("    ").append(record.value()).append('\n');
        System.out.print(line);
    }
}
