package io.aigateway.allinone;

import io.aigateway.allinone.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Kafka's KRaft broker on its own, from the Maven artifacts alone, for running each service as its own process (see
 * {@code scripts/standalone.sh}). Arguments: data directory, client port, controller port. Stops on Ctrl-C.
 */
public final class StandaloneBroker {

    private StandaloneBroker() {}

    public static void main(String[] args) throws InterruptedException {
        Path dataDir = Path.of(args.length > 0 ? args[0] : "./data/standalone-kafka");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9092;
        int controllerPort = args.length > 2 ? Integer.parseInt(args[2]) : port + 1;
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, "localhost", port, controllerPort, 6);
        broker.start();
        System.err.println(
                "Kafka (KRaft) is up on " + broker.bootstrapServers() + ", data in " + dataDir.toAbsolutePath());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
