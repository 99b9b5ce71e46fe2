package io.aigateway.pipeline.text;

import java.math.BigInteger;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces personal data in text before it reaches an LLM: e-mail addresses, payment card numbers (only those that
 * pass the Luhn check, so order numbers survive), IBANs (only those whose mod-97 check holds) and phone numbers. Each
 * becomes a marker naming its kind ({@code [EMAIL]}, {@code [CARD]}, {@code [IBAN]}, {@code [PHONE]}), so the model
 * still reads a sentence that makes sense. Thread-safe and stateless.
 */
public final class PiiRedactor {

    /** What was replaced, by kind. */
    public enum Kind {
        EMAIL,
        CARD,
        IBAN,
        PHONE;

        /** What replaces the data in text: {@code [CARD]} for a card. */
        public String marker() {
            return "[" + name() + "]";
        }
    }

    /** Personal data found in a text: characters {@code start} (inclusive) to {@code end} (exclusive). */
    public record Span(int start, int end, Kind kind) {}

    /** The redacted text and how many of each kind it replaced. */
    public record Result(String text, Map<Kind, Integer> replaced) {

        public int total() {
            return replaced.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\w.+-])[\\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,24}\\b");
    /** Two letters, two check digits, then up to 30 letters or digits, either unbroken or in groups of four. */
    private static final Pattern IBAN = Pattern.compile(
            "(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?)(?![A-Za-z0-9])");
    /**
     * A run of digits with the separators people write in card and phone numbers, taken whole so that part of a long
     * number is never mistaken for a shorter one (a run starts nowhere inside another); an optional +country code or
     * (area code) in front. Not right after an IBAN's country and check digits, whose failed check leaves the rest
     * alone.
     */
    private static final Pattern NUMBER = Pattern.compile(
            "(?<![\\w+])(?<!\\d[ .-])(?<![A-Z]{2}\\d{2} )(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?)?\\d(?:[ .-]?\\d)*(?!\\w)");

    private static final String DIGIT_WORD =
            "(?:(?:double|triple)[ ,-]+)?(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)";
    /** Digits spoken as words, one after another, separated by spaces, commas or hyphens. */
    private static final Pattern SPOKEN_DIGITS =
            Pattern.compile("(?i)(?<!\\w)" + DIGIT_WORD + "(?:[ ,-]+" + DIGIT_WORD + ")*(?!\\w)");

    private static final List<String> DIGIT_NAMES =
            List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");

    /** Stands for data already found while the later rules run: no rule matches it or counts it as a digit or word. */
    private static final char FOUND = '#';

    /** The rules in the order they run: what an earlier one finds is out of reach of the later ones. */
    private static final List<Rule> RULES = List.of(
            new Rule(EMAIL, m -> Kind.EMAIL),
            new Rule(IBAN, m -> validIban(m) ? Kind.IBAN : null),
            new Rule(NUMBER, PiiRedactor::classifyNumber),
            new Rule(SPOKEN_DIGITS, m -> {
                String digits = spokenDigits(m);
                return digits.length() >= 7 ? classifyNumber(digits) : null;
            }));

    private static final PiiRedactor INSTANCE = new PiiRedactor();

    public static PiiRedactor instance() {
        return INSTANCE;
    }

    public Result redact(String text) {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        if (text == null || text.isEmpty()) {
            return new Result(text, counts);
        }
        List<Span> spans = find(text);
        if (spans.isEmpty()) {
            return new Result(text, counts);
        }
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        for (Span span : spans) {
            out.append(text, last, span.start()).append(span.kind().marker());
            last = span.end();
            counts.merge(span.kind(), 1, Integer::sum);
        }
        return new Result(out.append(text, last, text.length()).toString(), counts);
    }

    /**
     * Where the personal data in a text is, in text order and never overlapping: what {@link #redact} replaces. For
     * callers that must redact something laid out along the text, such as a transcript's timed words.
     */
    public List<Span> find(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        char[] masked = text.toCharArray();
        List<Span> spans = new ArrayList<>();
        for (Rule rule : RULES) {
            int before = spans.size();
            Matcher m = rule.pattern().matcher(CharBuffer.wrap(masked));
            while (m.find()) {
                Kind kind = rule.classifier().classify(m.group());
                if (kind != null) {
                    spans.add(new Span(m.start(), m.end(), kind));
                }
            }
            for (Span found : spans.subList(before, spans.size())) {
                Arrays.fill(masked, found.start(), found.end(), FOUND);
            }
        }
        spans.sort(Comparator.comparingInt(Span::start));
        return List.copyOf(spans);
    }

    /** What a candidate is, or null when it is not personal data after all. */
    private interface Classifier {
        Kind classify(String candidate);
    }

    private record Rule(Pattern pattern, Classifier classifier) {}

    /** The digits a run of spoken digits spells: "double four oh one" is 4401. */
    static String spokenDigits(String spoken) {
        StringBuilder digits = new StringBuilder();
        int repeat = 1;
        for (String word : spoken.toLowerCase(Locale.ROOT).split("[ ,-]+")) {
            switch (word) {
                case "double" -> repeat = 2;
                case "triple" -> repeat = 3;
                default -> {
                    int digit = word.equals("oh") ? 0 : DIGIT_NAMES.indexOf(word);
                    digits.append(String.valueOf(digit).repeat(repeat));
                    repeat = 1;
                }
            }
        }
        return digits.toString();
    }

    /** The Luhn check of a card number, over its digits. */
    static boolean luhn(String candidate) {
        String digits = candidate.replaceAll("[^0-9]", "");
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** ISO 13616: move the first four characters to the end, letters to numbers (A=10), and the result mod 97 is 1. */
    static boolean validIban(String candidate) {
        String iban = candidate.replace(" ", "").toUpperCase(Locale.ROOT);
        if (iban.length() < 15 || iban.length() > 34 || !Character.isLetter(iban.charAt(0))) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder numeric = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            if (Character.isDigit(c)) {
                numeric.append(c);
            } else if (c >= 'A' && c <= 'Z') {
                numeric.append(c - 'A' + 10);
            } else {
                return false;
            }
        }
        return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }

    /**
     * A card when it has 13 to 19 digits and passes the Luhn check; a phone number when it has 7 to 15 digits and is
     * not a date or a version; otherwise nothing (an order number, an amount).
     */
    private static Kind classifyNumber(String candidate) {
        if (!candidate.startsWith("+") && !candidate.startsWith("(") && luhn(candidate)) {
            return Kind.CARD;
        }
        return phoneLike(candidate) ? Kind.PHONE : null;
    }

    /** Seven to fifteen digits, and not something that only looks like a number with separators (a date, a version). */
    private static boolean phoneLike(String candidate) {
        long digits = candidate.chars().filter(Character::isDigit).count();
        if (digits < 7 || digits > 15) {
            return false;
        }
        // 2026-12-04 or 10.2.3.4 are not phone numbers: separators every one to two digits with no leading + or (
        boolean plain = !candidate.startsWith("+") && !candidate.startsWith("(");
        return !(plain && candidate.matches("\\d{1,4}([.-]\\d{1,2}){2,3}"));
    }
}
