package io.aigateway.allinone.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

class EmbeddedKafkaBrokerTest {

    private static final String HOST = "localhost";
    private static final String TOPIC = "greetings";
    private static final int PARTITIONS = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @BeforeAll
    static void quietKafka() {
        // No Spring context here to apply application.yml, and the logging backend's own default is DEBUG.
        LoggingSystem logging = LoggingSystem.get(EmbeddedKafkaBrokerTest.class.getClassLoader());
        for (String logger : List.of("kafka", "org.apache.kafka", "state.change.logger")) {
            logging.setLogLevel(logger, LogLevel.WARN);
        }
    }

    @Test
    void keepsTopicsAndRecordsAcrossRestarts() throws Exception {
        int[] ports = freePorts(2);
        String clusterId;

        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, HOST, ports[0], ports[1], PARTITIONS)) {
            broker.start();
            assertThat(broker.bootstrapServers()).isEqualTo(HOST + ":" + ports[0]);
            try (Admin admin = admin(broker)) {
                // No partition count given, so this also shows num.partitions took effect.
                admin.createTopics(List.of(new NewTopic(TOPIC, Optional.empty(), Optional.empty())))
                        .all()
                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                clusterId = admin.describeCluster().clusterId().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertThat(describeTopic(admin).partitions()).hasSize(PARTITIONS);
            }
            produce(broker, "hello", "world");
            assertThat(readAll(broker)).containsExactly("hello=world");
        }
        assertThat(dataDir.resolve("log/meta.properties")).isRegularFile();

        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, HOST, ports[0], ports[1], PARTITIONS)) {
            broker.start();
            try (Admin admin = admin(broker)) {
                // A second formatting would have made a new cluster with no topics.
                assertThat(admin.describeCluster().clusterId().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                        .isEqualTo(clusterId);
                assertThat(describeTopic(admin).partitions()).hasSize(PARTITIONS);
            }
            assertThat(readAll(broker)).containsExactly("hello=world");
        }
    }

    @Test
    void namesTheClientPortWhenItIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            int port = taken.getLocalPort();
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, HOST, port, freePorts(1)[0], PARTITIONS);

            assertThatThrownBy(broker::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("client port " + port)
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    void namesTheControllerPortWhenItIsTaken() throws IOException {
        // Left to Kafka, a taken controller port is a fatal fault that halts the JVM, this test's included.
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            int port = taken.getLocalPort();
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, HOST, freePorts(1)[0], port, PARTITIONS);

            assertThatThrownBy(broker::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("controller port " + port)
                    .hasMessageContaining("already in use");
        }
    }

    private static Admin admin(EmbeddedKafkaBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static TopicDescription describeTopic(Admin admin) throws Exception {
        return admin.describeTopics(List.of(TOPIC))
                .allTopicNames()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .get(TOPIC);
    }

    private static void produce(EmbeddedKafkaBroker broker, String key, String value) throws Exception {
        Map<String, Object> settings = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Every record of the topic as key=value, read from the start without a consumer group. */
    private static List<String> readAll(EmbeddedKafkaBroker broker) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            partitions.add(new TopicPartition(TOPIC, partition));
        }
        Map<String, Object> settings = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        List<String> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // The consumer is not thread-safe, hence polling it on this thread.
            await().atMost(TIMEOUT).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(record.key() + "=" + record.value());
                }
                return !records.isEmpty();
            });
        }
        return records;
    }

    /** Distinct free ports: KRaft's voter list needs the controller's real port, so port 0 will not do. */
    private static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                // All held open at once, so they are distinct.
                sockets[i] = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }
}
