package dev.sagaref.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The layering every service keeps, as ArchUnit rules. Each service's architecture test checks them against its own
 * classes; test-support's tests show each rule failing on a fixture that breaks it. Framework types are named as
 * strings, so this module needs none of them.
 */
public final class ServiceArchitecture {

    /** The root package of each service; a service may use its own classes and the shared modules, nothing else. */
    public static final List<String> SERVICE_PACKAGES = List.of(
            "dev.sagaref.order",
            "dev.sagaref.payment",
            "dev.sagaref.inventory",
            "dev.sagaref.shipping",
            "dev.sagaref.orchestrator");

    private ServiceArchitecture() {}

    /** The production classes under {@code rootPackage}. */
    public static JavaClasses importMainClasses(String rootPackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
    }

    /** A service talks to the others through messages only: no imports from another service's packages. */
    public static ArchRule noImportsFromOtherServices(String ownPackage) {
        String[] others = SERVICE_PACKAGES.stream()
                .filter(service -> !service.equals(ownPackage))
                .map(service -> service + "..")
                .toArray(String[]::new);
        return noClasses()
                .that()
                .resideInAPackage(ownPackage + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(others)
                .as("classes of " + ownPackage + " should not use another service's classes");
    }

    /**
     * Controllers and message handlers stay thin: they call services, which own the transactions and the rules; they
     * never reach a repository, JDBC or the entity manager themselves.
     */
    public static ArchRule edgesUseServicesNotPersistence() {
        return noClasses()
                .that()
                .areMetaAnnotatedWith("org.springframework.stereotype.Controller")
                .or()
                .areAnnotatedWith("org.springframework.kafka.annotation.KafkaListener")
                .or(haveAMethodAnnotatedWith("org.springframework.kafka.annotation.KafkaListener"))
                .should()
                .dependOnClassesThat(arePersistence())
                .as("controllers and message handlers should depend on services, not on repositories or JDBC");
    }

    /** Entities and their parts are the domain: they know nothing of HTTP, Kafka or the messaging infrastructure. */
    public static ArchRule entitiesKnowNoWebOrMessaging() {
        return noClasses()
                .that()
                .areAnnotatedWith("jakarta.persistence.Entity")
                .or()
                .areAnnotatedWith("jakarta.persistence.Embeddable")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework.web..",
                        "org.springframework.http..",
                        "jakarta.servlet..",
                        "org.springframework.kafka..",
                        "org.apache.kafka..",
                        "dev.sagaref.messaging..")
                .as("entities should not depend on web or messaging");
    }

    /** The shared messaging library serves every service and so may know none of them. */
    public static ArchRule sharedCodeKnowsNoService(String sharedPackage) {
        return noClasses()
                .that()
                .resideInAPackage(sharedPackage + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        SERVICE_PACKAGES.stream().map(service -> service + "..").toArray(String[]::new))
                .as(sharedPackage + " should depend on no service");
    }

    private static DescribedPredicate<JavaClass> haveAMethodAnnotatedWith(String annotation) {
        return DescribedPredicate.describe(
                "have a method annotated with @" + annotation.substring(annotation.lastIndexOf('.') + 1),
                javaClass -> javaClass.getMethods().stream().anyMatch(method -> method.isAnnotatedWith(annotation)));
    }

    private static DescribedPredicate<JavaClass> arePersistence() {
        return DescribedPredicate.describe(
                "are repositories, JDBC or the entity manager",
                javaClass -> javaClass.isAssignableTo("org.springframework.data.repository.Repository")
                        || javaClass.isAnnotatedWith("org.springframework.stereotype.Repository")
                        || javaClass.getPackageName().startsWith("org.springframework.jdbc")
                        || javaClass.isAssignableTo("jakarta.persistence.EntityManager")
                        || javaClass.isAssignableTo("javax.sql.DataSource"));
    }
}
