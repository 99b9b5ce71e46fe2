package io.aigateway.pipeline.text;

import java.math.BigInteger;
import java.util.EnumMap;
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

        String marker() {
            return "[" + name() + "]";
        }
    }

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

    private static final PiiRedactor INSTANCE = new PiiRedactor();

    public static PiiRedactor instance() {
        return INSTANCE;
    }

    public Result redact(String text) {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        if (text == null || text.isEmpty()) {
            return new Result(text, counts);
        }
        String out = replace(EMAIL, text, counts, m -> Kind.EMAIL);
        out = replace(IBAN, out, counts, m -> validIban(m) ? Kind.IBAN : null);
        out = replace(NUMBER, out, counts, PiiRedactor::classifyNumber);
        return new Result(out, counts);
    }

    /** What a candidate is, or null when it is not personal data after all. */
    private interface Classifier {
        Kind classify(String candidate);
    }

    private static String replace(Pattern pattern, String text, Map<Kind, Integer> counts, Classifier classifier) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        while (m.find()) {
            Kind kind = classifier.classify(m.group());
            if (kind == null) {
                continue;
            }
            out.append(text, last, m.start()).append(kind.marker());
            last = m.end();
            counts.merge(kind, 1, Integer::sum);
        }
        if (last == 0) {
            return text;
        }
        return out.append(text, last, text.length()).toString();
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
