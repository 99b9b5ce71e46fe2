package io.aigateway.ingress;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.aigateway.ingress.events.EventFeed;
import io.aigateway.ingress.jobs.JobValidator;

/**
 * The ingress's feature packages and what they may know: Kafka only through pipeline-core's producer and the event
 * feed, no Spring Kafka at all, and dependencies between the features that run one way.
 */
@AnalyzeClasses(packages = "io.aigateway.ingress", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noSpringKafka = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework.kafka..")
            .because("the ingress uses pipeline-core's producer and its own plain consumer");

    @ArchTest
    static final ArchRule onlyTheEventFeedReadsKafka = noClasses()
            .that()
            .resideOutsideOfPackages(
                    "io.aigateway.ingress.events..",
                    "io.aigateway.ingress.documents..",
                    "io.aigateway.ingress.batches..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.apache.kafka..", "com.azure..")
            .because("submission publishes through GatewayProducer; only " + EventFeed.class.getSimpleName()
                    + ", the documents' catalog (a reader of the compacted gw.documents) and the batches' owner and feed"
                    + " reader (consumer groups on gw.batches and gw.ingest) talk to Kafka themselves");

    @ArchTest
    static final ArchRule featuresAreFreeOfCycles =
            slices().matching("io.aigateway.ingress.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule nothingDependsOnTheEventStreams = noClasses()
            .that()
            .resideInAnyPackage(
                    "io.aigateway.ingress.jobs..",
                    "io.aigateway.ingress.results..",
                    "io.aigateway.ingress.problems..",
                    "io.aigateway.ingress.correlation..",
                    "io.aigateway.ingress.tenancy..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.aigateway.ingress.events..");

    @ArchTest
    static final ArchRule readingDoesNotDependOnSubmission = noClasses()
            .that()
            .resideInAPackage("io.aigateway.ingress.results..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.aigateway.ingress.jobs..");

    @ArchTest
    static final ArchRule crossCuttingPackagesStandAlone = noClasses()
            .that()
            .resideInAnyPackage("io.aigateway.ingress.correlation..", "io.aigateway.ingress.tenancy..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.aigateway.ingress.jobs..",
                    "io.aigateway.ingress.results..",
                    "io.aigateway.ingress.events..",
                    "io.aigateway.ingress.problems..");

    @ArchTest
    static final ArchRule validationAndOrderingArePlainLogic = noClasses()
            .that()
            .haveSimpleName(JobValidator.class.getSimpleName())
            .or()
            .haveSimpleName("EventSequencer")
            .or()
            .haveSimpleName("RecentEvents")
            .or()
            .haveSimpleName("JobEventStream")
            .or()
            .haveSimpleName("RecentlyAccepted")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "jakarta.servlet..")
            .because("they are tested without a web server or a broker");
}
