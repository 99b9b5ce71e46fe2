package io.aigateway.stt;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The step logic and its port stay free of Kafka and of provider SDKs; adapters depend on the port, not back. */
class SttArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.aigateway.stt");

    @Test
    void handlerAndPortKnowNeitherKafkaNorAzure() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.aigateway.stt.transcribe..",
                        "io.aigateway.stt.mock..",
                        "io.aigateway.stt.vosk..",
                        "io.aigateway.stt.pcm..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..", "com.azure..")
                .check(CLASSES);
    }

    @Test
    void thePortDoesNotKnowItsAdapters() {
        noClasses()
                .that()
                .resideInAPackage("io.aigateway.stt.transcribe..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.aigateway.stt.mock..", "io.aigateway.stt.vosk..", "io.aigateway.stt.azure..")
                .check(CLASSES);
    }
}
