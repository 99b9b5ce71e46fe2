package io.aigateway.ingress.speech;

import io.aigateway.schemas.job.Transcript;
import io.aigateway.schemas.job.Word;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * A transcript in the response formats of OpenAI's {@code /v1/audio/transcriptions}: {@code json} ({@code {"text"}}),
 * {@code text}, {@code srt}, {@code vtt} and {@code verbose_json} ({@code task}, {@code language}, {@code duration},
 * {@code text}, {@code segments} and {@code words}).
 *
 * <p>The engines give words with times, not segments; segments are made from the words: a new one starts after a pause
 * of {@value #PAUSE_SECONDS} s or once a segment reached {@value #MAX_SEGMENT_SECONDS} s. A segment's {@code
 * avg_logprob} is the mean natural log of its words' confidences, {@code compression_ratio} its text's length over its
 * deflated length (as Whisper computes it), {@code no_speech_prob} 0 (a segment is only made from recognised words),
 * {@code temperature} 0, {@code seek} 0 and {@code tokens} empty (the engines have no tokens).
 */
public final class TranscriptFormats {

    static final double PAUSE_SECONDS = 1.0;
    static final double MAX_SEGMENT_SECONDS = 15.0;

    private TranscriptFormats() {}

    record Segment(int id, double start, double end, String text, List<Word> words) {}

    static List<Segment> segments(Transcript t) {
        List<Segment> out = new ArrayList<>();
        List<Word> current = new ArrayList<>();
        for (Word w : t.words()) {
            if (!current.isEmpty()) {
                Word previous = current.get(current.size() - 1);
                boolean pause = w.start() - previous.end() > PAUSE_SECONDS;
                boolean full = w.end() - current.get(0).start() > MAX_SEGMENT_SECONDS;
                if (pause || full) {
                    out.add(segment(out.size(), current));
                    current = new ArrayList<>();
                }
            }
            current.add(w);
        }
        if (!current.isEmpty()) {
            out.add(segment(out.size(), current));
        }
        if (out.isEmpty() && t.text() != null && !t.text().isBlank()) {
            out.add(new Segment(0, 0, t.durationSeconds(), t.text().strip(), List.of()));
        }
        return out;
    }

    private static Segment segment(int id, List<Word> words) {
        String text = String.join(" ", words.stream().map(Word::word).toList());
        return new Segment(id, words.get(0).start(), words.get(words.size() - 1).end(), text, List.copyOf(words));
    }

    static Map<String, Object> json(Transcript t) {
        return Map.of("text", text(t));
    }

    static Map<String, Object> verbose(Transcript t, boolean withSegments, boolean withWords) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", "transcribe");
        body.put("language", languageName(t.language()));
        body.put("duration", round(t.durationSeconds()));
        body.put("text", text(t));
        if (withSegments) {
            List<Map<String, Object>> segments = new ArrayList<>();
            for (Segment s : segments(t)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", s.id());
                m.put("seek", 0);
                m.put("start", round(s.start()));
                m.put("end", round(s.end()));
                m.put("text", " " + s.text());
                m.put("tokens", List.of());
                m.put("temperature", 0.0);
                m.put("avg_logprob", round(avgLogprob(s.words())));
                m.put("compression_ratio", round(compressionRatio(s.text())));
                m.put("no_speech_prob", 0.0);
                segments.add(m);
            }
            body.put("segments", segments);
        }
        if (withWords) {
            body.put(
                    "words",
                    t.words().stream()
                            .map(w -> {
                                Map<String, Object> m = new LinkedHashMap<>();
                                m.put("word", w.word());
                                m.put("start", round(w.start()));
                                m.put("end", round(w.end()));
                                return m;
                            })
                            .toList());
        }
        return body;
    }

    static String text(Transcript t) {
        return t.text() == null ? "" : t.text().strip();
    }

    public static String srt(Transcript t) {
        StringBuilder out = new StringBuilder();
        for (Segment s : segments(t)) {
            out.append(s.id() + 1).append('\n');
            out.append(time(s.start(), ','))
                    .append(" --> ")
                    .append(time(s.end(), ','))
                    .append('\n');
            out.append(s.text()).append("\n\n");
        }
        return out.toString();
    }

    public static String vtt(Transcript t) {
        StringBuilder out = new StringBuilder("WEBVTT\n\n");
        for (Segment s : segments(t)) {
            out.append(time(s.start(), '.'))
                    .append(" --> ")
                    .append(time(s.end(), '.'))
                    .append('\n');
            out.append(s.text()).append("\n\n");
        }
        return out.toString();
    }

    static String time(double seconds, char separator) {
        long ms = Math.round(seconds * 1000);
        return String.format(
                Locale.ROOT,
                "%02d:%02d:%02d%c%03d",
                ms / 3_600_000,
                (ms / 60_000) % 60,
                (ms / 1000) % 60,
                separator,
                ms % 1000);
    }

    static double avgLogprob(List<Word> words) {
        if (words.isEmpty()) {
            return 0;
        }
        double sum = 0;
        for (Word w : words) {
            sum += Math.log(Math.max(1e-6, Math.min(1.0, w.confidence())));
        }
        return sum / words.size();
    }

    static double compressionRatio(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            return 0;
        }
        Deflater deflater = new Deflater();
        deflater.setInput(bytes);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return (double) bytes.length / out.size();
    }

    /** OpenAI names the language in English words ({@code english}); other tags pass as they are. */
    static String languageName(String tag) {
        if (tag == null || tag.isBlank()) {
            return "english";
        }
        Locale locale = Locale.forLanguageTag(tag);
        String name = locale.getDisplayLanguage(Locale.ENGLISH).toLowerCase(Locale.ROOT);
        return name.isEmpty() ? tag : name;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
