package io.aigateway.results;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The fold is plain logic over the message records: it must stay testable and replayable without Kafka or Spring. */
@AnalyzeClasses(packages = "io.aigateway.results", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule foldingKnowsNoKafkaNorSpring = noClasses()
            .that()
            .resideInAPackage("io.aigateway.results.state..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.apache.kafka..", "org.springframework..", "com.azure..");

    @ArchTest
    static final ArchRule theTopologyKnowsNoSpring = noClasses()
            .that()
            .resideInAPackage("io.aigateway.results.topology..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..");
}
