package io.aigateway.llm.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark of {@code POST /v1/chat/completions}: a stub upstream speaking the OpenAI chat API (a JDK HttpServer, no
 * delay of its own) called directly, and the gateway in front of it (all-in-one with an {@code openai-compatible}
 * provider pointing at the stub), in the same run: requests per second and p50/p99 at concurrency 1, 16 and 64
 * (closed loop), and the time to the first content chunk when streaming. JDK only, so {@code scripts/bench-chat.sh}
 * runs it as a single source file. Not a test: it asserts nothing and is not run by the build.
 *
 * <p>Arguments: {@code stub-port gateway-url seconds-per-level} ({@code stub} alone: only serve the stub).
 */
public final class ChatBench {

    private static final String BODY = "{\"model\":\"bench\",\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"How do I reset my VPN token?\"}],\"max_tokens\":64}";
    private static final String STREAM_BODY = "{\"model\":\"bench\",\"stream\":true,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"How do I reset my VPN token?\"}],\"max_tokens\":64}";
    private static final List<String> WORDS = List.of(
            "Open ",
            "the ",
            "self-service ",
            "portal, ",
            "choose ",
            "VPN ",
            "token, ",
            "then ",
            "Reset ",
            "[1]. ",
            "Sign ",
            "in ",
            "again ",
            "on ",
            "your ",
            "laptop ",
            "and ",
            "phone ",
            "afterwards ",
            "[2].");

    public static void main(String[] args) throws Exception {
        int stubPort = Integer.parseInt(args[0]);
        HttpServer stub = stub(stubPort);
        if (args.length > 1 && args[1].equals("stub")) {
            System.out.println("stub upstream on http://127.0.0.1:" + stubPort + "/v1");
            Thread.currentThread().join();
        }
        String gateway = args[1];
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        String direct = "http://127.0.0.1:" + stubPort;
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(8))
                .build();
        System.out.println("| target | concurrency | requests | req/s | p50 ms | p99 ms | errors |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int c : new int[] {1, 16, 64}) {
            for (String[] target : new String[][] {{"stub direct", direct}, {"gateway", gateway}}) {
                run(client, target[1], BODY, c, 4, false); // warm-up
                Result r = run(client, target[1], BODY, c, seconds, false);
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %d | %d | %.0f | %.2f | %.2f | %d |%n",
                        target[0],
                        c,
                        r.latencies.size(),
                        r.latencies.size() / r.seconds,
                        r.p(50),
                        r.p(99),
                        r.errors);
            }
        }
        System.out.println();
        System.out.println(
                "| target (stream, concurrency 1) | requests | first token p50 ms | p99 ms | whole p50 ms |");
        System.out.println("|---|---|---|---|---|");
        for (String[] target : new String[][] {{"stub direct", direct}, {"gateway", gateway}}) {
            run(client, target[1], STREAM_BODY, 1, 4, true);
            Result r = run(client, target[1], STREAM_BODY, 1, seconds, true);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %.2f | %.2f | %.2f |%n",
                    target[0],
                    r.firstToken.size(),
                    r.pFirst(50),
                    r.pFirst(99),
                    r.p(50));
        }
        stub.stop(0);
        System.exit(0);
    }

    record Result(List<Double> latencies, List<Double> firstToken, int errors, double seconds) {
        double p(int pct) {
            return percentile(latencies, pct);
        }

        double pFirst(int pct) {
            return percentile(firstToken, pct);
        }

        private static double percentile(List<Double> values, int pct) {
            if (values.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(pct / 100.0 * sorted.size()) - 1));
        }
    }

    private static Result run(HttpClient client, String base, String body, int concurrency, int seconds, boolean stream)
            throws InterruptedException {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Double> first = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            pool.execute(() -> {
                try {
                    while (System.nanoTime() < end) {
                        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer sk-bench")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build();
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<InputStream> response =
                                    client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                            long firstAt = read(response.body(), stream);
                            long t1 = System.nanoTime();
                            if (response.statusCode() != 200) {
                                errors.incrementAndGet();
                                continue;
                            }
                            latencies.add((t1 - t0) / 1e6);
                            if (stream && firstAt > 0) {
                                first.add((firstAt - t0) / 1e6);
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(latencies, first, errors.get(), elapsed);
    }

    /** Reads the body; returns when the first content delta arrived (streams), or 0. */
    private static long read(InputStream in, boolean stream) throws IOException {
        long firstAt = 0;
        byte[] buffer = new byte[8192];
        StringBuilder seen = new StringBuilder();
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (stream && firstAt == 0) {
                    seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    if (seen.indexOf("\"content\":\"O") >= 0) {
                        firstAt = System.nanoTime();
                    }
                }
            }
        }
        return firstAt;
    }

    /** The stub upstream: a whole completion, or a stream of one chunk per word with the usage chunk and [DONE]. */
    private static HttpServer stub(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.setExecutor(Executors.newFixedThreadPool(32));
        server.createContext("/v1/chat/completions", exchange -> {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean stream = request.replace(" ", "").contains("\"stream\":true");
            if (!stream) {
                byte[] body = ("{\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion\",\"created\":1733300000,"
                                + "\"model\":\"stub-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                                + "\"content\":\"" + String.join("", WORDS) + "\"},\"finish_reason\":\"stop\"}],"
                                + "\"usage\":{\"prompt_tokens\":42,\"completion_tokens\":20,\"total_tokens\":62}}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                write(out, chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
                for (String word : WORDS) {
                    write(out, chunk("{\"content\":\"" + word + "\"}", null));
                }
                write(out, chunk("{}", "\"stop\""));
                write(
                        out,
                        "data: {\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion.chunk\",\"created\":1733300000,"
                                + "\"model\":\"stub-model\",\"choices\":[],\"usage\":{\"prompt_tokens\":42,"
                                + "\"completion_tokens\":20,\"total_tokens\":62}}\n\n");
                write(out, "data: [DONE]\n\n");
            }
        });
        server.start();
        return server;
    }

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion.chunk\",\"created\":1733300000,"
                + "\"model\":\"stub-model\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finish == null ? "null" : finish) + "}]}\n\n";
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private ChatBench() {}
}
