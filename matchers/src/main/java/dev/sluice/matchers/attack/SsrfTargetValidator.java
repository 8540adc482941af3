package dev.sluice.matchers.attack;

import dev.sluice.matchers.validate.ByteValidator;
import dev.sluice.matchers.validate.CandidateView;
import dev.sluice.matchers.validate.DottedQuad;
import java.util.Locale;
import java.util.Set;

/**
 * Validator {@code ssrf}: confirms server-side request forgery targets (CWE-918; OWASP Top 10
 * A10:2021): for every URL in the value it parses the authority (skipping user info) and
 * checks the host, and it also looks for metadata endpoints named without a scheme.
 *
 * <ul>
 *   <li>cloud metadata: 169.254.169.254 (AWS, Azure, GCP, OpenStack), fd00:ec2::254,
 *       metadata.google.internal, 100.100.100.200 (Alibaba), 192.0.0.192 (Oracle),
 *       {@code /latest/meta-data}, {@code /computeMetadata/v1};</li>
 *   <li>loopback, unspecified, link-local and private hosts: localhost, 127/8, 0/8, 10/8,
 *       172.16/12, 192.168/16, 169.254/16, [::1], [::], [::ffff:127.0.0.1], fc00::/7,
 *       fe80::/10, in any IPv4 spelling that inet_aton accepts ({@code 2130706433},
 *       {@code 0x7f000001}, {@code 0177.0.0.1}, {@code 127.1});</li>
 *   <li>names that resolve to those: {@code host.docker.internal}, {@code kubernetes.default.svc},
 *       any name under {@code .localhost}, {@code .localtest.me} or {@code .lvh.me}, and a
 *       wildcard-DNS name that spells an internal address ({@code 10.0.0.1.nip.io});</li>
 *   <li>an {@code http:} URL without its slashes or with backslashes ({@code http:127.0.0.1}),
 *       which URL parsers read as the usual form;</li>
 *   <li>schemes that only smuggle raw protocols: {@code gopher://}, {@code dict://}.</li>
 * </ul>
 *
 * <p>A value that is nothing but a plainly written internal service address with its port
 * ({@code http://127.0.0.1:3000}, see {@link #bareServiceAddress}) is not one. Nor is an
 * internal host in a parameter that names where a browser is sent back to
 * ({@link #REDIRECT_KEYS}: OAuth's {@code redirect_uri}, a login's {@code return_to}): the server
 * never fetches it, and native apps register loopback redirects by design (RFC 8252 §7.3).
 * Metadata endpoints and raw-protocol schemes count there too.</p>
 */
public final class SsrfTargetValidator implements ByteValidator {
    static final SsrfTargetValidator INSTANCE = new SsrfTargetValidator();

    private static final int MAX_URLS = 64;
    private static final int MAX_AUTHORITY = 256;

    private static final WordTable HOSTS = WordTable.of(1, "localhost", "localhost.localdomain",
        "metadata.google.internal", "metadata", "instance-data", "instance-data.ec2.internal",
        "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "metadata.azure.com",
        "ip6-localhost", "ip6-loopback", "ipv6-localhost", "localhost4", "localhost6", "localhost4.localdomain4",
        "localhost6.localdomain6", "host.docker.internal", "gateway.docker.internal", "kubernetes.docker.internal",
        "host.containers.internal", "host.lima.internal", "localtest.me", "lvh.me");
    private static final WordTable RAW_SCHEMES = WordTable.of(1, "gopher", "dict");
    private static final WordTable WEB_SCHEMES = WordTable.of(1, "http", "https");
    private static final WordTable PLAIN_NAMES = WordTable.of(1, "localhost");
    private static final WordTable PLAIN_V6 = WordTable.of(1, "::1", "::");
    /** Parameters naming where a browser goes next (lower case): an address the server redirects to, never fetches. */
    static final Set<String> REDIRECT_KEYS = Set.of("redirect_uri", "redirect_url", "post_logout_redirect_uri",
        "return_to", "returnto", "return_url", "returnurl", "next", "continue");
    private static final Set<Integer> PROBED_PORTS = Set.of(21, 22, 23, 25, 110, 143, 445,
        1433, 2375, 2376, 2379, 3306, 5432, 5984, 6379, 9200, 10250, 11211, 27017);

    private static final LiteralSet BARE = new LiteralSet(
        Ascii.bytes("169.254.169.254"), Ascii.bytes("metadata.google.internal"), Ascii.bytes("100.100.100.200"),
        Ascii.bytes("fd00:ec2::254"), Ascii.bytes("/latest/meta-data"), Ascii.bytes("/computemetadata/v1"),
        Ascii.bytes("/metadata/instance?api-version"));
    private static final byte[] SCHEME_SEP = Ascii.bytes("://");
    /** Names under which every host resolves to loopback: RFC 6761's {@code .localhost}, and public zones that do it too. */
    private static final byte[][] LOOPBACK_SUFFIXES = Ascii.bytes(".localhost", ".localtest.me", ".lvh.me");
    /** Public zones whose names resolve to the address they spell. */
    private static final byte[][] WILDCARD_DNS = Ascii.bytes(".nip.io", ".sslip.io", ".xip.io");
    private static final byte[] HTTP = Ascii.bytes("http");
    private static final byte[] MAPPED = Ascii.bytes("::ffff:");

    private SsrfTargetValidator() {
    }

    @Override
    public boolean test(CandidateView candidate) {
        boolean redirect = redirectTarget(candidate.key());
        return AttackNormalizer.rawOrNormalized(candidate, (b, off, end, s) -> detect(b, off, end, redirect));
    }

    private static boolean redirectTarget(String key) {
        return key != null && key.length() <= 24 && REDIRECT_KEYS.contains(key.toLowerCase(Locale.ROOT));
    }

    /** {@code redirectTarget}: only metadata endpoints and raw-protocol schemes count (see the class comment). */
    static boolean detect(byte[] b, int off, int end, boolean redirectTarget) {
        if (BARE.occursIn(b, off, end)) {
            return true;
        }
        int urls = 0;
        for (int i = off; i < end && urls < MAX_URLS; i++) {
            if (b[i] != ':') {
                continue;
            }
            if (Ascii.at(b, i + 1, end) == '/' && Ascii.at(b, i + 2, end) == '/') {
                urls++;
                if (url(b, off, i, end, redirectTarget)) {
                    return true;
                }
                i += 2;
            } else if (!redirectTarget && slashlessWebUrl(b, off, i, end)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the URL whose {@code ://} is at {@code sep} has a raw-protocol scheme or an internal host. */
    private static boolean url(byte[] b, int off, int sep, int end, boolean redirectTarget) {
        int schemeStart = sep;
        while (schemeStart > off && (Ascii.isAlpha(b[schemeStart - 1] & 0xFF)
                || Ascii.isDigit(b[schemeStart - 1] & 0xFF) || b[schemeStart - 1] == '+'
                || b[schemeStart - 1] == '-' || b[schemeStart - 1] == '.')) {
            schemeStart--;
        }
        if (RAW_SCHEMES.lookup(b, schemeStart, sep - schemeStart) != 0) {
            return true;
        }
        return !redirectTarget && sep > schemeStart && internalHost(b, sep + 3, end)
            && !bareServiceAddress(b, off, end, schemeStart, sep);
    }

    /**
     * Whether the colon at {@code colon} ends {@code http} or {@code https} and the URL it opens,
     * written without its two slashes, names an internal host: {@code http:127.0.0.1},
     * {@code http:/localhost}, {@code http:\\169.254.169.254}. The URL standard (WHATWG, "special
     * authority ignore slashes state") reads them as {@code http://host}, and so do browsers,
     * Node's {@code URL} and the libraries built on it.
     */
    private static boolean slashlessWebUrl(byte[] b, int off, int colon, int end) {
        boolean https = colon - 1 >= off && Ascii.lower(b[colon - 1] & 0xFF) == 's';
        int scheme = colon - HTTP.length - (https ? 1 : 0);
        if (scheme < off || !Ascii.startsWith(b, scheme, colon, HTTP) || scheme > off && Ascii.isAlpha(b[scheme - 1] & 0xFF)) {
            return false;
        }
        int host = colon + 1;
        while (host < end && host - colon <= 2 && (b[host] == '/' || b[host] == '\\')) {
            host++;
        }
        return internalHost(b, host, end);
    }

    /**
     * Whether the whole value is {@code http(s)://host:port} with an internal host written the
     * way configuration writes it ({@code localhost}, a dotted quad without leading zeros,
     * {@code [::1]}, {@code [::]}): the upstream or bind address a service-registration or
     * settings body carries. It names no resource, carries no credentials and hides nothing,
     * so on its own it is not taken as an attack. Still attacks: no port
     * ({@code http://localhost/}, the usual probe), a path, a query, user info, another scheme,
     * a metadata or link-local host, another spelling of the address, and a port of a service
     * that does not speak HTTP ({@link #PROBED_PORTS}: ssh, smtp, redis, memcached, databases,
     * the docker and kubelet APIs), which only a port probe sends an HTTP request to.
     */
    static boolean bareServiceAddress(byte[] b, int off, int end, int schemeStart, int sep) {
        int s = Ascii.skipSpace(b, off, end);
        int e = end;
        while (e > s && Ascii.isSpace(b[e - 1] & 0xFF)) {
            e--;
        }
        if (schemeStart != s || WEB_SCHEMES.lookup(b, schemeStart, sep - schemeStart) == 0) {
            return false;
        }
        int host = sep + SCHEME_SEP.length;
        int hostEnd = host;
        long quad = -1;
        if (Ascii.at(b, host, e) == '[') {
            while (hostEnd < e && b[hostEnd] != ']') {
                hostEnd++;
            }
            if (hostEnd == e || PLAIN_V6.lookup(b, host + 1, hostEnd - host - 1) == 0) {
                return false;
            }
            hostEnd++;
        } else {
            while (hostEnd < e && (Ascii.isAlpha(b[hostEnd] & 0xFF) || Ascii.isDigit(b[hostEnd] & 0xFF)
                    || b[hostEnd] == '.' || b[hostEnd] == '-')) {
                hostEnd++;
            }
            quad = DottedQuad.parse(b, host, hostEnd - host);
            if (quad < 0 && PLAIN_NAMES.lookup(b, host, hostEnd - host) == 0) {
                return false;
            }
        }
        if (hostEnd >= e || b[hostEnd] != ':') {
            return false;
        }
        int port = 0;
        int p = hostEnd + 1;
        while (p < e && Ascii.isDigit(b[p] & 0xFF) && p - hostEnd <= 5) {
            port = port * 10 + (b[p] - '0');
            p++;
        }
        boolean linkLocal = quad >= 0 && (quad >>> 16) == 0xA9FEL;
        return p == e && p > hostEnd + 1 && !PROBED_PORTS.contains(port) && !linkLocal;
    }

    /** Parses the authority at {@code i} and checks its host. */
    private static boolean internalHost(byte[] b, int i, int end) {
        int limit = Math.min(end, i + MAX_AUTHORITY);
        int authEnd = i;
        while (authEnd < limit && !endsAuthority(b[authEnd] & 0xFF)) {
            authEnd++;
        }
        int host = i;
        for (int k = authEnd - 1; k >= i; k--) {
            if (b[k] == '@') {
                host = k + 1;
                break;
            }
        }
        if (Ascii.at(b, host, end) == '[') {
            int close = host + 1;
            while (close < authEnd && b[close] != ']') {
                close++;
            }
            return internalIpv6(b, host + 1, close);
        }
        int hostEnd = host;
        while (hostEnd < authEnd && b[hostEnd] != ':') {
            hostEnd++;
        }
        if (hostEnd > host && b[hostEnd - 1] == '.') {
            hostEnd--;
        }
        int len = hostEnd - host;
        if (len <= 0) {
            return false;
        }
        if (HOSTS.lookup(b, host, len) != 0) {
            return true;
        }
        for (byte[] suffix : LOOPBACK_SUFFIXES) {
            if (len > suffix.length && Ascii.startsWith(b, hostEnd - suffix.length, hostEnd, suffix)) {
                return true;
            }
        }
        long v = ipv4(b, host, hostEnd);
        return v >= 0 && internalIpv4(v) || wildcardDnsHost(b, host, hostEnd);
    }

    /**
     * Whether the host is a wildcard-DNS name that resolves to an internal address it spells
     * ({@code 10.0.0.1.nip.io}, {@code app-192-168-1-2.sslip.io}): a name that passes a filter
     * of addresses and still reaches the inside.
     */
    private static boolean wildcardDnsHost(byte[] b, int host, int hostEnd) {
        for (byte[] suffix : WILDCARD_DNS) {
            int n = hostEnd - host - suffix.length;
            if (n > 0 && Ascii.startsWith(b, hostEnd - suffix.length, hostEnd, suffix)) {
                int e = host + n;
                return internalQuadAtEnd(b, host, e, (byte) '.') || internalQuadAtEnd(b, host, e, (byte) '-');
            }
        }
        return false;
    }

    /** Whether {@code b[s, e)} ends with four decimal parts joined by {@code sep} that make an internal address. */
    private static boolean internalQuadAtEnd(byte[] b, int s, int e, byte sep) {
        long a = 0;
        int k = e;
        for (int part = 0; part < 4; part++) {
            int digitsEnd = k;
            while (k > s && Ascii.isDigit(b[k - 1] & 0xFF) && digitsEnd - k < 3) {
                k--;
            }
            if (k == digitsEnd) {
                return false;
            }
            int v = 0;
            for (int d = k; d < digitsEnd; d++) {
                v = v * 10 + b[d] - '0';
            }
            if (v > 255) {
                return false;
            }
            a |= (long) v << (8 * part);
            if (part < 3) {
                if (k == s || b[k - 1] != sep) {
                    return false;
                }
                k--;
            }
        }
        return (k == s || b[k - 1] == '.' || b[k - 1] == '-') && internalIpv4(a);
    }

    private static boolean endsAuthority(int c) {
        return c == '/' || c == '?' || c == '#' || c == '\\' || Ascii.isSpace(c) || c == '"' || c == '\''
            || c == '<' || c == '>' || c == '`' || c == ',' || c == ';' || c == ')';
    }

    /**
     * An IPv4 address as inet_aton(3) reads it: one to four parts, each decimal, octal
     * (leading 0) or hex (0x); the last part fills the remaining bytes. Returns -1 if not one.
     */
    static long ipv4(byte[] b, int start, int end) {
        long address = 0;
        int parts = 0;
        long last = 0;
        int i = start;
        while (i <= end) {
            if (parts == 4) {
                return -1;
            }
            int partStart = i;
            int radix = 10;
            if (Ascii.at(b, i, end) == '0' && (Ascii.at(b, i + 1, end) == 'x' || Ascii.at(b, i + 1, end) == 'X')) {
                radix = 16;
                i += 2;
            } else if (Ascii.at(b, i, end) == '0' && Ascii.isDigit(Ascii.at(b, i + 1, end))) {
                radix = 8;
            }
            long v = 0;
            int digits = 0;
            while (i < end && b[i] != '.') {
                int d = Ascii.hexValue(b[i] & 0xFF);
                if (d < 0 || d >= radix || digits > 12) {
                    return -1;
                }
                v = v * radix + d;
                digits++;
                i++;
            }
            if (digits == 0 && !(radix == 16 && i > partStart)) {
                return -1;
            }
            if (parts < 3 && i < end) {
                if (v > 255) {
                    return -1;
                }
                address = (address << 8) | v;
            } else {
                last = v;
            }
            parts++;
            if (i >= end) {
                break;
            }
            i++;
        }
        if (parts == 0) {
            return -1;
        }
        int shift = 8 * (4 - parts + 1);
        long max = shift >= 32 ? 0xFFFFFFFFL : (1L << shift) - 1;
        if (last > max) {
            return -1;
        }
        return (address << shift) | last;
    }

    static boolean internalIpv4(long a) {
        long first = a >>> 24;
        long second = (a >>> 16) & 0xFF;
        return first == 127 || first == 0 || first == 10 || (first == 172 && second >= 16 && second <= 31)
            || (first == 192 && second == 168) || (first == 169 && second == 254)
            || a == 0x646464C8L || a == 0xC00000C0L;
    }

    private static boolean internalIpv6(byte[] b, int start, int end) {
        int len = end - start;
        if (len <= 0) {
            return false;
        }
        int zone = start;
        while (zone < end && b[zone] != '%') {
            zone++;
        }
        end = zone;
        len = end - start;
        boolean onlyZerosAndColons = true;
        int lastGroupStart = start;
        for (int i = start; i < end; i++) {
            int c = b[i] & 0xFF;
            if (c == ':') {
                lastGroupStart = i + 1;
            } else if (c != '0') {
                onlyZerosAndColons = false;
            }
        }
        if (onlyZerosAndColons) {
            return true;
        }
        // ::1 and 0:0:0:0:0:0:0:1
        boolean loopback = true;
        for (int i = start; i < lastGroupStart; i++) {
            if (b[i] != ':' && b[i] != '0') {
                loopback = false;
                break;
            }
        }
        if (loopback && end - lastGroupStart >= 1 && Ascii.startsWith(b, end - 1, end, ONE)) {
            boolean zeros = true;
            for (int i = lastGroupStart; i < end - 1; i++) {
                zeros &= b[i] == '0';
            }
            if (zeros) {
                return true;
            }
        }
        if (Ascii.startsWith(b, start, end, MAPPED)) {
            long v = ipv4(b, start + MAPPED.length, end);
            if (v >= 0) {
                return internalIpv4(v);
            }
            return true;
        }
        int f = Ascii.lower(b[start]);
        int s = len > 1 ? Ascii.lower(b[start + 1]) : -1;
        // fc00::/7 (unique local, incl. fd00:ec2::254) and fe80::/10 (link local).
        return len >= 4 && b[start + 2] != ':' && b[start + 3] != ':' && f == 'f'
            && (s == 'c' || s == 'd' || (s == 'e' && "89ab".indexOf(Ascii.lower(b[start + 2])) >= 0));
    }

    private static final byte[] ONE = Ascii.bytes("1");
}
