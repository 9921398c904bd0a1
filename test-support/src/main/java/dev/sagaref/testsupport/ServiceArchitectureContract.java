package dev.sagaref.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Extend in a service's tests to check its production classes against {@link ServiceArchitecture}'s rules. One
 * instance for all rules, so the classes are imported (read from disk and parsed) once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServiceArchitectureContract {

    private final String rootPackage;
    private final JavaClasses classes;

    protected ServiceArchitectureContract(String rootPackage) {
        this.rootPackage = rootPackage;
        this.classes = ServiceArchitecture.importMainClasses(rootPackage);
    }

    @Test
    void usesNoOtherServicesClasses() {
        ServiceArchitecture.noImportsFromOtherServices(rootPackage).check(classes);
    }

    @Test
    void controllersAndMessageHandlersGoThroughServices() {
        ServiceArchitecture.edgesUseServicesNotPersistence().check(classes);
    }

    @Test
    void entitiesKnowNoWebOrMessaging() {
        ServiceArchitecture.entitiesKnowNoWebOrMessaging().check(classes);
    }
}
