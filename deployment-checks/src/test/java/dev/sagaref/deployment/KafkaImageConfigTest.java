package dev.sagaref.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaImageConfigTest {

    @Test
    void variablesBecomeSettingsByTheImagesRule() {
        assertThat(KafkaImageConfig.propertyName("LISTENER_NAME_CLIENTS_SCRAM___SHA___512_SASL_JAAS_CONFIG"))
                .isEqualTo("listener.name.clients.scram-sha-512.sasl.jaas.config");
        assertThat(KafkaImageConfig.propertyName("ABC__DEF")).isEqualTo("abc_def");
    }

    @Test
    void aSaslMechanismWithoutItsLoginSettingIsMissing() {
        KafkaImageConfig broker = new KafkaImageConfig(Map.of(
                "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CLIENTS:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "KAFKA_SASL_ENABLED_MECHANISMS", "SCRAM-SHA-512,PLAIN",
                "KAFKA_LISTENER_NAME_CLIENTS_PLAIN_SASL_JAAS_CONFIG", "...",
                // The image reads a double underscore as an underscore: this is not the SCRAM listener's setting.
                "KAFKA_LISTENER_NAME_CLIENTS_SCRAM__SHA__512_SASL_JAAS_CONFIG", "..."));

        assertThat(broker.missingLoginSettings())
                .containsExactly("listener.name.clients.scram-sha-512.sasl.jaas.config");
    }
}
