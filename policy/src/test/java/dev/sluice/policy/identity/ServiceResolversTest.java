package dev.sluice.policy.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceResolversTest {
    private static final ServiceNameRule RULE = ServiceNameRule.of("{sa}.{ns}");
    private static final String XFCC = "By=spiffe://cluster.local/ns/shop/sa/ledger;Hash=abc;"
            + "URI=spiffe://cluster.local/ns/shop/sa/web,By=spiffe://cluster.local/ns/shop/sa/ledger;Hash=def;"
            + "Subject=\"CN=checkout-client\";URI=spiffe://cluster.local/ns/shop/sa/checkout";

    private static ServiceIdentity resolve(boolean trustXfcc, Map<String, String> headers, String san, String peer) {
        return new SourceServiceResolver(trustXfcc, List.of("X-Source-Service"), RULE)
                .resolve(HeaderLookup.of(headers), san, peer);
    }

    @Test
    void xfccNearestElementSpiffeUriThroughTheRule() {
        ServiceIdentity s = resolve(true, Map.of("x-forwarded-client-cert", XFCC, "x-source-service", "spoof"), null,
                "10.0.0.7:5555");
        assertEquals(new ServiceIdentity("checkout.shop", ServiceIdentity.Origin.XFCC), s);
    }

    @Test
    void xfccFallsBackToDnsThenSubjectCommonName() {
        assertEquals("api.billing.svc", resolve(true, Map.of("x-forwarded-client-cert",
                "By=x;URI=urn:not-a-url;DNS=api.billing.svc;Subject=\"CN=ignored\""), null, null).name());
        assertEquals("billing-client", resolve(true, Map.of("x-forwarded-client-cert",
                "By=x;Subject=\"/O=Acme/CN=billing-client\""), null, null).name());
        assertEquals("testclient.lyft.com", resolve(true, Map.of("x-forwarded-client-cert",
                "By=x;URI=http://testclient.lyft.com/path"), null, null).name());
    }

    @Test
    void verifiedPeerCertificateComesFirst() {
        ServiceIdentity s = resolve(true, Map.of("x-forwarded-client-cert", XFCC),
                "spiffe://cluster.local/ns/pay/sa/gateway", null);
        assertEquals(new ServiceIdentity("gateway.pay", ServiceIdentity.Origin.PEER_CERTIFICATE), s);
    }

    @Test
    void untrustedXfccIsSkippedForConfiguredHeaders() {
        ServiceIdentity s = resolve(false, Map.of("x-forwarded-client-cert", XFCC, "X-Source-Service", "orders"), null,
                "10.0.0.7");
        assertEquals(new ServiceIdentity("orders", ServiceIdentity.Origin.HEADER), s);
    }

    @Test
    void peerAddressLastAndNeverAMetricLabel() {
        ServiceIdentity s = resolve(true, Map.of("x-forwarded-client-cert", "Subject=\"unterminated"), null, "10.0.0.7:5555");
        assertEquals(new ServiceIdentity("10.0.0.7:5555", ServiceIdentity.Origin.PEER_ADDRESS), s);
        assertEquals("unknown", s.metricLabel(new BoundedNames(java.util.Set.of(), 10)));
        assertEquals(ServiceIdentity.UNKNOWN, resolve(true, Map.of(), null, null));
    }

    @Test
    void headerNamesAreCleanedForLabels() {
        assertEquals("a_b_c", resolve(false, Map.of("x-source-service", "a b\nc"), null, null).name());
        assertEquals(128, resolve(false, Map.of("x-source-service", "x".repeat(500)), null, null).name().length());
    }

    @Test
    void destinationFromConfigurationThenEnvironment() {
        assertEquals(new ServiceIdentity("checkout", ServiceIdentity.Origin.CONFIGURED),
                DestinationServiceResolver.resolve("checkout", RULE, Map.of("SLUICE_SERVICE_NAME", "x")));
        assertEquals(new ServiceIdentity("ledger", ServiceIdentity.Origin.ENVIRONMENT),
                DestinationServiceResolver.resolve(null, RULE, Map.of("SLUICE_SERVICE_NAME", "ledger")));
        assertEquals("checkout.shop", DestinationServiceResolver.resolve(null, RULE,
                Map.of("SERVICE_ACCOUNT", "checkout", "POD_NAMESPACE", "shop", "POD_NAME", "x-1")).name());
        assertEquals("checkout.shop", DestinationServiceResolver.resolve(null, RULE,
                Map.of("POD_SERVICE_ACCOUNT", "checkout", "POD_NAMESPACE", "shop")).name());
        assertEquals("web.shop", DestinationServiceResolver.resolve(null, RULE,
                Map.of("POD_NAME", "web-7d4b9cf8c9-x2x7q", "POD_NAMESPACE", "shop")).name());
        assertEquals("web", DestinationServiceResolver.resolve(null, RULE, Map.of("POD_NAME", "web-7d4b9cf8c9-x2x7q")).name());
        assertEquals(ServiceIdentity.UNKNOWN, DestinationServiceResolver.resolve(null, RULE, Map.of()));
    }

    @ParameterizedTest
    @CsvSource({
        "checkout-7d4b9cf8c9-x2x7q,checkout",
        "checkout-api-5c689d88bb-fzq2w,checkout-api",
        "ledger-2,ledger",
        "node-agent-x2x7q,node-agent",
        "my-service-x2x7q,my-service",
        "frontend,frontend",
        "api-server,api-server",
    })
    void podNamesLoseTheirGeneratedSuffixes(String pod, String workload) {
        assertEquals(workload, DestinationServiceResolver.workloadOf(pod));
    }
}
