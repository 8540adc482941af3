package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.sluice.standalone.proxy.spi.PassThroughFilter;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on both sides of the proxy, with real clients and servers: Java's HTTP client over HTTPS
 * (HTTP/1.1 and HTTP/2 chosen by ALPN), mutual TLS on the listener, the JDK's HTTPS server as an
 * https upstream (trusted CA, wrong CA, wrong name, client certificate), grpc-java over TLS on
 * both sides, and connections that fail the handshake, speak cleartext or never start it.
 */
@ExtendWith(NoLeaks.class)
class TlsProxyTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static TestUpstream upstream;
    static SidecarProxy tlsProxy;
    static SidecarProxy mutualProxy;
    static HttpsServer httpsUpstream;
    static HttpsServer mutualHttpsUpstream;

    @BeforeAll
    static void start() throws IOException {
        pki = TestPki.create(dir);
        upstream = TestUpstream.start();
        tlsProxy = SidecarProxy.start(ProxyTests.config(upstream.url())
                .serverTls(ServerTls.fromPem(pki.serverCertPem, pki.serverKeyPem, null))
                .requestHeadTimeout(Duration.ofMillis(500)).build(), PassThroughFilter.INSTANCE);
        mutualProxy = SidecarProxy.start(ProxyTests.config(upstream.url())
                .serverTls(ServerTls.fromPem(pki.serverCertPem, pki.serverKeyPem, pki.caPem)).build(),
                PassThroughFilter.INSTANCE);
        httpsUpstream = httpsServer(pki, params -> { });
        mutualHttpsUpstream = httpsServer(pki, params -> params.setNeedClientAuth(true));
    }

    @AfterAll
    static void stop() {
        tlsProxy.close();
        mutualProxy.close();
        upstream.close();
        httpsUpstream.stop(0);
        mutualHttpsUpstream.stop(0);
    }

    @Test
    void theEngineIsBoringSslUnlessTheJvmSaysOtherwise() {
        // The build runs these tests twice: on BoringSSL, and with it turned off (pom.xml, jdk-tls).
        assertEquals(Boolean.getBoolean("io.netty.handler.ssl.noOpenSsl") ? "JDK" : "BoringSSL", ServerTls.engine());
    }

    @Test
    void anHttpsClientReachesTheUpstreamOverHttp1AndOverH2ChosenByAlpn() throws Exception {
        for (HttpClient.Version version : HttpClient.Version.values()) {
            HttpResponse<String> r = get(client(pki.clientContext(false), version), tlsProxy, "/headers",
                    "X-Forwarded-Proto", "http");
            assertEquals(200, r.statusCode());
            assertEquals(version, r.version(), "ALPN must give the client the version it asked for");
            // The proxy terminated TLS: the upstream learns it, whatever the client wrote.
            assertTrue(r.body().contains("x-forwarded-proto: https"), r.body());
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateOrSpeaksCleartextIsClosedAndCounted() throws Exception {
        long before = tlsProxy.tlsHandshakeFailures();
        // The JDK's CAs do not include the test CA: the client refuses the proxy's certificate.
        assertThrows(IOException.class, () -> get(client(SSLContext.getDefault(), HttpClient.Version.HTTP_1_1),
                tlsProxy, "/headers"));
        try (Socket s = new Socket("127.0.0.1", tlsProxy.port())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, s.getInputStream().read(), "cleartext HTTP on the TLS port gets no answer, only a close");
        }
        awaitAtLeast(before + 1, tlsProxy::tlsHandshakeFailures);
    }

    @Test
    void aConnectionThatNeverStartsTheHandshakeIsClosedAfterTheHeadTimeout() throws Exception {
        try (Socket s = new Socket("127.0.0.1", tlsProxy.port())) {
            s.setSoTimeout(5_000);
            long start = System.nanoTime();
            assertEquals(-1, s.getInputStream().read());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4));
        }
    }

    @Test
    void mutualTlsLetsInOnlyClientsWithACertificateFromTheConfiguredCa() throws Exception {
        HttpResponse<String> r = get(client(pki.clientContext(true), HttpClient.Version.HTTP_2), mutualProxy,
                "/headers");
        assertEquals(200, r.statusCode());
        assertThrows(IOException.class, () -> get(client(pki.clientContext(false), HttpClient.Version.HTTP_1_1),
                mutualProxy, "/headers"));
    }

    @Test
    void anHttpsUpstreamIsVerifiedAgainstTheConfiguredCaAndName() throws Exception {
        String url = "https://127.0.0.1:" + httpsUpstream.getAddress().getPort();
        assertEquals("secure /a/b", viaCleartextProxy(url, UpstreamTls.fromPem(pki.caPem, null, null, null)));
        assertEquals("secure /a/b", viaCleartextProxy("https://localhost:" + httpsUpstream.getAddress().getPort(),
                UpstreamTls.fromPem(pki.caPem, null, null, "localhost")));
        assertEquals("502", viaCleartextProxy(url, UpstreamTls.systemTrust()), "the JDK's CAs do not trust the test CA");
        assertEquals("502", viaCleartextProxy(url, UpstreamTls.fromPem(pki.otherCaPem, null, null, null)));
        assertEquals("502", viaCleartextProxy(url, UpstreamTls.fromPem(pki.caPem, null, null, "api.example.com")),
                "a certificate for another name must be refused");
    }

    @Test
    void anUpstreamThatRequiresAClientCertificateGetsTheConfiguredOne() throws Exception {
        String url = "https://127.0.0.1:" + mutualHttpsUpstream.getAddress().getPort();
        assertEquals("secure /a/b", viaCleartextProxy(url,
                UpstreamTls.fromPem(pki.caPem, pki.clientCertPem, pki.clientKeyPem, null)));
        assertEquals("502", viaCleartextProxy(url, UpstreamTls.fromPem(pki.caPem, null, null, null)));
    }

    @Test
    void grpcCrossesTlsOnBothSides() throws Exception {
        MethodDescriptor<byte[], byte[]> echo = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("test.Echo/Say")
                .setRequestMarshaller(GrpcProxyTest.BYTES).setResponseMarshaller(GrpcProxyTest.BYTES).build();
        Server server = Grpc.newServerBuilderForPort(0,
                        TlsServerCredentials.create(pki.serverCertPem.toFile(), pki.serverKeyPem.toFile()))
                .addService(ServerServiceDefinition.builder("test.Echo")
                        .addMethod(echo, ServerCalls.asyncUnaryCall((req, out) -> {
                            out.onNext(req);
                            out.onCompleted();
                        })).build())
                .build().start();
        try (SidecarProxy proxy = SidecarProxy.start(ProxyTests.config("https://localhost:" + server.getPort())
                .serverTls(ServerTls.fromPem(pki.serverCertPem, pki.serverKeyPem, null))
                .upstreamTls(UpstreamTls.fromPem(pki.caPem, null, null, null)).build(), PassThroughFilter.INSTANCE)) {
            ManagedChannel channel = Grpc.newChannelBuilder("localhost:" + proxy.port(),
                    TlsChannelCredentials.newBuilder().trustManager(pki.caPem.toFile()).build()).build();
            try {
                byte[] sent = "hello over TLS".getBytes(StandardCharsets.UTF_8);
                byte[] got = ClientCalls.blockingUnaryCall(channel, echo,
                        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), sent);
                assertArrayEquals(sent, got);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * cert-manager writes RSA keys as PKCS#1 by default and openssl writes EC keys as SEC1: a
     * proxy serves with either, and curl, trusting only the self-signed certificate openssl made
     * for the key, completes the handshake.
     */
    @Test
    void keysInTheOlderFormsOpensslAndCertManagerWriteServeHandshakes() throws Exception {
        for (String generate : List.of("genrsa -traditional", "ecparam -name prime256v1 -genkey")) {
            Path key = dir.resolve("older.key");
            Path cert = dir.resolve("older.pem");
            Cli.openssl((generate + " -out " + key).split(" "));
            Cli.openssl("req", "-x509", "-new", "-key", key.toString(), "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-days", "1", "-out", cert.toString());
            assertTrue(Files.readString(key).contains(generate.startsWith("genrsa") ? "BEGIN RSA PRIVATE KEY" : "BEGIN EC PRIVATE KEY"));
            try (SidecarProxy proxy = SidecarProxy.start(ProxyTests.config(upstream.url())
                    .serverTls(ServerTls.fromPem(cert, key, null)).build(), PassThroughFilter.INSTANCE)) {
                Cli.Result r = Cli.run(List.of("curl", "-sS", "--cacert", cert.toString(),
                        "https://localhost:" + proxy.port() + "/headers"));
                assertEquals(0, r.exit(), generate + ": " + r.err());
                assertTrue(r.text().contains("x-forwarded-proto: https"), r.text());
            }
        }
    }

    /** The body through a cleartext proxy in front of {@code upstreamUrl}, or the status when not 200. */
    private static String viaCleartextProxy(String upstreamUrl, UpstreamTls tls) throws Exception {
        try (SidecarProxy proxy = SidecarProxy.start(ProxyTests.config(upstreamUrl).upstreamTls(tls).build(),
                PassThroughFilter.INSTANCE)) {
            HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/a/b"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : String.valueOf(r.statusCode());
        }
    }

    private static HttpClient client(SSLContext context, HttpClient.Version version) {
        return HttpClient.newBuilder().sslContext(context).version(version).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static HttpResponse<String> get(HttpClient client, SidecarProxy proxy, String path, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + proxy.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JDK's HTTPS server presenting {@code pki}'s server certificate, answering "secure PATH". */
    static HttpsServer httpsServer(TestPki pki, Consumer<SSLParameters> tune) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        SSLContext context = pki.serverContext();
        s.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = context.getDefaultSSLParameters();
                tune.accept(p);
                params.setSSLParameters(p);
            }
        });
        s.createContext("/", exchange -> {
            byte[] body = ("secure " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        s.start();
        return s;
    }

    private static void awaitAtLeast(long wanted, java.util.function.LongSupplier count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (count.getAsLong() < wanted && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(count.getAsLong() >= wanted, "counted " + count.getAsLong() + ", wanted at least " + wanted);
    }
}
