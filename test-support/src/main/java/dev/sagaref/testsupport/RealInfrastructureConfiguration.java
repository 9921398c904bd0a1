package dev.sagaref.testsupport;

import java.util.List;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Import into a Spring Boot test to point it at the shared real PostgreSQL and Kafka. Every application context
 * gets a database of its own, so contexts never see each other's rows, slots or offsets.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RealInfrastructureConfiguration {

    @Bean
    JdbcConnectionDetails jdbcConnectionDetails() {
        PostgresServer server = TestInfrastructure.postgres();
        String url = server.jdbcUrl(server.createDatabase());
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return server.username();
            }

            @Override
            public String getPassword() {
                return server.password();
            }

            @Override
            public String getJdbcUrl() {
                return url;
            }
        };
    }

    @Bean
    KafkaConnectionDetails kafkaConnectionDetails() {
        List<String> bootstrapServers = List.of(TestInfrastructure.kafka().bootstrapServers());
        return () -> bootstrapServers;
    }
}
