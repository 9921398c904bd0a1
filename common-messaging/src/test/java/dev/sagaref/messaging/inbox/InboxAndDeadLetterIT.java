package dev.sagaref.messaging.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagaref.events.JsonCodec;
import dev.sagaref.events.MalformedMessageException;
import dev.sagaref.events.MessageHeaders;
import dev.sagaref.events.order.ApproveOrder;
import dev.sagaref.messaging.TopicReader;
import dev.sagaref.messaging.testapp.CommitCounter;
import dev.sagaref.messaging.testapp.MessagingTestApplication;
import dev.sagaref.messaging.testapp.TestEffects;
import dev.sagaref.messaging.testapp.TestEffectsListener;
import dev.sagaref.testsupport.RealInfrastructureConfiguration;
import dev.sagaref.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * The consumer side against a real broker: a listener behind {@link IdempotentConsumer}, fed records the way a
 * relay (or a misbehaving producer) would send them.
 */
@SpringBootTest(
        classes = MessagingTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "messaging.relay.enabled=false",
            "test.listener.topic=" + InboxAndDeadLetterIT.TOPIC,
            "messaging.consumer.max-attempts=3",
            "messaging.consumer.initial-backoff=50ms",
            "messaging.consumer.max-backoff=100ms",
            "spring.kafka.consumer.properties[interceptor.classes]=dev.sagaref.messaging.testapp.CommitCounter"
        })
@Import(RealInfrastructureConfiguration.class)
class InboxAndDeadLetterIT {

    static final String TOPIC = "test.inbox";
    static final String DEAD_LETTERS = TOPIC + ".DLT";
    static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    KafkaTemplate<String, byte[]> kafka;

    @Autowired
    TestEffects effects;

    @Autowired
    IdempotentConsumer idempotentConsumer;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcClient jdbc;

    @Test
    void redeliveredMessageIsAcknowledgedWithoutRunningTheHandlerAgain() throws Exception {
        UUID orderId = UUID.randomUUID();
        ProducerRecord<String, byte[]> message = approveOrder(orderId, UUID.randomUUID());
        double duplicatesBefore = meters.counter("inbox.duplicates.dropped").count();

        send(message);
        send(copyOf(message));
        UUID marker = send(approveOrder(orderId, UUID.randomUUID())); // same key, so it is handled after both

        awaitApplied(marker);
        assertThat(effects.applicationsByMessage()).containsEntry(idOf(message), 1);
        assertThat(meters.counter("inbox.duplicates.dropped").count()).isEqualTo(duplicatesBefore + 1);
        // Every log line the handler writes carries the order id (a field of its own in the JSON logs).
        assertThat(effects.loggedOrderIds).containsEntry(idOf(message), orderId.toString());
    }

    @Test
    void handlerRunsInAConsumerSpanThatContinuesTheRecordsTrace() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String producerSpan = "00f067aa0ba902b7";
        ProducerRecord<String, byte[]> message = approveOrder(UUID.randomUUID(), UUID.randomUUID());
        setHeader(message, MessageHeaders.TRACEPARENT, "00-" + traceId + "-" + producerSpan + "-01");

        awaitApplied(send(message));

        // What the handler's outbox rows would carry on: the same trace, with the consumer's span as the parent.
        assertThat(effects.traceparents.get(idOf(message)))
                .matches("00-" + traceId + "-[0-9a-f]{16}-01")
                .doesNotContain(producerSpan);
    }

    @Test
    void aMessageWithoutATraceStartsOneSoWhatTheHandlerSendsIsTraced() throws Exception {
        ProducerRecord<String, byte[]> message = approveOrder(UUID.randomUUID(), UUID.randomUUID());

        awaitApplied(send(message));

        // Sampled or not is the sampler's decision (this test application keeps Boot's default of 10%).
        assertThat(effects.traceparents.get(idOf(message))).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    }

    @Test
    void replayingTheWholeTopicFromOffsetZeroChangesNothing() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID last = null;
        for (int i = 0; i < 20; i++) {
            last = send(approveOrder(orderId, UUID.randomUUID()));
        }
        awaitApplied(last);
        Map<UUID, Integer> before = effects.applicationsByMessage();

        try (TopicReader reader = new TopicReader(TOPIC)) {
            List<ConsumerRecord<String, byte[]>> everything = reader.readFor(Duration.ofSeconds(2));
            assertThat(everything).hasSizeGreaterThanOrEqualTo(20);
            for (ConsumerRecord<String, byte[]> record : everything) {
                try {
                    idempotentConsumer.consume(TestEffectsListener.CONSUMER, record, effects::apply);
                } catch (RuntimeException poisonOrFailingFromOtherTests) {
                    // Those never took effect the first time either.
                }
            }
        }

        assertThat(effects.applicationsByMessage()).isEqualTo(before);
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopicWithTheReasonAndLaterMessagesStillFlow() throws Exception {
        UUID orderId = UUID.randomUUID();
        ProducerRecord<String, byte[]> unknownType = approveOrder(orderId, UUID.randomUUID());
        setHeader(unknownType, MessageHeaders.MESSAGE_TYPE, "NoSuchMessage");
        ProducerRecord<String, byte[]> unparseable = withPayload(approveOrder(orderId, UUID.randomUUID()), "{oops");
        ProducerRecord<String, byte[]> missingId = approveOrder(orderId, UUID.randomUUID());
        missingId.headers().remove(MessageHeaders.MESSAGE_ID);

        send(unknownType);
        send(unparseable);
        send(missingId);
        UUID later = send(approveOrder(orderId, UUID.randomUUID()));

        awaitApplied(later);
        List<ConsumerRecord<String, byte[]>> deadLetters = deadLettersFor(orderId, 3);
        assertThat(deadLetters)
                .extracting(r -> TopicReader.header(r, "kafka_dlt-exception-message"))
                .anySatisfy(reason -> assertThat(reason).contains("Unknown message type 'NoSuchMessage'"))
                .anySatisfy(reason -> assertThat(reason).contains("Cannot read ApproveOrder"))
                .anySatisfy(reason -> assertThat(reason).contains("Header 'message_id' is missing"));
        ConsumerRecord<String, byte[]> first = deadLetters.get(0);
        assertThat(TopicReader.header(first, MessageHeaders.MESSAGE_TYPE)).isEqualTo("NoSuchMessage");
        assertThat(TopicReader.header(first, MessageHeaders.CORRELATION_ID)).isEqualTo(orderId.toString());
        assertThat(TopicReader.header(first, "kafka_dlt-original-topic")).isEqualTo(TOPIC);
        // The record's own failure, not the batch listener's wrapper around it.
        assertThat(TopicReader.header(first, "kafka_dlt-exception-fqcn"))
                .isEqualTo(MalformedMessageException.class.getName());
        assertThat(first.value()).isEqualTo(unknownType.value());
    }

    @Test
    void handlerThatKeepsFailingIsRetriedThenDeadLetteredAndLaterMessagesStillFlow() throws Exception {
        UUID orderId = UUID.randomUUID();
        effects.failingOrders.add(orderId);
        UUID failing = send(approveOrder(orderId, UUID.randomUUID()));
        UUID otherOrder = UUID.randomUUID();
        // Another order on the same key's partition would wait; use the same key to prove the partition moves on.
        ProducerRecord<String, byte[]> later = approveOrder(orderId, UUID.randomUUID());
        setHeader(later, MessageHeaders.CORRELATION_ID, otherOrder.toString());

        send(later);
        awaitApplied(idOf(later));

        List<ConsumerRecord<String, byte[]>> deadLetters = deadLettersFor(orderId, 1);
        assertThat(deadLetters).extracting(TopicReader::messageId).contains(failing);
        assertThat(TopicReader.header(deadLetters.get(0), "kafka_dlt-exception-message"))
                .contains("Simulated handler failure");
        assertThat(effects.applicationsByMessage()).doesNotContainKey(failing);
    }

    @Test
    void theRecordsOfOnePollAreHandledInOneTransactionEachOnce() {
        UUID orderId = UUID.randomUUID();
        List<ConsumerRecord<String, byte[]>> poll = asPoll(
                approveOrder(orderId, UUID.randomUUID()),
                approveOrder(orderId, UUID.randomUUID()),
                approveOrder(orderId, UUID.randomUUID()));
        List<Long> transactionIds = new CopyOnWriteArrayList<>();
        double duplicatesBefore = meters.counter("inbox.duplicates.dropped").count();

        idempotentConsumer.consumeAll(TestEffectsListener.CONSUMER, poll, message -> {
            transactionIds.add(
                    jdbc.sql("SELECT txid_current()").query(Long.class).single());
            effects.apply(message);
        });
        idempotentConsumer.consumeAll(TestEffectsListener.CONSUMER, poll, effects::apply); // the poll redelivered

        assertThat(transactionIds).hasSize(3).containsOnly(transactionIds.get(0));
        assertThat(effects.applicationsByMessage())
                .containsEntry(TopicReader.messageId(poll.get(0)), 1)
                .containsEntry(TopicReader.messageId(poll.get(1)), 1)
                .containsEntry(TopicReader.messageId(poll.get(2)), 1);
        assertThat(meters.counter("inbox.duplicates.dropped").count()).isEqualTo(duplicatesBefore + 3);
    }

    @Test
    void aFailureInAPollRollsItBackAndNamesTheFailingRecordAfterTheOnesBeforeItAreAppliedOnce() {
        UUID failingOrder = UUID.randomUUID();
        effects.failingOrders.add(failingOrder);
        List<ConsumerRecord<String, byte[]>> poll = asPoll(
                approveOrder(UUID.randomUUID(), UUID.randomUUID()),
                approveOrder(failingOrder, UUID.randomUUID()),
                approveOrder(UUID.randomUUID(), UUID.randomUUID()));

        assertThatThrownBy(() -> idempotentConsumer.consumeAll(TestEffectsListener.CONSUMER, poll, effects::apply))
                .isInstanceOfSatisfying(
                        BatchListenerFailedException.class,
                        failed -> assertThat(failed.getIndex()).isEqualTo(1))
                .hasMessageContaining("Simulated handler failure");

        // The first record ran in the rolled-back batch and again on its own: its effect and inbox row exist once.
        // The container retries the failing one and redelivers the one after it.
        assertThat(effects.applicationsByMessage())
                .containsEntry(TopicReader.messageId(poll.get(0)), 1)
                .doesNotContainKeys(TopicReader.messageId(poll.get(1)), TopicReader.messageId(poll.get(2)));
    }

    @Test
    void handledOffsetsAreCommittedOnceASecondAndStillWhenTheListenerFallsIdle() throws Exception {
        UUID orderId = UUID.randomUUID(); // one key, so one partition and one consumer thread
        int commitsBefore = CommitCounter.COMMITS.get();
        long started = System.nanoTime();
        int messages = 20;
        RecordMetadata last = null;
        for (int i = 0; i < messages; i++) {
            ProducerRecord<String, byte[]> message = approveOrder(orderId, UUID.randomUUID());
            last = kafka.send(message).get().getRecordMetadata();
            awaitApplied(idOf(message)); // each alone in its poll
        }
        long elapsedSeconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        // Committing after every poll would be one commit per message. On the one-second timer: one per second
        // elapsed, plus the one under way and one from each other consumer thread finishing an earlier test's poll.
        int concurrency = 3;
        assertThat(CommitCounter.COMMITS.get() - commitsBefore)
                .isLessThanOrEqualTo((int) elapsedSeconds + 1 + concurrency)
                .isLessThan(messages);

        // Nothing more arrives, and the handled offsets are committed anyway, up to the partition's end.
        TopicPartition partition = new TopicPartition(TOPIC, last.partition());
        long end = last.offset() + 1;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafka().bootstrapServers()))) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (committedOffset(admin, partition) < end) {
                assertThat(System.nanoTime()).as("committed up to %d", end).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    private static long committedOffset(Admin admin, TopicPartition partition) throws Exception {
        OffsetAndMetadata committed = admin.listConsumerGroupOffsets("test-effects") // the listener's group
                .partitionsToOffsetAndMetadata()
                .get()
                .get(partition);
        return committed == null ? -1 : committed.offset();
    }

    private List<ConsumerRecord<String, byte[]>> deadLettersFor(UUID orderId, int expected) {
        try (TopicReader reader = new TopicReader(DEAD_LETTERS)) {
            return reader
                    .readUntil(
                            records -> records.stream()
                                            .filter(r -> orderId.toString().equals(r.key()))
                                            .count()
                                    >= expected,
                            WAIT)
                    .stream()
                    .filter(r -> orderId.toString().equals(r.key()))
                    .toList();
        }
    }

    private void awaitApplied(UUID messageId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!effects.applicationsByMessage().containsKey(messageId)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Message " + messageId + " was not applied within " + WAIT);
            }
            Thread.sleep(50);
        }
    }

    private UUID send(ProducerRecord<String, byte[]> record) throws Exception {
        kafka.send(record).get();
        return idOf(record);
    }

    static ProducerRecord<String, byte[]> approveOrder(UUID orderId, UUID messageId) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                TOPIC,
                orderId.toString(),
                JsonCodec.write(new ApproveOrder(orderId)).getBytes(StandardCharsets.UTF_8));
        setHeader(record, MessageHeaders.MESSAGE_ID, messageId.toString());
        setHeader(record, MessageHeaders.MESSAGE_TYPE, "ApproveOrder");
        setHeader(record, MessageHeaders.SCHEMA_VERSION, "1");
        setHeader(record, MessageHeaders.CORRELATION_ID, orderId.toString());
        setHeader(record, MessageHeaders.CREATED_AT, Instant.now().toString());
        return record;
    }

    /** Records as a consumer's poll returns them, at consecutive offsets of partition 0. */
    @SafeVarargs
    static List<ConsumerRecord<String, byte[]>> asPoll(ProducerRecord<String, byte[]>... sent) {
        List<ConsumerRecord<String, byte[]>> poll = new ArrayList<>();
        for (ProducerRecord<String, byte[]> record : sent) {
            poll.add(new ConsumerRecord<>(
                    record.topic(),
                    0,
                    poll.size(),
                    System.currentTimeMillis(),
                    TimestampType.CREATE_TIME,
                    record.key().length(),
                    record.value().length,
                    record.key(),
                    record.value(),
                    record.headers(),
                    Optional.empty()));
        }
        return poll;
    }

    static ProducerRecord<String, byte[]> withPayload(ProducerRecord<String, byte[]> record, String payload) {
        return new ProducerRecord<>(
                record.topic(), null, record.key(), payload.getBytes(StandardCharsets.UTF_8), record.headers());
    }

    static ProducerRecord<String, byte[]> copyOf(ProducerRecord<String, byte[]> record) {
        return new ProducerRecord<>(record.topic(), null, record.key(), record.value(), record.headers());
    }

    static void setHeader(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().remove(name);
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The record's message id, or null for a record sent without one. */
    static UUID idOf(ProducerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader(MessageHeaders.MESSAGE_ID);
        return header == null ? null : UUID.fromString(new String(header.value(), StandardCharsets.UTF_8));
    }
}
