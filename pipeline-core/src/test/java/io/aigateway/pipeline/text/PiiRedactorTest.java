package io.aigateway.pipeline.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.pipeline.text.PiiRedactor.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PiiRedactorTest {

    private final PiiRedactor redactor = PiiRedactor.instance();

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Mail me at jane.doe+vpn@contoso.co.uk please|Mail me at [EMAIL] please",
                "Card 4111 1111 1111 1111 was declined|Card [CARD] was declined",
                "card 5500-0000-0000-0004 expired|card [CARD] expired",
                "pay to DE89 3704 0044 0532 0130 00 today|pay to [IBAN] today",
                "IBAN GB82WEST12345698765432.|IBAN [IBAN].",
                "call +44 20 7946 0958 or (555) 123-4567|call [PHONE] or [PHONE]",
                "my extension is 030 1234567|my extension is [PHONE]",
                // speech recognizers spell numbers out: 4111 1111 1111 1111 and 020 7946 0958
                "my card is four one one one one one one one one one one one one one one one thanks"
                        + "|my card is [CARD] thanks",
                "call me on oh two oh, seven nine four six, oh nine five eight|call me on [PHONE]",
                "Double Four One Five Five Five Two Six Seven One.|[PHONE]."
            })
    void replacesPersonalDataWithAMarkerOfItsKind(String text, String expected) {
        assertThat(redactor.redact(text).text()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // fails Luhn: an order number, not a card
                "order 4111 1111 1111 1112 shipped",
                // fails mod 97: a reference that only looks like an IBAN
                "ticket DE89 3704 0044 0532 0130 01 closed",
                "released on 2026-12-04 in version 10.2.3",
                "the laptop has 16 GB and 512 GB of disk",
                "an address without a domain: admin@localhost",
                "it happened two or three times, one two three",
                // fifteen spoken digits failing Luhn are a phone number, but sixteen to nineteen are neither
                "order four one one one one one one one one one one one one one one two one two shipped",
                "someone phoned: none of the three"
            })
    void leavesWhatOnlyLooksLikePersonalDataAlone(String text) {
        PiiRedactor.Result result = redactor.redact(text);
        assertThat(result.text()).isEqualTo(text);
        assertThat(result.total()).isZero();
    }

    @Test
    void countsWhatItReplaced() {
        PiiRedactor.Result result =
                redactor.redact("a@b.io, c@d.io, 4111111111111111 and +1 415 555 2671 and DE89370400440532013000");
        assertThat(result.replaced())
                .containsEntry(Kind.EMAIL, 2)
                .containsEntry(Kind.CARD, 1)
                .containsEntry(Kind.PHONE, 1)
                .containsEntry(Kind.IBAN, 1);
    }

    @Test
    void findsWhereTheDataIsInTheOriginalText() {
        String text = "mail a@b.io or pay 4111 1111 1111 1111, DE89 3704 0044 0532 0130 00";
        assertThat(redactor.find(text))
                .containsExactly(
                        new PiiRedactor.Span(5, 11, Kind.EMAIL),
                        new PiiRedactor.Span(19, 38, Kind.CARD),
                        new PiiRedactor.Span(40, 67, Kind.IBAN));
        assertThat(redactor.find("nothing here")).isEmpty();
    }

    @Test
    void readsSpokenDigits() {
        assertThat(PiiRedactor.spokenDigits("double four oh, one-triple nine")).isEqualTo("4401999");
    }

    @Test
    void theChecksThemselves() {
        assertThat(PiiRedactor.luhn("79927398713")).isFalse(); // valid Luhn but too short for a card
        assertThat(PiiRedactor.luhn("4012888888881881")).isTrue();
        assertThat(PiiRedactor.validIban("FR1420041010050500013M02606")).isTrue();
        assertThat(PiiRedactor.validIban("FR1420041010050500013M02607")).isFalse();
    }
}
