package dev.sagaref.testsupport.archfixture.broken;

import org.springframework.data.repository.CrudRepository;
import org.springframework.kafka.annotation.KafkaListener;

/** Fixture: a message handler that saves through a repository instead of calling a service. */
public class ListenerWithRepository {

    interface Widgets extends CrudRepository<Object, Long> {}

    Widgets widgets;

    @KafkaListener(topics = "widgets")
    void on(String message) {}
}
