package dev.sluice.standalone.extproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.extensions.access_loggers.stream.v3.StdoutAccessLog;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ExternalProcessor;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The deploy files read as Envoy reads them: YAML to JSON, then Envoy's own protos with every
 * typed config resolved; an unknown or misspelt field fails the parse. Then what Sluice relies
 * on: the filter sits before the router, calls the cluster that points at Sluice's port, sends
 * trailers, the attributes Sluice reads, and keeps Sluice's metadata namespace.
 */
class DeployFilesTest {
    static final Path DEPLOY = Path.of("..", "deploy");
    /** Envoy's stream_idle_timeout when the connection manager sets none. */
    static final long STREAM_IDLE_DEFAULT_SECONDS = 300;
    static final JsonFormat.TypeRegistry TYPES = JsonFormat.TypeRegistry.newBuilder()
            .add(HttpConnectionManager.getDescriptor()).add(ExternalProcessor.getDescriptor())
            .add(Router.getDescriptor()).add(StdoutAccessLog.getDescriptor())
            .add(HttpProtocolOptions.getDescriptor()).build();
    static final JsonFormat.Parser PARSER = JsonFormat.parser().usingTypeRegistry(TYPES);

    static <B extends Message.Builder> B parse(JsonNode json, B builder) throws InvalidProtocolBufferException {
        PARSER.merge(json.toString(), builder);
        return builder;
    }

    /** {@code file} as Envoy reads it: aliases of anchors ({@code *docker_feeds}) resolved, as yaml-cpp does. */
    static JsonNode yaml(Path file) throws IOException {
        return new ObjectMapper().valueToTree(new org.yaml.snakeyaml.Yaml().load(Files.readString(file)));
    }

    @Test
    void envoyBootstrapParsesAsEnvoysBootstrapProto() throws Exception {
        Bootstrap b = parse(yaml(DEPLOY.resolve("envoy/envoy.yaml")), Bootstrap.newBuilder()).build();
        Filter hcmFilter = b.getStaticResources().getListeners(0).getFilterChains(0).getFilters(0);
        HttpConnectionManager hcm = hcmFilter.getTypedConfig().unpack(HttpConnectionManager.class);
        List<HttpFilter> filters = hcm.getHttpFiltersList();
        assertEquals("envoy.filters.http.ext_proc", filters.get(0).getName());
        assertEquals("envoy.filters.http.router", filters.get(filters.size() - 1).getName());
        ExternalProcessor ext = filters.get(0).getTypedConfig().unpack(ExternalProcessor.class);
        checkExtProc(ext);
        Cluster sluice = b.getStaticResources().getClustersList().stream()
                .filter(c -> c.getName().equals(ext.getGrpcService().getEnvoyGrpc().getClusterName())).findFirst()
                .orElseThrow();
        checkSluiceCluster(sluice);
        assertTrue(b.getStaticResources().getListeners(0).getPerConnectionBufferLimitBytes().getValue() > 0,
                "a buffer limit for the buffered modes");
    }

    @Test
    void istioEnvoyFilterPatchesParseAsEnvoyProtos() throws Exception {
        JsonNode filter = yaml(DEPLOY.resolve("istio/sluice-extproc-envoyfilter.yaml"));
        assertEquals("EnvoyFilter", filter.path("kind").asText());
        ExternalProcessor ext = null;
        Cluster cluster = null;
        for (JsonNode patch : filter.path("spec").path("configPatches")) {
            JsonNode value = patch.path("patch").path("value");
            switch (patch.path("applyTo").asText()) {
                case "HTTP_FILTER" -> {
                    assertEquals("INSERT_BEFORE", patch.path("patch").path("operation").asText());
                    assertEquals("envoy.filters.http.router", patch.path("match").path("listener")
                            .path("filterChain").path("filter").path("subFilter").path("name").asText());
                    ext = parse(value, HttpFilter.newBuilder()).build().getTypedConfig()
                            .unpack(ExternalProcessor.class);
                }
                case "CLUSTER" -> cluster = parse(value, Cluster.newBuilder()).build();
                default -> throw new AssertionError("unexpected patch " + patch);
            }
        }
        checkExtProc(ext);
        assertEquals(ext.getGrpcService().getEnvoyGrpc().getClusterName(), cluster.getName());
        checkSluiceCluster(cluster);
        assertTrue(ext.getMetadataOptions().getForwardingNamespaces().getUntypedList()
                .contains(PeerAttributes.ISTIO_AUTHN));
    }

    @Test
    void anUnknownFieldFailsTheCheck() {
        JsonNode bad = new ObjectMapper().createObjectNode().put("name", "x").put("procesing_mode", "typo");
        assertThrows(InvalidProtocolBufferException.class, () -> parse(bad, ExternalProcessor.newBuilder()));
    }

    /**
     * The route a request takes in the shipped Envoy file, matched as Envoy matches (first route
     * whose prefix or path regex, gRPC flag, header and query matchers all hold; regexes match
     * whole values):
     * no route timeout cuts a response that still flows; a finite answer may be idle 30 s, a feed
     * as long as the connection manager's stream idle timeout, 5 minutes.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/feed|text/event-stream||300",
        "/api/chat|application/x-ndjson||300",
        "/api/chat|Application/JSONL, */*||300",
        "/api/v1/pods|application/json|watch=true|300",
        "/api/v1/pods|application/json|labelSelector=app&watch=1|300",
        "/api/v1/namespaces/shop/pods/web-0/log|*/*|follow=true|300",
        "/api/v1/pods|application/json|watch=false|30",
        "/orders|application/json||30",
        "/orders|*/*|follow=me|30",
        "/v1.43/events|application/json||300",
        "/v1.43/events|application/json|since=1700000000&until=1700000600|30",
        "/v4.0.0/libpod/events|application/json|stream=true|300",
        "/v1.43/containers/web/stats|*/*||300",
        "/containers/web/stats|*/*|stream=false|30",
        "/events|application/json||30",
        "/v1/events|application/json||30",
    })
    void noRouteCutsAFlowingResponseAndFeedsMayIdleLonger(String path, String accept, String query, long idleSeconds)
            throws Exception {
        Bootstrap b = parse(yaml(DEPLOY.resolve("envoy/envoy.yaml")), Bootstrap.newBuilder()).build();
        HttpConnectionManager hcm = b.getStaticResources().getListeners(0).getFilterChains(0).getFilters(0)
                .getTypedConfig().unpack(HttpConnectionManager.class);
        Map<String, String> params = new LinkedHashMap<>();
        for (String p : query == null ? new String[0] : query.split("&")) {
            params.put(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1));
        }
        Route route = hcm.getRouteConfig().getVirtualHosts(0).getRoutesList().stream()
                .filter(r -> matches(r.getMatch(), path, Map.of("accept", accept), params)).findFirst().orElseThrow();
        assertTrue(route.getRoute().hasTimeout() && route.getRoute().getTimeout().getSeconds() == 0
                && route.getRoute().getTimeout().getNanos() == 0, "no route timeout: " + route);
        long idle = route.getRoute().hasIdleTimeout() ? route.getRoute().getIdleTimeout().getSeconds()
                : hcm.hasStreamIdleTimeout() ? hcm.getStreamIdleTimeout().getSeconds() : STREAM_IDLE_DEFAULT_SECONDS;
        assertEquals(idleSeconds, idle, route.toString());
    }

    private static boolean matches(RouteMatch m, String path, Map<String, String> headers, Map<String, String> query) {
        boolean onPath = switch (m.getPathSpecifierCase()) {
            case PREFIX -> path.startsWith(m.getPrefix());
            case SAFE_REGEX -> Pattern.compile(m.getSafeRegex().getRegex()).matcher(path).matches();
            default -> throw new AssertionError("a path matcher this test does not read: " + m);
        };
        return onPath && !m.hasGrpc()
                && m.getHeadersList().stream().allMatch(h -> headers.containsKey(h.getName())
                        && matches(h.getStringMatch(), headers.get(h.getName())))
                && m.getQueryParametersList().stream().allMatch(q -> query.containsKey(q.getName())
                        && matches(q.getStringMatch(), query.get(q.getName())));
    }

    private static boolean matches(StringMatcher m, String value) {
        return switch (m.getMatchPatternCase()) {
            case SAFE_REGEX -> Pattern.compile(m.getSafeRegex().getRegex()).matcher(value).matches();
            case CONTAINS -> value.contains(m.getContains());
            case EXACT -> value.equals(m.getExact());
            default -> throw new AssertionError("a matcher this test does not read: " + m);
        };
    }

    private static void checkExtProc(ExternalProcessor ext) {
        ProcessingMode m = ext.getProcessingMode();
        assertEquals(ProcessingMode.HeaderSendMode.SEND, m.getRequestHeaderMode());
        assertEquals(ProcessingMode.HeaderSendMode.SEND, m.getResponseHeaderMode());
        assertEquals(ProcessingMode.HeaderSendMode.SEND, m.getRequestTrailerMode());
        assertEquals(ProcessingMode.HeaderSendMode.SEND, m.getResponseTrailerMode());
        assertTrue(BodyMode.of(m.getRequestBodyMode()) != null && BodyMode.of(m.getResponseBodyMode()) != null);
        assertTrue(ext.hasMessageTimeout());
        assertTrue(ext.getAllowModeOverride(), "Sluice skips media with a mode override");
        assertTrue(ext.getRequestAttributesList().containsAll(List.of(PeerAttributes.SOURCE_ADDRESS,
                PeerAttributes.PEER_URI_SAN)));
        assertTrue(ext.getMetadataOptions().getReceivingNamespaces().getUntypedList()
                .contains(VerdictMetadata.NAMESPACE));
    }

    private static void checkSluiceCluster(Cluster c) throws InvalidProtocolBufferException {
        assertEquals(50051, c.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress()
                .getSocketAddress().getPortValue(), "DESIGN.md: ext_proc listens on 50051");
        HttpProtocolOptions h2 = c.getTypedExtensionProtocolOptionsMap()
                .get("envoy.extensions.upstreams.http.v3.HttpProtocolOptions").unpack(HttpProtocolOptions.class);
        assertTrue(h2.getExplicitHttpConfig().hasHttp2ProtocolOptions(), "gRPC needs HTTP/2");
    }
}
