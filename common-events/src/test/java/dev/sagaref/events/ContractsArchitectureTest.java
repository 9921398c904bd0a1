package dev.sagaref.events;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The contracts stay plain: no framework leaks into what every service and every old consumer must read. */
class ContractsArchitectureTest {

    private final JavaClasses contracts = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sagaref.events");

    @Test
    void noSpringOrPersistence() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "jakarta.persistence..", "org.hibernate..")
                .check(contracts);
    }

    @Test
    void messagesAreRecords() {
        classes()
                .that()
                .resideInAnyPackage(
                        "dev.sagaref.events.order",
                        "dev.sagaref.events.payment",
                        "dev.sagaref.events.inventory",
                        "dev.sagaref.events.shipping")
                .and()
                .areNotInterfaces()
                .should()
                .beRecords()
                .check(contracts);
    }
}
