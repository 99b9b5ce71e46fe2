package io.aigateway.llm;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The step logic and its port stay free of Kafka and of provider SDKs; adapters depend on the port, not back. */
class LlmArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.aigateway.llm");

    @Test
    void handlerAndPortKnowNeitherKafkaNorAzure() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.aigateway.llm.chat..",
                        "io.aigateway.llm.mock..",
                        "io.aigateway.llm.routing..",
                        "io.aigateway.llm.usage..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..", "com.azure..")
                .check(CLASSES);
    }

    @Test
    void thePortDoesNotKnowItsAdapters() {
        noClasses()
                .that()
                .resideInAPackage("io.aigateway.llm.chat..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.aigateway.llm.mock..")
                .check(CLASSES);
    }
}
