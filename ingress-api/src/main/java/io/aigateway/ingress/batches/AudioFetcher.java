package io.aigateway.ingress.batches;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Downloads a recording by URL, within the {@link UrlPolicy}: checked (scheme, credentials, allowed host, every address
 * its name resolves to) immediately before the request, redirects never followed (a 3xx is a failure, so an allowed
 * host cannot bounce the gateway to an internal one), the body cut off past {@code maxBytes}, the whole exchange bounded
 * in time. The check and the connection both resolve the name through the JVM's address cache, so they see the same
 * answer.
 */
public final class AudioFetcher {

    private final UrlPolicy policy;
    private final HttpClient http;
    private final long maxBytes;
    private final Duration timeout;

    public AudioFetcher(UrlPolicy policy, BatchProperties.Fetch settings) {
        this.policy = policy;
        this.maxBytes = settings.maxBytes().toBytes();
        this.timeout = settings.timeout();
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout())
                .proxy(HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** What a download gave: the bytes and the declared type (may be null). */
    public record Download(byte[] bytes, String contentType) {}

    /** Why a download failed, with a stable code for the item's error. */
    public static final class FetchException extends RuntimeException {
        private final String code;

        public FetchException(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** Checks the URL against the policy without fetching anything; throws {@link UrlRefusedException}. */
    public URI check(String url) {
        URI uri = policy.parse(url, true);
        policy.addressesOf(uri.getHost());
        return uri;
    }

    public Download fetch(String url) {
        return fetch(url, Long.MAX_VALUE);
    }

    /**
     * Downloads within {@code fetch.timeout} and before {@code deadlineNanos} (a {@link System#nanoTime} value: the end
     * of the request's time for all its downloads), whichever comes first; past the deadline nothing is requested.
     */
    public Download fetch(String url, long deadlineNanos) {
        URI uri = check(url);
        Duration time = within(deadlineNanos);
        if (time == null) {
            throw new FetchException(
                    "fetch_timeout", "the request's time for downloads ran out before " + uri.getHost());
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(time)
                .header("Accept", "audio/*, application/octet-stream;q=0.5")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new FetchException("fetch_timeout", "connecting to " + uri.getHost() + " timed out");
        } catch (HttpTimeoutException e) {
            throw new FetchException("fetch_timeout", "the download from " + uri.getHost() + " timed out");
        } catch (IOException e) {
            throw new FetchException("fetch_failed", "the download from " + uri.getHost() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("fetch_failed", "interrupted");
        }
        long started = System.nanoTime();
        InputStream body = response.body();
        // the request timeout ends at the headers; a body that trickles is cut off when the whole time is up
        ScheduledFuture<?> cutOff = TIMER.schedule(() -> closeQuietly(body), time.toMillis(), TimeUnit.MILLISECONDS);
        try (body) {
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                throw new FetchException(
                        "redirect_not_followed",
                        uri.getHost() + " answered " + status + " (a redirect); redirects are not followed");
            }
            if (status != 200) {
                throw new FetchException("fetch_failed", uri.getHost() + " answered " + status);
            }
            long declared =
                    response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                throw new FetchException(
                        "fetch_too_large", "the recording has " + declared + " bytes; at most " + maxBytes);
            }
            byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new FetchException("fetch_too_large", "the recording is larger than " + maxBytes + " bytes");
            }
            return new Download(
                    Arrays.copyOf(bytes, bytes.length),
                    response.headers().firstValue("Content-Type").orElse(null));
        } catch (IOException e) {
            if (System.nanoTime() - started >= time.toNanos()) {
                throw new FetchException("fetch_timeout", "the download from " + uri.getHost() + " timed out");
            }
            throw new FetchException("fetch_failed", "reading the download from " + uri.getHost() + " failed: " + e);
        } finally {
            cutOff.cancel(false);
        }
    }

    /** This download's time: {@code fetch.timeout}, or what is left before the deadline; null when nothing is. */
    private Duration within(long deadlineNanos) {
        if (deadlineNanos == Long.MAX_VALUE) {
            return timeout;
        }
        long left = deadlineNanos - System.nanoTime();
        if (left < 1_000_000) {
            return null;
        }
        return left < timeout.toNanos() ? Duration.ofNanos(left) : timeout;
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // it is being cut off anyway
        }
    }

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "batch-fetch-timer");
        t.setDaemon(true);
        return t;
    });
}
