package dev.sagaref.orchestrator.saga.messaging;

import dev.sagaref.events.Channels;
import dev.sagaref.orchestrator.saga.CommandDelivery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Kafka whether unanswered commands can have been lost: a command can, once the participant's consumer group
 * has read its partition to the end (it read the command, or the command was dead-lettered) and the orchestrator
 * has read the reply partition of the same order to the end (no reply waits unread). One round of admin requests
 * answers a whole batch of due sagas. When Kafka cannot be asked, nothing counts as lost: a broker that does not
 * answer delivers nothing either, and the step's give-up deadline still bounds the wait.
 *
 * <p>What it cannot see is a command still in the orchestrator's own outbox because its relay is down or far behind:
 * the participant then looks caught up, and a resend queues behind the original. The doubling wait between resends
 * bounds such duplicates, and participants drop them by order id.
 */
class KafkaCommandDelivery implements CommandDelivery, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaCommandDelivery.class);

    private final Admin admin;
    private final Map<String, String> consumerGroupByChannel;
    private final String orchestratorGroup;
    private final Duration timeout;

    KafkaCommandDelivery(
            Admin admin, Map<String, String> consumerGroupByChannel, String orchestratorGroup, Duration timeout) {
        this.admin = admin;
        this.consumerGroupByChannel = Map.copyOf(consumerGroupByChannel);
        this.orchestratorGroup = orchestratorGroup;
        this.timeout = timeout;
    }

    @Override
    public Set<UUID> possiblyLost(Collection<AwaitedCommand> awaited) {
        if (awaited.isEmpty()) {
            return Set.of();
        }
        try {
            return ask(awaited);
        } catch (ExecutionException | TimeoutException e) {
            log.warn(
                    "Could not ask Kafka whether {} unanswered commands were lost; asking again later",
                    awaited.size(),
                    e);
            return Set.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        }
    }

    private Set<UUID> ask(Collection<AwaitedCommand> awaited)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> topics = awaited.stream().map(AwaitedCommand::channel).collect(Collectors.toSet());
        topics.add(Channels.SAGA_REPLIES);
        Map<String, Integer> partitionCounts =
                admin
                        .describeTopics(topics)
                        .allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .values()
                        .stream()
                        .collect(Collectors.toMap(
                                TopicDescription::name, d -> d.partitions().size()));

        Map<String, Set<TopicPartition>> partitionsByGroup = new HashMap<>();
        Map<AwaitedCommand, TopicPartition> commandPartition = new HashMap<>();
        Map<AwaitedCommand, TopicPartition> replyPartition = new HashMap<>();
        for (AwaitedCommand command : awaited) {
            String group = consumerGroupByChannel.get(command.channel());
            if (group == null) {
                log.warn(
                        "No consumer group configured for {} (saga.command-consumers); never resent",
                        command.channel());
                continue;
            }
            TopicPartition toParticipant = partitionOf(command.channel(), command.orderId(), partitionCounts);
            TopicPartition toOrchestrator = partitionOf(Channels.SAGA_REPLIES, command.orderId(), partitionCounts);
            commandPartition.put(command, toParticipant);
            replyPartition.put(command, toOrchestrator);
            partitionsByGroup.computeIfAbsent(group, g -> new HashSet<>()).add(toParticipant);
            partitionsByGroup
                    .computeIfAbsent(orchestratorGroup, g -> new HashSet<>())
                    .add(toOrchestrator);
        }
        if (commandPartition.isEmpty()) {
            return Set.of();
        }

        Set<TopicPartition> allPartitions = new HashSet<>();
        partitionsByGroup.values().forEach(allPartitions::addAll);
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(allPartitions.stream()
                        .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest())))
                .all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        partitionsByGroup.forEach((group, partitions) ->
                specs.put(group, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed =
                admin.listConsumerGroupOffsets(specs).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);

        Set<UUID> lost = new HashSet<>();
        commandPartition.forEach((command, partition) -> {
            if (readToTheEnd(committed.get(consumerGroupByChannel.get(command.channel())), partition, ends)
                    && readToTheEnd(committed.get(orchestratorGroup), replyPartition.get(command), ends)) {
                lost.add(command.orderId());
            }
        });
        return lost;
    }

    /** The partition Kafka's default partitioner picks for this order id as key (murmur2 of the key's bytes). */
    static TopicPartition partitionOf(String topic, UUID orderId, Map<String, Integer> partitionCounts) {
        Integer partitions = partitionCounts.get(topic);
        if (partitions == null) {
            throw new IllegalStateException("Topic " + topic + " does not exist");
        }
        byte[] key = orderId.toString().getBytes(StandardCharsets.UTF_8);
        return new TopicPartition(topic, Utils.toPositive(Utils.murmur2(key)) % partitions);
    }

    /** Whether the group has committed up to the partition's end; a group that never committed has not. */
    private static boolean readToTheEnd(
            Map<TopicPartition, OffsetAndMetadata> committed,
            TopicPartition partition,
            Map<TopicPartition, ListOffsetsResultInfo> ends) {
        OffsetAndMetadata position = committed == null ? null : committed.get(partition);
        return position != null && position.offset() >= ends.get(partition).offset();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
