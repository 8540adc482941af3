package dev.sluice.standalone.serve;

import dev.sluice.standalone.config.EventsOutput;
import dev.sluice.standalone.config.HostPort;
import dev.sluice.standalone.config.SluiceConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code sluice demo}: a leaky demo service ({@link DemoUpstream}) on a free loopback port, and
 * {@code sluice serve} in front of it with the embedded default policy, so that a few curl
 * commands show, without any setup, each thing the policy does: card numbers and secrets redacted
 * in responses, personal data and a password reported (alert), and a request carrying an SQL
 * injection blocked with a 403 that names its event. The same over gRPC, with plain curl (HTTP/2
 * prior knowledge; the request message written by {@code printf}): Sluice learns the messages'
 * schema from the demo service's server reflection ({@code grpc.reflection} on), masks the card
 * and the API key in an {@code Account}, and refuses the injection with {@code grpc-status: 7}.
 */
public final class Demo implements AutoCloseable {
    /** Sent to {@code /api/login}; the password is invented. */
    static final String LOGIN_BODY = "{\"username\":\"alice.nguyen@fastmail.com\",\"password\":\"Tr0ub4dor-horse-71\"}";
    /** A classic UNION injection, which the default policy blocks in requests. */
    static final String SEARCH_QUERY = "0 UNION SELECT username, password FROM users--";
    /** Sent to {@code /api/search}. */
    static final String SEARCH_BODY = "{\"q\":\"" + SEARCH_QUERY + "\"}";

    private final DemoUpstream upstream;
    private final ServeRuntime serve;
    private final String host;
    private final String adminHost;

    private Demo(DemoUpstream upstream, ServeRuntime serve, String host, String adminHost) {
        this.upstream = upstream;
        this.serve = serve;
        this.host = host;
        this.adminHost = adminHost;
    }

    /**
     * Starts the demo service and the proxy on {@code listen} (admin endpoint on {@code admin}),
     * events to {@code events}.
     */
    public static Demo start(HostPort listen, HostPort admin, EventsOutput events, Map<String, String> env,
                             PrintStream log) throws StartupException {
        DemoUpstream upstream;
        try {
            upstream = DemoUpstream.start();
        } catch (IOException e) {
            throw new StartupException("demo service: cannot listen on a loopback port (" + e.getMessage() + ")");
        }
        try {
            SluiceConfig config = SluiceConfig.builder().backend(upstream.url()).proxyListen(listen)
                    .grpcReflection(true).adminListen(admin).events(events).build();
            ServeRuntime serve = ServeRuntime.start(config, env, log);
            return new Demo(upstream, serve, urlHost(listen), urlHost(admin));
        } catch (StartupException | RuntimeException e) {
            upstream.close();
            throw e;
        }
    }

    /** The host to put in a URL that reaches {@code address} from this machine. */
    private static String urlHost(HostPort address) {
        String h = address.host();
        return h.equals("0.0.0.0") || h.equals("::") ? "127.0.0.1" : h.contains(":") ? "[" + h + "]" : h;
    }

    /**
     * Commands that send traffic with findings through the proxy, one per line as printed: a
     * redaction (cards, with one cut across chunks), a redaction of secrets (in the body and in a
     * response header, shown with {@code -i}), an alert (a login's
     * e-mail address and password pass unchanged, reported) and a block, of an injection sent in a
     * body and in a URL.
     */
    public List<String> curlCommands() {
        String base = "http://" + host + ":" + serve.proxyPort();
        String json = "curl -s -X POST -H 'Content-Type: application/json' -d '";
        return List.of(
                "curl -s " + base + "/api/users",
                "curl -si " + base + "/api/config",
                json + LOGIN_BODY + "' " + base + "/api/login",
                json + SEARCH_BODY + "' " + base + "/api/search",
                "curl -s '" + base + "/api/search?q=" + SEARCH_QUERY.replace(" ", "%20") + "'");
    }

    /**
     * Commands that call the gRPC service through the proxy with nothing but curl and the shell's
     * {@code printf}: {@code GetAccount} (an empty request: a frame header of five zero bytes),
     * whose answer's strings (its runs of four or more printable bytes) come back with the card and the API key masked; and a {@code Search}
     * carrying the injection, whose refusal shows as {@code grpc-status: 7}.
     */
    public List<String> grpcCommands() {
        String curl = " | curl -s --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers'"
                + " --data-binary @- http://" + host + ":" + serve.proxyPort() + "/" + DemoAccounts.SERVICE + "/";
        return List.of(
                "printf '\\0\\0\\0\\0\\0'" + curl + "GetAccount | grep -ao '[[:print:]]\\{4,\\}'",
                "printf '" + grpcFrame(SEARCH_QUERY) + "'" + curl.replace("curl -s", "curl -sv")
                        + "Search 2>&1 | grep grpc-");
    }

    /**
     * A printf format writing one gRPC frame holding a message whose field 1 is {@code text} (ASCII,
     * under 126 bytes, without quotes, backslashes or percent signs); octal escapes, which every
     * printf knows.
     */
    static String grpcFrame(String text) {
        int n = text.length();
        if (n > 125 || !text.chars().allMatch(c -> c >= ' ' && c < 127 && c != '\'' && c != '\\' && c != '%')) {
            throw new IllegalArgumentException("not printable as a printf format");
        }
        return "\\0\\0\\0\\0" + octal(n + 2) + "\\012" + octal(n) + text;
    }

    private static String octal(int b) {
        return String.format("\\%03o", b);
    }

    /** The admin endpoint's metrics address. */
    public String metricsUrl() {
        return "http://" + adminHost + ":" + serve.adminPort() + "/metrics";
    }

    /** What {@code sluice demo} prints once it is up. */
    public String banner() {
        StringBuilder sb = new StringBuilder();
        sb.append("Sluice demo: a leaky service on ").append(upstream.url())
                .append(", Sluice in front of it on port ").append(serve.proxyPort())
                .append(".\nEach body is inspected as it streams: card numbers and secrets in answers come back masked,"
                        + " personal data is reported, an SQL injection in a body or a URL is refused (403).\nFindings are printed below as"
                        + " JSON events (one line per body).\n\nTry:\n");
        for (String c : curlCommands()) {
            sb.append("  ").append(c).append('\n');
        }
        sb.append("  curl -s ").append(metricsUrl()).append(" | grep '^sluice_findings_total'\n");
        sb.append("  curl -s ").append(metricsUrl().replace("/metrics", "/policy")).append('\n'); // the policy in force
        sb.append("\ngRPC (").append(DemoAccounts.SERVICE).append(", described by server reflection):\n");
        for (String c : grpcCommands()) {
            sb.append("  ").append(c).append('\n');
        }
        return sb.toString();
    }

    public int proxyPort() {
        return serve.proxyPort();
    }

    public int adminPort() {
        return serve.adminPort();
    }

    @Override
    public void close() {
        serve.close();
        upstream.close();
    }
}
