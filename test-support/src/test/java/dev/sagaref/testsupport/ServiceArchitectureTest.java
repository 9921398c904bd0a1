package dev.sagaref.testsupport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** Each architecture rule fails on a fixture that breaks it, and passes on one that keeps it. */
class ServiceArchitectureTest {

    private static JavaClasses fixtures(String... packages) {
        return new ClassFileImporter().importPackages(packages);
    }

    @Test
    void aServiceUsingAnotherServicesClassFails() {
        JavaClasses classes = fixtures("dev.sagaref.payment.archfixture", "dev.sagaref.order.archfixture");

        assertThatThrownBy(() -> ServiceArchitecture.noImportsFromOtherServices("dev.sagaref.payment")
                        .check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("PeeksIntoOrders");
        assertThatCode(() -> ServiceArchitecture.noImportsFromOtherServices("dev.sagaref.order")
                        .check(classes))
                .doesNotThrowAnyException();
    }

    @Test
    void aControllerUsingJdbcAndAListenerUsingARepositoryFail() {
        assertThatThrownBy(() -> ServiceArchitecture.edgesUseServicesNotPersistence()
                        .check(fixtures("dev.sagaref.testsupport.archfixture.broken")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ControllerWithJdbc")
                .hasMessageContaining("ListenerWithRepository")
                .hasMessageContaining("ClassLevelListenerWithJdbc");
        assertThatCode(() -> ServiceArchitecture.edgesUseServicesNotPersistence()
                        .check(fixtures("dev.sagaref.testsupport.archfixture.clean")))
                .doesNotThrowAnyException();
    }

    @Test
    void anEntityKnowingHttpFails() {
        assertThatThrownBy(() -> ServiceArchitecture.entitiesKnowNoWebOrMessaging()
                        .check(fixtures("dev.sagaref.testsupport.archfixture.broken")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("EntityWithHttp")
                .hasMessageContaining("EmbeddableWithKafka");
        assertThatCode(() -> ServiceArchitecture.entitiesKnowNoWebOrMessaging()
                        .check(fixtures("dev.sagaref.testsupport.archfixture.clean")))
                .doesNotThrowAnyException();
    }

    @Test
    void sharedMessagingCodeKnowingAServiceFails() {
        assertThatThrownBy(() -> ServiceArchitecture.sharedCodeKnowsNoService("dev.sagaref.messaging")
                        .check(fixtures("dev.sagaref.messaging.archfixture", "dev.sagaref.order.archfixture")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("KnowsAService");
        assertThatCode(() -> ServiceArchitecture.sharedCodeKnowsNoService("dev.sagaref.messaging")
                        .check(fixtures("dev.sagaref.messaging.archfixture.clean", "dev.sagaref.order.archfixture")))
                .doesNotThrowAnyException();
    }
}
