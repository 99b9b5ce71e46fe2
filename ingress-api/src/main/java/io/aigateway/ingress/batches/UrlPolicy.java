package io.aigateway.ingress.batches;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which URLs the gateway fetches or calls: the guard against server-side request forgery. A URL passes when it is http
 * or https, has no user info, names a host on the allow list (empty list: any host, used for webhooks), and every
 * address that host resolves to is public, or lies in an explicitly allowed network.
 *
 * <p>Refused: loopback, unspecified ({@code 0.0.0.0}, {@code ::}), private (10/8, 172.16/12, 192.168/16), shared
 * (100.64/10), link-local (169.254/16, which holds the cloud metadata address, and fe80::/10), unique-local
 * (fc00::/7), multicast, broadcast and reserved addresses, IPv4 inside IPv6 (mapped {@code ::ffff:a.b.c.d}, compatible,
 * NAT64 64:ff9b::/96, 6to4 2002::/16) by the IPv4 address inside, and a host written as a number in any form other than
 * plain dotted decimal ({@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1}, {@code 127.1}): resolvers disagree on
 * what those mean, so they are never guessed at.
 */
public final class UrlPolicy {

    private static final Pattern NUMERIC_LABEL = Pattern.compile("0x[0-9a-f]*|[0-9]+");
    private static final Pattern DOTTED_QUAD =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private final List<String> allowedHosts;
    private final List<Cidr> allowedNetworks;
    private final Resolver resolver;

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public UrlPolicy(List<String> allowedHosts, List<String> allowedNetworks) {
        this(allowedHosts, allowedNetworks, InetAddress::getAllByName);
    }

    public UrlPolicy(List<String> allowedHosts, List<String> allowedNetworks, Resolver resolver) {
        this.allowedHosts = allowedHosts.stream()
                .map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty())
                .toList();
        this.allowedNetworks = allowedNetworks.stream().map(Cidr::parse).toList();
        this.resolver = resolver;
    }

    /** Whether any host is allowed at all (an empty allow list refuses every audio URL). */
    public boolean hasAllowedHosts() {
        return !allowedHosts.isEmpty();
    }

    /** The URL, parsed and checked without resolving its host; throws {@link UrlRefusedException}. */
    public URI parse(String url, boolean requireListedHost) {
        if (url == null || url.isBlank()) {
            throw new UrlRefusedException("the URL is empty");
        }
        if (url.length() > 2048) {
            throw new UrlRefusedException("the URL is longer than 2048 characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new UrlRefusedException("the URL cannot be parsed: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UrlRefusedException("only http and https URLs are fetched, not '" + scheme + ":'");
        }
        if (uri.getRawUserInfo() != null
                || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw new UrlRefusedException("a URL must not carry credentials");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new UrlRefusedException("the URL has no host");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        boolean ipv6 = host.startsWith("[");
        if (!ipv6 && numeric(host) && !DOTTED_QUAD.matcher(host).matches()) {
            throw new UrlRefusedException("the host '" + host + "' is a number in a form other than dotted decimal");
        }
        if (requireListedHost && !listed(host)) {
            throw new UrlRefusedException("the host '" + host + "' is not on the allowed hosts list");
        }
        if (!requireListedHost && !allowedHosts.isEmpty() && !listed(host)) {
            throw new UrlRefusedException("the host '" + host + "' is not on the allowed hosts list");
        }
        return uri;
    }

    /** Parses, then resolves the host and checks every address it has; returns them. */
    public List<InetAddress> check(String url, boolean requireListedHost) {
        URI uri = parse(url, requireListedHost);
        return addressesOf(uri.getHost());
    }

    /** Every address of the host, each checked; throws {@link UrlRefusedException} if any is refused. */
    public List<InetAddress> addressesOf(String rawHost) {
        String host = rawHost.startsWith("[") ? rawHost.substring(1, rawHost.length() - 1) : rawHost;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new UrlRefusedException("the host '" + host + "' does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new UrlRefusedException("the host '" + host + "' does not resolve");
        }
        List<InetAddress> checked = new ArrayList<>();
        for (InetAddress address : addresses) {
            String why = refusal(address);
            if (why != null && allowedNetworks.stream().noneMatch(n -> n.contains(address))) {
                throw new UrlRefusedException(
                        "the host '" + host + "' resolves to " + address.getHostAddress() + ", " + why);
            }
            checked.add(address);
        }
        return checked;
    }

    private boolean listed(String host) {
        for (String allowed : allowedHosts) {
            if (allowed.startsWith("*.") ? host.endsWith(allowed.substring(1)) : host.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    /** Every label decimal, octal or hex: a number some resolver would take as an IPv4 address. */
    private static boolean numeric(String host) {
        for (String label : host.split("\\.", -1)) {
            if (!NUMERIC_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Why an address is not public, or null when it is. */
    static String refusal(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Inet4Address embedded = embeddedIpv4(b);
            if (embedded != null) {
                String why = refusal(embedded);
                return why == null ? null : "an IPv4 address inside IPv6 that is " + why;
            }
            if (v6.isLoopbackAddress()) {
                return "a loopback address";
            }
            if (v6.isAnyLocalAddress()) {
                return "the unspecified address";
            }
            if (v6.isLinkLocalAddress() || ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80)) {
                return "a link-local address";
            }
            if (v6.isSiteLocalAddress()) {
                return "a site-local address";
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return "a unique-local (private) address";
            }
            if (v6.isMulticastAddress()) {
                return "a multicast address";
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return "a documentation address";
            }
            return null;
        }
        byte[] b = address.getAddress();
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (address.isLoopbackAddress() || a0 == 127) {
            return "a loopback address";
        }
        if (a0 == 0) {
            return "an unspecified (this-network) address";
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return "a private address";
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return "a shared (carrier-grade NAT) address";
        }
        if (a0 == 169 && a1 == 254) {
            return "a link-local address (the cloud metadata service lives there)";
        }
        if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) {
            return "a protocol-assignment address";
        }
        if (a0 == 198 && (a1 == 18 || a1 == 19)) {
            return "a benchmarking address";
        }
        if (a0 >= 224) {
            return a0 < 240 ? "a multicast address" : "a reserved or broadcast address";
        }
        return null;
    }

    /** The IPv4 address inside a mapped, compatible, NAT64 or 6to4 IPv6 address; null for none. */
    private static Inet4Address embeddedIpv4(byte[] b) {
        boolean zeros80 = true;
        for (int i = 0; i < 10; i++) {
            zeros80 &= b[i] == 0;
        }
        boolean mapped = zeros80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeros80 && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
        boolean nat64 =
                (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        try {
            if (mapped || compatible || nat64) {
                return (Inet4Address) InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return (Inet4Address) InetAddress.getByAddress(new byte[] {b[2], b[3], b[4], b[5]});
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return null;
    }

    /** An allowed network in CIDR notation. */
    record Cidr(byte[] network, int bits) {
        static Cidr parse(String cidr) {
            String[] parts = cidr.trim().split("/");
            try {
                byte[] address = InetAddress.getByName(parts[0]).getAddress();
                int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : address.length * 8;
                return new Cidr(address, bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not a network in CIDR notation: " + cidr, e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((a[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
