package dev.sagaref.payment;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagaref.mismapped.MisMappedAccount;
import dev.sagaref.testsupport.RealInfrastructureConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Configuration;

/** Flyway owns the schema; an entity that disagrees with it stops the service at start, naming what is wrong. */
class MappingMatchesMigrationsIT {

    @Configuration(proxyBeanMethods = false)
    @EntityScan(basePackageClasses = {PaymentServiceApplication.class, MisMappedAccount.class})
    static class WithAMisMappedEntity {}

    @Test
    void aMappingThatDisagreesWithTheMigrationsFailsTheStart() {
        SpringApplicationBuilder service = new SpringApplicationBuilder(
                        PaymentServiceApplication.class,
                        RealInfrastructureConfiguration.class,
                        WithAMisMappedEntity.class)
                .properties("server.port=0", "spring.main.banner-mode=off");

        assertThatThrownBy(() -> service.run().close())
                .rootCause()
                .hasMessageContaining("missing column [nickname]")
                .hasMessageContaining("accounts");
    }
}
