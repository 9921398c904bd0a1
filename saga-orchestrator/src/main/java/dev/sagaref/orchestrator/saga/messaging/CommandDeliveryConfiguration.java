package dev.sagaref.orchestrator.saga.messaging;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CommandDeliveryConfiguration.DeliveryProperties.class)
class CommandDeliveryConfiguration {

    /**
     * How the orchestrator tells a lost command from a slow participant, under {@code saga.delivery.*}.
     *
     * @param commandConsumers the consumer group that reads each command topic
     * @param kafkaTimeout how long to wait for Kafka's answer before treating nothing as lost this time
     */
    @ConfigurationProperties("saga.delivery")
    record DeliveryProperties(Map<String, String> commandConsumers, Duration kafkaTimeout) {}

    @Bean
    KafkaCommandDelivery commandDelivery(KafkaAdmin kafkaAdmin, KafkaProperties kafka, DeliveryProperties delivery) {
        return new KafkaCommandDelivery(
                Admin.create(kafkaAdmin.getConfigurationProperties()),
                delivery.commandConsumers() == null ? Map.of() : delivery.commandConsumers(),
                kafka.getConsumer().getGroupId(),
                delivery.kafkaTimeout() == null ? Duration.ofSeconds(5) : delivery.kafkaTimeout());
    }
}
