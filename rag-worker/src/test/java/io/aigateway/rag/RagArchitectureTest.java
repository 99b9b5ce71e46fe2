package io.aigateway.rag;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The step logic and its port stay free of Kafka and of provider SDKs; adapters depend on the port, not back. */
class RagArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.aigateway.rag");

    @Test
    void handlerAndPortKnowNeitherKafkaNorAzure() {
        noClasses()
                .that()
                .resideInAnyPackage("io.aigateway.rag.retrieve..", "io.aigateway.rag.mock..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..", "com.azure..")
                .check(CLASSES);
    }

    @Test
    void onlyTheIndexerReadsKafkaAndOnlyTheAzureAdapterKnowsAzure() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.aigateway.rag.indexing..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..")
                .check(CLASSES);
        noClasses()
                .that()
                .resideOutsideOfPackage("io.aigateway.rag.azure..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.azure..")
                .check(CLASSES);
    }

    @Test
    void thePortDoesNotKnowItsAdapters() {
        noClasses()
                .that()
                .resideInAPackage("io.aigateway.rag.retrieve..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.aigateway.rag.mock..")
                .check(CLASSES);
    }
}
