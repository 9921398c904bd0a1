package dev.sagaref.systemtest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What the broker holds, read as a test would check it: whole topics and consumer groups. */
final class Topics {

    private Topics() {}

    /** A record as the checks need it: its key, and the message id, type and initiator from its headers. */
    record Message(String key, String id, String type, String initiatedBy) {}

    /** Every record on the topic now, from offset 0 to the end of each partition. */
    static List<Message> readAll(String bootstrapServers, String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<Message> messages = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    messages.add(new Message(
                            record.key(),
                            header(record, "message_id"),
                            header(record, "message_type"),
                            header(record, "initiated_by")));
                }
            }
            return messages;
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** How many consumers the group has now (each listener container of each instance is one). */
    static int members(String bootstrapServers, String group) {
        ConsumerGroupDescription description = describe(bootstrapServers, group);
        return description == null ? 0 : description.members().size();
    }

    /**
     * Waits until the group is stable with this many consumers, so that its partitions are shared among them (after
     * an instance joined, or after a dead one's session expired) before a test goes on.
     */
    static void awaitStableGroup(String bootstrapServers, String group, int members) {
        Api.await(
                () -> describe(bootstrapServers, group),
                description -> description != null
                        && description.groupState() == GroupState.STABLE
                        && description.members().size() == members,
                Duration.ofMinutes(2),
                "group " + group + " to be stable with " + members + " consumers");
    }

    private static ConsumerGroupDescription describe(String bootstrapServers, String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.describeConsumerGroups(List.of(group))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(group);
        } catch (Exception e) {
            return null; // not known yet, or the broker is busy: the callers ask again
        }
    }
}
