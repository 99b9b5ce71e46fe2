package io.aigateway.allinone.batches;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict parsers for SubRip and WebVTT, as a player would read them: numbered (SRT) cues with {@code HH:MM:SS,mmm -->
 * HH:MM:SS,mmm} times, a {@code WEBVTT} header and {@code HH:MM:SS.mmm} times (VTT), non-empty text, blank lines
 * between cues, times that do not run backwards. Anything else throws.
 */
final class Subtitles {

    record Cue(double start, double end, String text) {}

    private static final Pattern SRT_TIME =
            Pattern.compile("(\\d{2}):([0-5]\\d):([0-5]\\d),(\\d{3}) --> (\\d{2}):([0-5]\\d):([0-5]\\d),(\\d{3})");
    private static final Pattern VTT_TIME = Pattern.compile(
            "(\\d{2}):([0-5]\\d):([0-5]\\d)\\.(\\d{3}) --> (\\d{2}):([0-5]\\d):([0-5]\\d)\\.(\\d{3})( .*)?");

    private Subtitles() {}

    static List<Cue> srt(String text) {
        List<Cue> cues = new ArrayList<>();
        String[] blocks = body(text).split("\n\n");
        for (String block : blocks) {
            String[] lines = block.split("\n");
            if (lines.length < 3) {
                throw new IllegalArgumentException("an SRT cue needs a number, times and text: " + block);
            }
            if (Integer.parseInt(lines[0]) != cues.size() + 1) {
                throw new IllegalArgumentException("SRT cues must be numbered from 1: " + lines[0]);
            }
            cues.add(cue(SRT_TIME.matcher(lines[1]), lines, 2, cues));
        }
        return cues;
    }

    static List<Cue> vtt(String text) {
        String body = body(text);
        if (!body.startsWith("WEBVTT")) {
            throw new IllegalArgumentException("a WebVTT file starts with WEBVTT");
        }
        String[] blocks = body.split("\n\n");
        if (!blocks[0].equals("WEBVTT") && !blocks[0].startsWith("WEBVTT ")) {
            throw new IllegalArgumentException("bad WebVTT header: " + blocks[0]);
        }
        List<Cue> cues = new ArrayList<>();
        for (int b = 1; b < blocks.length; b++) {
            String[] lines = blocks[b].split("\n");
            int timing = lines[0].contains("-->") ? 0 : 1; // an optional cue identifier
            if (lines.length < timing + 2) {
                throw new IllegalArgumentException("a WebVTT cue needs times and text: " + blocks[b]);
            }
            cues.add(cue(VTT_TIME.matcher(lines[timing]), lines, timing + 1, cues));
        }
        return cues;
    }

    private static String body(String text) {
        if (text.contains("\r")) {
            throw new IllegalArgumentException("expected LF line ends");
        }
        String body = text.strip();
        if (body.isEmpty()) {
            throw new IllegalArgumentException("no cues");
        }
        return body;
    }

    private static Cue cue(Matcher time, String[] lines, int firstText, List<Cue> before) {
        if (!time.matches()) {
            throw new IllegalArgumentException("bad cue timing line: " + lines[firstText - 1]);
        }
        double start = seconds(time, 1);
        double end = seconds(time, 5);
        if (end < start) {
            throw new IllegalArgumentException("a cue ends before it starts: " + lines[firstText - 1]);
        }
        if (!before.isEmpty() && start < before.get(before.size() - 1).start()) {
            throw new IllegalArgumentException("cues out of order");
        }
        StringBuilder text = new StringBuilder();
        for (int i = firstText; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                throw new IllegalArgumentException("a blank line inside a cue");
            }
            text.append(i > firstText ? "\n" : "").append(lines[i]);
        }
        return new Cue(start, end, text.toString());
    }

    private static double seconds(Matcher m, int group) {
        return Integer.parseInt(m.group(group)) * 3600
                + Integer.parseInt(m.group(group + 1)) * 60
                + Integer.parseInt(m.group(group + 2))
                + Integer.parseInt(m.group(group + 3)) / 1000.0;
    }
}
