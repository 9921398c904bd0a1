package dev.sagaref.testsupport;

import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real Kafka broker (KRaft): in a container where Docker runs, otherwise Kafka's own broker started inside this
 * JVM from the Maven Central artifacts. Either way clients talk to it over TCP on a loopback port, so child
 * processes started by a test can use it too.
 */
public final class KafkaBroker {

    private final String bootstrapServers;

    private KafkaBroker(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    static KafkaBroker startInJvm() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "true",
                "num.partitions", "3",
                "group.initial.rebalance.delay.ms", "0",
                "offsets.topic.num.partitions", "5",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "stop-test-kafka"));
        return new KafkaBroker(broker.getBrokersAsString());
    }

    @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper removes it
    static KafkaBroker startInContainer() {
        KafkaContainer container = new KafkaContainer("apache/kafka-native:4.1.1")
                .withEnv("KAFKA_NUM_PARTITIONS", "3")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true");
        container.start();
        return new KafkaBroker(container.getBootstrapServers());
    }
}
