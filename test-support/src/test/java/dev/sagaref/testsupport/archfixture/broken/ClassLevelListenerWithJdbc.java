package dev.sagaref.testsupport.archfixture.broken;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;

/** Fixture: a class-level listener that writes through JDBC itself. */
@KafkaListener(topics = "widgets")
public class ClassLevelListenerWithJdbc {
    JdbcTemplate jdbc;
}
