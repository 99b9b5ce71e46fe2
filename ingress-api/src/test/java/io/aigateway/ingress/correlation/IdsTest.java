package io.aigateway.ingress.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void idsCarry160RandomBitsInUrlSafeCharacters() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Ids.random("job_");
            assertThat(id).matches("job_[a-z2-7]{32}");
            assertThat(RequestCorrelation.isValid(id)).isTrue();
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void clientCorrelationIdsAreBoundedAndPrintable() {
        assertThat(RequestCorrelation.isValid("demo-1:a.b_c")).isTrue();
        assertThat(RequestCorrelation.isValid("x".repeat(128))).isTrue();
        assertThat(RequestCorrelation.isValid("x".repeat(129))).isFalse();
        assertThat(RequestCorrelation.isValid("")).isFalse();
        assertThat(RequestCorrelation.isValid("a b")).isFalse();
        assertThat(RequestCorrelation.isValid("a\nb")).isFalse();
        assertThat(RequestCorrelation.isValid("ä")).isFalse();
        assertThat(RequestCorrelation.isValid(null)).isFalse();
    }
}
