package dev.sagaref.testsupport.archfixture.clean;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.web.bind.annotation.RestController;

/** Fixture: a controller and a message handler that call the service only. */
@RestController
public class WidgetEdges {

    WidgetService widgets;

    @KafkaListener(topics = "widgets")
    void on(String message) {}
}
