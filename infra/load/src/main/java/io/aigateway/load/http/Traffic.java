package io.aigateway.load.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The requests of one kind of traffic. Each request carries its own correlation id, so the job it starts can be
 * followed on {@code gw.events} before the 202 even arrives.
 */
public interface Traffic {

    /** The {@code i}-th request, with this correlation id and the common headers already on the builder. */
    HttpRequest request(long i, HttpRequest.Builder builder);

    String describe();

    /**
     * Where a client follows what this request started until it ends, from the 202's body, when the job's events do
     * not tell (a batch's items are jobs of their own); empty when the job's terminal event does.
     */
    default java.util.Optional<URI> progress(String acceptedBody) {
        return java.util.Optional.empty();
    }

    /** Whether a progress document (see {@link #progress}) says the work ended, and how: null while it runs. */
    default Boolean ended(String progressBody) {
        return null;
    }

    /** {@code POST /v1/chat}: retrieval then the LLM, a rotating set of service-desk questions. */
    static Traffic chat(URI base, String model) {
        List<String> questions = List.of(
                "How do I reset my password?",
                "My VPN keeps disconnecting every few minutes",
                "How do I request access to a shared folder?",
                "The printer on floor 3 shows a paper jam",
                "How do I set up multi-factor authentication on a new phone?",
                "My laptop is really slow since the last update",
                "Someone stole my laptop from my car, what do I do?",
                "How do I book a meeting room with a projector?");
        URI uri = base.resolve("/v1/chat");
        return new Traffic() {
            @Override
            public HttpRequest request(long i, HttpRequest.Builder b) {
                String q = questions.get((int) (i % questions.size()));
                String options = model == null ? "" : ",\"options\":{\"model\":\"" + model + "\"}";
                return b.uri(uri)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"" + q + "\"" + options + "}"))
                        .build();
            }

            @Override
            public String describe() {
                return "chat: POST " + uri + (model == null ? "" : " model " + model);
            }
        };
    }

    /** {@code POST /v1/speech/transcriptions}: the same WAV recording each time. */
    static Traffic speech(URI base, byte[] wav, String source) {
        URI uri = base.resolve("/v1/speech/transcriptions?language=en-US");
        return new Traffic() {
            @Override
            public HttpRequest request(long i, HttpRequest.Builder b) {
                return b.uri(uri)
                        .header("Content-Type", "audio/wav")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(wav))
                        .build();
            }

            @Override
            public String describe() {
                return "speech: POST " + uri + " with " + source + " (" + wav.length + " bytes)";
            }
        };
    }

    /**
     * {@code POST /v1/batches}: a multipart upload of {@code items} copies of one WAV recording, each a {@code file}
     * part. Followed to its end by {@code GET /v1/batches/{id}} (status {@code completed}; any failed item fails it).
     */
    static Traffic batch(URI base, byte[] wav, String source, int items) {
        URI uri = base.resolve("/v1/batches");
        String boundary = "gatewayctl-" + Long.toHexString(System.nanoTime());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < items; i++) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"call-" + i
                            + ".wav\"\r\nContent-Type: audio/wav\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            body.writeBytes(wav);
            body.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nen-US\r\n--"
                        + boundary + "--\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] bytes = body.toByteArray();
        return new Traffic() {
            @Override
            public HttpRequest request(long i, HttpRequest.Builder b) {
                return b.uri(uri)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build();
            }

            @Override
            public String describe() {
                return "batch: POST " + uri + " with " + items + " x " + source + " (" + bytes.length + " bytes)";
            }

            @Override
            public java.util.Optional<URI> progress(String acceptedBody) {
                String id = io.aigateway.schemas.json.Json.mapper()
                        .readTree(acceptedBody)
                        .path("batchId")
                        .asString();
                return id == null || id.isBlank()
                        ? java.util.Optional.empty()
                        : java.util.Optional.of(base.resolve("/v1/batches/" + id));
            }

            @Override
            public Boolean ended(String progressBody) {
                var state = io.aigateway.schemas.json.Json.mapper().readTree(progressBody);
                if (!"completed".equals(state.path("status").asString())) {
                    return null;
                }
                return state.path("counts").path("failed").asInt(0) == 0;
            }
        };
    }

    /** Any endpoint: a fixed body of a content type, for traffic this tool does not know by name. */
    static Traffic custom(URI base, String path, String contentType, byte[] body) {
        URI uri = base.resolve(path);
        return new Traffic() {
            @Override
            public HttpRequest request(long i, HttpRequest.Builder b) {
                return b.uri(uri)
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
            }

            @Override
            public String describe() {
                return "custom: POST " + uri + " (" + contentType + ", " + body.length + " bytes)";
            }
        };
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A 16 kHz mono 16-bit WAV of {@code seconds} of a 440 Hz tone: valid audio for the whole speech path (the
     * recognizer hears no words in it, so the transcript is empty). Pass a recording with {@code --audio} for speech.
     */
    static byte[] tone(double seconds) {
        int rate = 16_000;
        int samples = (int) (seconds * rate);
        ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            pcm.putShort((short) (Math.sin(2 * Math.PI * 440 * i / rate) * 8_000));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes())
                .putInt(36 + samples * 2)
                .put("WAVE".getBytes())
                .put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(rate)
                .putInt(rate * 2)
                .putShort((short) 2)
                .putShort((short) 16)
                .put("data".getBytes())
                .putInt(samples * 2);
        out.writeBytes(header.array());
        out.writeBytes(pcm.array());
        return out.toByteArray();
    }
}
