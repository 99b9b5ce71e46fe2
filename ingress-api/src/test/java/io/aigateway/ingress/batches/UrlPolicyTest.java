package io.aigateway.ingress.batches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SSRF guard on its own, with a resolver that answers what a hostile DNS would. */
class UrlPolicyTest {

    /** Names and what they resolve to: public ones, and names that point inside. */
    static final Map<String, String[]> DNS = Map.of(
            "media.example.com", new String[] {"93.184.216.34"},
            "rebind.example.com", new String[] {"93.184.216.34", "10.1.2.3"},
            "meta.example.com", new String[] {"169.254.169.254"},
            "v6.example.com", new String[] {"::ffff:127.0.0.1"},
            "ula.example.com", new String[] {"fd00::1"},
            "onprem.example.com", new String[] {"10.20.30.40"});

    static InetAddress[] resolve(String host) throws UnknownHostException {
        String[] answers = DNS.get(host);
        if (answers == null) {
            // literals resolve to themselves, as InetAddress does
            if (host.matches("[0-9.]+") || host.contains(":")) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        InetAddress[] out = new InetAddress[answers.length];
        for (int i = 0; i < answers.length; i++) {
            out[i] = InetAddress.getByName(answers[i]);
        }
        return out;
    }

    final UrlPolicy policy = new UrlPolicy(
            List.of(
                    "media.example.com",
                    "rebind.example.com",
                    "meta.example.com",
                    "v6.example.com",
                    "ula.example.com",
                    "*.example.com",
                    "127.0.0.1",
                    "10.0.0.1",
                    "[::1]",
                    "::1"),
            List.of("10.20.30.0/24"),
            UrlPolicyTest::resolve);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1/a.wav", // loopback
                "http://10.0.0.1/a.wav", // private
                "http://2130706433/a.wav", // decimal 127.0.0.1
                "http://0x7f000001/a.wav", // hex
                "http://0x7f.0.0.1/a.wav", // hex part
                "http://0177.0.0.1/a.wav", // octal
                "http://127.1/a.wav", // short form
                "http://[::1]/a.wav", // IPv6 loopback
                "http://[::ffff:7f00:1]/a.wav", // IPv4-mapped
                "http://rebind.example.com/a.wav", // one of its addresses is private
                "http://meta.example.com/latest/meta-data/", // the metadata address
                "http://v6.example.com/a.wav", // a name that maps to loopback through IPv6
                "http://ula.example.com/a.wav", // unique-local
                "file:///etc/passwd",
                "ftp://media.example.com/a.wav",
                "jar:http://media.example.com/a.jar!/",
                "http://user:pw@media.example.com/a.wav",
                "http://media.example.com@127.0.0.1/a.wav",
                "http://other.example.org/a.wav", // not on the list
                "http:///a.wav",
                "not a url"
            })
    void refuses(String url) {
        assertThatThrownBy(() -> policy.check(url, true)).isInstanceOf(UrlRefusedException.class);
    }

    @Test
    void allowsAPublicListedHostAndAnAllowedNetwork() {
        assertThat(policy.check("https://media.example.com/calls/1.wav", true))
                .extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.216.34");
        assertThat(policy.check("http://onprem.example.com/1.wav", true)).hasSize(1);
    }

    @Test
    void anEmptyListRefusesEveryAudioUrlButWebhooksMayGoToAnyPublicHost() {
        UrlPolicy none = new UrlPolicy(List.of(), List.of(), UrlPolicyTest::resolve);

        assertThatThrownBy(() -> none.check("https://media.example.com/a.wav", true))
                .isInstanceOf(UrlRefusedException.class)
                .hasMessageContaining("allowed hosts");
        assertThat(none.check("https://media.example.com/hook", false)).hasSize(1);
        assertThatThrownBy(() -> none.check("https://meta.example.com/hook", false))
                .hasMessageContaining("link-local");
    }

    @Test
    void everyAddressClassIsJudged() throws Exception {
        for (String inside : List.of(
                "0.0.0.0",
                "100.64.0.1",
                "172.16.0.1",
                "192.168.0.1",
                "224.0.0.1",
                "255.255.255.255",
                "fe80::1",
                "::",
                "64:ff9b::a00:1",
                "2002:7f00:1::")) {
            assertThat(UrlPolicy.refusal(InetAddress.getByName(inside)))
                    .as(inside)
                    .isNotNull();
        }
        for (String outside : List.of("8.8.8.8", "2606:4700:4700::1111", "172.32.0.1")) {
            assertThat(UrlPolicy.refusal(InetAddress.getByName(outside)))
                    .as(outside)
                    .isNull();
        }
    }
}
