package io.aigateway.allinone.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.pipeline.step.StepRuntime;
import io.aigateway.results.ResultStoreProperties;
import io.aigateway.results.topology.ResultStoreTopology;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.topic.Lane;
import io.aigateway.schemas.topic.Topic;
import io.aigateway.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deployment files cannot run here (no Docker engine, no Azure), so this checks what can be checked: that every
 * service, port, setting, file and topic they name exists in the project, the way the project names it.
 */
class DeploymentFilesTest {

    private static final List<String> SERVICES =
            List.of("ingress-api", "result-store", "stt-worker", "rag-worker", "llm-worker", "tts-worker");

    /** Variables read by something other than Spring's binding: azure-identity, and the modules' own placeholders. */
    private static final List<String> PLATFORM_VARIABLES = List.of("AZURE_CLIENT_ID");

    private static final String WEBHOOK_KEY = "GATEWAY_INGRESS_BATCHES_WEBHOOK_SIGNINGKEY";

    /** What the ingress must have the same on every replica, from a secret store: never made up per replica. */
    private static final List<String> INGRESS_SECRETS = List.of("GATEWAY_INGRESS_AUTH_BOOTSTRAPADMINKEY", WEBHOOK_KEY);

    private final ProjectFiles project = new ProjectFiles();

    // ---- docker-compose.yml ----

    @Test
    @SuppressWarnings("unchecked")
    void composeBuildsEveryServiceFromItsModuleWithItsOwnPort() {
        Map<String, Object> services = composeServices();
        assertThat(services)
                .containsKeys("kafka", "prometheus", "grafana")
                .containsKeys(SERVICES.toArray(String[]::new));
        List<String> modules = project.modules();
        for (String service : SERVICES) {
            Map<String, Object> definition = (Map<String, Object>) services.get(service);
            Map<String, Object> build = (Map<String, Object>) definition.get("build");
            assertThat(build).as("%s builds from the project", service).isNotNull();
            assertThat(project.exists((String) build.get("dockerfile"))).isTrue();
            String module = (String) ((Map<String, Object>) build.get("args")).get("MODULE");
            assertThat(module).isEqualTo(service);
            assertThat(modules).contains(module);
            assertThat(project.read(module + "/pom.xml"))
                    .as("%s packages an executable jar the Dockerfile copies", module)
                    .contains("<classifier>exec</classifier>");
            assertThat(definition.get("image")).isEqualTo("aigateway/" + service + ":local");
            assertThat(containerPorts(definition)).as("%s port", service).contains(project.port(module));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeSetsOnlySettingsTheServicesRead() {
        Map<String, Object> services = composeServices();
        for (String service : SERVICES) {
            Map<String, Object> env =
                    (Map<String, Object>) ((Map<String, Object>) services.get(service)).get("environment");
            assertThat(env).as("%s environment", service).isNotEmpty();
            for (String variable : env.keySet()) {
                assertThat(isRead(service, variable))
                        .as("%s sets %s, which no property or placeholder of the project reads", service, variable)
                        .isTrue();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsKafkaInKraftModeFromTheOfficialImage() {
        Map<String, Object> kafka = (Map<String, Object>) composeServices().get("kafka");
        assertThat((String) kafka.get("image")).startsWith("apache/kafka:");
        Map<String, Object> env = (Map<String, Object>) kafka.get("environment");
        assertThat(String.valueOf(env.get("KAFKA_PROCESS_ROLES"))).contains("broker", "controller");
        assertThat(String.valueOf(env.get("KAFKA_ADVERTISED_LISTENERS"))).contains("kafka:9092");
        assertThat(String.valueOf(env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"))).isEqualTo("false");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeMountsOnlyFilesThatExistAndTheDockerfileCopiesOnlyWhatExists() {
        for (Object definition : composeServices().values()) {
            Object volumes = ((Map<String, Object>) definition).get("volumes");
            if (volumes instanceof List<?> list) {
                for (Object volume : list) {
                    String source = String.valueOf(volume).split(":")[0];
                    if (source.startsWith("./")) {
                        assertThat(project.exists(source.substring(2)))
                                .as("mounted %s", source)
                                .isTrue();
                    }
                }
            }
        }
        Matcher copy = Pattern.compile("(?m)^COPY (?!--)(\\S+)").matcher(project.read("infra/docker/Dockerfile"));
        while (copy.find()) {
            assertThat(project.exists(copy.group(1)))
                    .as("Dockerfile copies %s", copy.group(1))
                    .isTrue();
        }
        for (String module : project.modules()) {
            assertThat(project.read("infra/docker/Dockerfile"))
                    .as("the Dockerfile copies module %s, which the reactor needs", module)
                    .contains("COPY " + module + " " + module);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryServiceOnAPathItServes() {
        Map<String, Object> config = ProjectFiles.yaml(project.read("infra/compose/prometheus.yml"));
        Map<String, Object> services = composeServices();
        List<String> scraped = new ArrayList<>();
        for (Object job : (List<Object>) config.get("scrape_configs")) {
            Map<String, Object> scrape = (Map<String, Object>) job;
            Map<String, Object> dns = (Map<String, Object>) ((List<Object>) scrape.get("dns_sd_configs")).get(0);
            String service = (String) ((List<Object>) dns.get("names")).get(0);
            assertThat(services).containsKey(service);
            assertThat(((Number) dns.get("port")).intValue()).isEqualTo(project.port(service));
            assertThat(scrape.get("metrics_path")).isIn("/metrics", "/actuator/prometheus");
            if ("/actuator/prometheus".equals(scrape.get("metrics_path"))) {
                assertThat(project.serviceConfig(service))
                        .as("%s exposes the prometheus endpoint", service)
                        .containsPattern("include:.*prometheus");
            }
            scraped.add(service);
        }
        assertThat(scraped).containsExactlyInAnyOrderElementsOf(SERVICES);
        assertThat(JsonMapper.builder()
                        .build()
                        .readTree(project.read("infra/grafana/gateway-dashboard.json"))
                        .path("panels"))
                .isNotEmpty();
    }

    // ---- infra/azure ----

    @Test
    void bicepCreatesEveryTopicOfTheRegistryWithItsCleanupPolicy() {
        Map<String, Boolean> declared = bicepTopics();
        for (Topic<?, ?> topic : Topics.all()) {
            assertThat(declared).as("event hub for %s", topic.name()).containsKey(topic.name());
            assertThat(declared.get(topic.name()))
                    .as("%s compacted", topic.name())
                    .isEqualTo(topic.compacted());
        }
        // Kafka Streams' changelogs for every store of the result store's topology, under its default application id
        List<String> stores = new ResultStoreTopology(Duration.ofHours(24), Duration.ofMinutes(1))
                .topology().describe().subtopologies().stream()
                        .flatMap(sub -> sub.nodes().stream())
                        .filter(TopologyDescription.Processor.class::isInstance)
                        .flatMap(node -> ((TopologyDescription.Processor) node).stores().stream())
                        .distinct()
                        .toList();
        assertThat(stores).contains("job-state", "job-events", "job-index", "batch-state", "batch-items");
        for (String store : stores) {
            String changelog = ResultStoreProperties.defaults().applicationId() + "-" + store + "-changelog";
            assertThat(declared).as("event hub for %s", changelog).containsEntry(changelog, true);
        }
    }

    @Test
    void bicepScalesEachWorkerOnItsOwnStepsLag() {
        String bicep = project.read("infra/azure/main.bicep");
        for (String service : SERVICES) {
            Matcher entry = Pattern.compile("'" + service + "': \\{ port: (\\d+), .*step: '([a-z]*)' }")
                    .matcher(bicep);
            assertThat(entry.find()).as("service %s in main.bicep", service).isTrue();
            assertThat(Integer.parseInt(entry.group(1))).as("%s port", service).isEqualTo(project.port(service));
            String step = entry.group(2);
            if (service.endsWith("-worker")) {
                assertThat(service).isEqualTo(step + "-worker");
                Step parsed = Step.find(step).orElseThrow();
                assertThat(Topics.step(parsed).name()).isEqualTo("gw.step." + step);
                assertThat(Topics.step(parsed, Lane.BATCH).name()).isEqualTo("gw.step." + step + ".batch");
                assertThat(StepRuntime.groupIdFor(parsed)).isEqualTo("gw-" + step + "-worker");
            } else {
                assertThat(step).isEmpty();
            }
        }
        assertThat(bicep)
                .contains(
                        "lagTopics: empty(s.value.step) ? [] : [ 'gw.step.${s.value.step}', 'gw.step.${s.value.step}.batch' ]")
                .contains("lagConsumerGroup: empty(s.value.step) ? '' : 'gw-${s.value.step}-worker'");
        assertThat(project.read("infra/azure/modules/service.bicep"))
                .contains("type: 'kafka'")
                .contains("path: '/health'")
                .contains("path: '/ready'");
    }

    @Test
    void bicepSetsOnlySettingsTheServicesRead() {
        for (String file : List.of("infra/azure/main.bicep", "infra/azure/modules/service.bicep")) {
            Matcher variable = Pattern.compile("\\{ name: '([A-Z][A-Z0-9_]+)'").matcher(project.read(file));
            int found = 0;
            while (variable.find()) {
                found++;
                String name = variable.group(1);
                assertThat(PLATFORM_VARIABLES.contains(name) || project.bindsToAProperty(name))
                        .as("%s sets %s, which no property of the project reads", file, name)
                        .isTrue();
            }
            assertThat(found).as("variables in %s", file).isPositive();
        }
    }

    /**
     * Secrets every ingress replica must share reach it from Key Vault: the first admin key, and the webhook signing key
     * (a key per replica would make the one that answers a batch's 202 and the one that signs its webhook disagree).
     */
    @Test
    void bicepPassesTheIngressItsSharedSecretsFromKeyVault() {
        String bicep = project.read("infra/azure/main.bicep");
        for (String variable : INGRESS_SECRETS) {
            Matcher env = Pattern.compile("\\{ name: '" + variable + "', secretRef: '([a-z-]+)' }")
                    .matcher(bicep);
            assertThat(env.find())
                    .as("the ingress gets %s from a secret", variable)
                    .isTrue();
            assertThat(project.bindsToAProperty(variable)).as(variable).isTrue();
            String secret = env.group(1);
            Matcher vaultRef = Pattern.compile(
                            "\\{ name: '" + secret + "', keyVaultUrl: (\\w+)\\.properties\\.secretUri, identity: ")
                    .matcher(bicep);
            assertThat(vaultRef.find())
                    .as("secret %s is a Key Vault reference", secret)
                    .isTrue();
            Matcher vaultSecret = Pattern.compile("resource " + vaultRef.group(1)
                            + " 'Microsoft.KeyVault/vaults/secrets@[^']+' = \\{\\s+parent: vault\\s+name: '"
                            + secret + "'\\s+properties: \\{ value: (\\w+) }")
                    .matcher(bicep);
            assertThat(vaultSecret.find()).as("Key Vault secret %s", secret).isTrue();
            assertThat(bicep)
                    .as("parameter %s is secure", vaultSecret.group(1))
                    .containsPattern(
                            "@secure\\(\\)\\s+(@\\w+\\([^)]*\\)\\s+)*param " + vaultSecret.group(1) + " string");
        }
        assertThat(bicep).containsPattern("@minLength\\(32\\)\\s+param webhookSigningKey string");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeAndTheStandaloneScriptPassTheWebhookSigningKey() {
        Map<String, Object> ingress = (Map<String, Object>) composeServices().get("ingress-api");
        Map<String, Object> env = (Map<String, Object>) ingress.get("environment");
        assertThat(String.valueOf(env.get(WEBHOOK_KEY))).isEqualTo("${WEBHOOK_SIGNING_KEY:-}");
        String script = project.read("scripts/standalone.sh");
        for (String variable : INGRESS_SECRETS) {
            assertThat(script)
                    .as("scripts/standalone.sh starts the ingress with %s", variable)
                    .containsPattern("start ingress env .*" + variable + "=\"\\$\\w+\"");
        }
    }

    @Test
    void bicepHasTheIdentityVaultMonitoringAndFrontDoorTheDeploymentGuideDescribes() {
        String bicep = project.read("infra/azure/main.bicep");
        assertThat(bicep)
                .contains("Microsoft.EventHub/namespaces@")
                .contains("name: 'Premium'")
                .contains("kafkaEnabled: true")
                .contains("Microsoft.ManagedIdentity/userAssignedIdentities@")
                .contains("Microsoft.KeyVault/vaults@")
                .contains("Microsoft.Insights/components@")
                .contains("Microsoft.App/managedEnvironments@")
                .contains("Microsoft.Cdn/profiles@");
        assertThat(project.read("docs/deployment-azure.md")).contains("infra/azure/main.bicep");
    }

    // ---- helpers ----

    @SuppressWarnings("unchecked")
    private Map<String, Object> composeServices() {
        return (Map<String, Object>)
                ProjectFiles.yaml(project.read("docker-compose.yml")).get("services");
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> containerPorts(Map<String, Object> definition) {
        List<Integer> ports = new ArrayList<>();
        for (String key : List.of("ports", "expose")) {
            Object value = definition.get(key);
            if (value instanceof List<?> list) {
                for (Object port : list) {
                    String text = String.valueOf(port);
                    ports.add(Integer.parseInt(text.substring(text.lastIndexOf(':') + 1)));
                }
            }
        }
        return ports;
    }

    private boolean isRead(String module, String variable) {
        return PLATFORM_VARIABLES.contains(variable)
                || project.serviceConfig(module).contains("${" + variable + ":")
                || project.bindsToAProperty(variable);
    }

    private Map<String, Boolean> bicepTopics() {
        Matcher topic = Pattern.compile("\\{ name: '([a-z.\\-]+)', compact: (true|false)")
                .matcher(project.read("infra/azure/main.bicep"));
        Map<String, Boolean> topics = new LinkedHashMap<>();
        while (topic.find()) {
            topics.put(topic.group(1), Boolean.parseBoolean(topic.group(2)));
        }
        return topics;
    }
}
