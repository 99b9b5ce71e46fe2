package io.aigateway.allinone;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: every line must be a comment,
 * a {@code # HELP} or {@code # TYPE} line, or a sample {@code name{label="value",...} number}, and every sample must
 * belong to a family declared by a {@code # TYPE} line before it. Anything else fails the parse.
 */
final class PrometheusText {

    private static final Pattern TYPE =
            Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) " + "(counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    record Sample(String name, Map<String, String> labels, double value) {}

    private final Set<String> families;
    private final List<Sample> samples;

    private PrometheusText(Set<String> families, List<Sample> samples) {
        this.families = families;
        this.samples = samples;
    }

    static PrometheusText parse(String text) {
        Set<String> families = new LinkedHashSet<>();
        List<Sample> samples = new ArrayList<>();
        int lineNumber = 0;
        for (String line : text.split("\n")) {
            lineNumber++;
            if (line.isEmpty() || line.startsWith("# HELP ")) {
                continue;
            }
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                families.add(type.group(1));
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("line " + lineNumber + " is not a sample: " + line);
            }
            String name = sample.group(1);
            if (families.stream().noneMatch(name::startsWith)) {
                throw new IllegalArgumentException("line " + lineNumber + ": " + name + " has no # TYPE before it");
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(3) != null && !sample.group(3).isEmpty()) {
                Matcher label = LABEL.matcher(sample.group(3));
                int end = 0;
                while (label.find() && label.start() == end) {
                    labels.put(label.group(1), label.group(2));
                    end = label.end();
                }
                if (end != sample.group(3).length()) {
                    throw new IllegalArgumentException("line " + lineNumber + " has malformed labels: " + line);
                }
            }
            String value = sample.group(4);
            samples.add(new Sample(
                    name,
                    labels,
                    switch (value) {
                        case "+Inf" -> Double.POSITIVE_INFINITY;
                        case "-Inf" -> Double.NEGATIVE_INFINITY;
                        default -> Double.parseDouble(value);
                    }));
        }
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        return new PrometheusText(families, samples);
    }

    Set<String> families() {
        return families;
    }

    /** Whether a sample of this name has all these label pairs. */
    boolean has(String name, String... labelPairs) {
        return samples.stream().anyMatch(s -> matches(s, name, labelPairs));
    }

    /** The sum of the samples of this name with all these label pairs; fails when there is none. */
    double value(String name, String... labelPairs) {
        List<Sample> found =
                samples.stream().filter(s -> matches(s, name, labelPairs)).toList();
        if (found.isEmpty()) {
            throw new AssertionError("no sample " + name + " with " + List.of(labelPairs) + "; samples of that name: "
                    + samples.stream()
                            .filter(s -> s.name().equals(name))
                            .map(Sample::labels)
                            .toList());
        }
        return found.stream().mapToDouble(Sample::value).sum();
    }

    private static boolean matches(Sample sample, String name, String... labelPairs) {
        if (!sample.name().equals(name)) {
            return false;
        }
        for (int i = 0; i + 1 < labelPairs.length; i += 2) {
            if (!labelPairs[i + 1].equals(sample.labels().get(labelPairs[i]))) {
                return false;
            }
        }
        return true;
    }
}
