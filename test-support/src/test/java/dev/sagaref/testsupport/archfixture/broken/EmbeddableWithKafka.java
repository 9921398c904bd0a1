package dev.sagaref.testsupport.archfixture.broken;

import jakarta.persistence.Embeddable;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Fixture: part of an entity that knows about Kafka. */
@Embeddable
public class EmbeddableWithKafka {
    ProducerRecord<String, String> record;
}
