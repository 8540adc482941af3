package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.standalone.config.ProxyTimeout;
import dev.sluice.standalone.proxy.NoLeaks;
import dev.sluice.testing.ByteMutations;
import dev.sluice.testing.Mutants;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * gRPC through {@code sluice serve} (default policy, messages read schema-less) to an upstream
 * that answers every call with the same HTTP/2 bytes, broken in seeded random ways: settings,
 * response headers, a message holding a card number, trailers; the upstream then closes at once
 * or a second later. The client's call must end within the wait (an answer, an error status, a
 * reset), no Netty buffer may leak, and a good answer must still come back with its card masked.
 * {@code -Dsluice.mutants=N} runs a longer campaign.
 */
@ExtendWith(NoLeaks.class)
class MutatedGrpcUpstreamTest {
    private static final int WAIT_MS = 5_000;
    private static final String CARD = "4012888888881881";
    /** The proxy's first call on a connection is stream 3: Netty's h2c client keeps 1 for an upgrade. */
    private static final int UPSTREAM_STREAM = 3;
    private static final byte[] RESPONSE = RawHttp2.serverSide()
            .frame(RawHttp2.HEADERS, RawHttp2.END_HEADERS, UPSTREAM_STREAM, RawHttp2.concat(new byte[] {(byte) 0x88},
                    RawHttp2.contentType("application/grpc")))
            .frame(RawHttp2.DATA, 0, UPSTREAM_STREAM, grpcMessage(field(1, "carol.diaz@fastmail.com"), field(2, CARD)))
            .frame(RawHttp2.HEADERS, RawHttp2.END_HEADERS | RawHttp2.END_STREAM, UPSTREAM_STREAM,
                    RawHttp2.field("grpc-status", "0"))
            .bytes();
    /** A call that fails after its message: the reason, with a datasource URL, in the trailers. */
    private static final byte[] FAILED = RawHttp2.serverSide()
            .frame(RawHttp2.HEADERS, RawHttp2.END_HEADERS, UPSTREAM_STREAM, RawHttp2.concat(new byte[] {(byte) 0x88},
                    RawHttp2.contentType("application/grpc")))
            .frame(RawHttp2.DATA, 0, UPSTREAM_STREAM, grpcMessage(field(1, "carol.diaz@fastmail.com")))
            .frame(RawHttp2.HEADERS, RawHttp2.END_HEADERS | RawHttp2.END_STREAM, UPSTREAM_STREAM,
                    RawHttp2.concat(RawHttp2.field("grpc-status", "13"), RawHttp2.field("grpc-message",
                            "connect%20to%20postgres://app:Vt8qLm2xRz5p@db.internal:5432/app%20failed")))
            .bytes();
    /** The same failure with its reason in a {@code google.rpc.Status}'s {@code DebugInfo} ({@code grpc-status-details-bin}). */
    private static final byte[] FAILED_WITH_DETAILS = RawHttp2.serverSide()
            .frame(RawHttp2.HEADERS, RawHttp2.END_HEADERS, UPSTREAM_STREAM, RawHttp2.concat(new byte[] {(byte) 0x88},
                    RawHttp2.contentType("application/grpc")))
            .frame(RawHttp2.DATA, 0, UPSTREAM_STREAM, grpcMessage(field(1, "carol.diaz@fastmail.com")))
            .frame(RawHttp2.HEADERS, RawHttp2.END_HEADERS | RawHttp2.END_STREAM, UPSTREAM_STREAM,
                    RawHttp2.concat(RawHttp2.field("grpc-status", "13"), RawHttp2.field("grpc-message", "internal"),
                            RawHttp2.field("grpc-status-details-bin", java.util.Base64.getEncoder().withoutPadding()
                                    .encodeToString(statusWithDebugInfo()))))
            .bytes();
    private static final byte[] CALL = RawHttp2.conversation()
            .frame(RawHttp2.HEADERS, RawHttp2.END_HEADERS, 1, RawHttp2.headerBlock(true, "/demo.Profiles/Get",
                    RawHttp2.contentType("application/grpc"), RawHttp2.field("te", "trailers")))
            .frame(RawHttp2.DATA, RawHttp2.END_STREAM, 1, grpcMessage(field(1, "user-7")))
            .bytes();
    private static final List<byte[]> FRAGMENTS = List.of(new byte[] {0, 0, 0, 0, 0}, new byte[] {1},
            new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, new byte[] {0x0a}, new byte[] {0x12, 0x7f},
            new byte[] {0, 0, 0, 3, 0, 0, 0, 0, 1, 0, 0, 0, 8}, new byte[] {0, 0, 8, 7, 0, 0, 0, 0, 0},
            new byte[] {0, 0, 0, 1, 1, 0, 0, 0, 1}, new byte[] {(byte) 0x88});

    @TempDir
    static Path dir;
    private static RawH2Upstream upstream;
    private static ServeRuntime serve;

    @BeforeAll
    static void start() throws Exception {
        upstream = new RawH2Upstream();
        serve = ServeTests.serveDefault(upstream.port(), dir.resolve("events.jsonl"),
                c -> c.proxyTimeout(ProxyTimeout.READ, Duration.ofMillis(500)));
    }

    @AfterAll
    static void stop() throws Exception {
        ServeTests.stop(serve, upstream);
    }

    @RepeatedTest(value = 30, name = "broken answer {currentRepetition}")
    void aBrokenUpstreamAnswerEndsTheCall(RepetitionInfo info) throws IOException {
        for (long seed : Mutants.seeds(0x6a9c_0000L, info.getCurrentRepetition(), info.getTotalRepetitions(), 1)) {
            Random random = new Random(seed);
            upstream.answer(ByteMutations.mutate(random, RESPONSE, FRAGMENTS), random.nextBoolean() ? 0 : 1000);
            assertNotNull(call(), "seed " + seed + ": the call neither ended nor was reset within " + WAIT_MS + " ms");
        }
        if (info.getCurrentRepetition() % 10 == 0) {
            upstream.awaitNoConnection(); // else the proxy may send the call on a pooled one the upstream will not answer
            upstream.answer(RESPONSE, 0);
            byte[] data = call();
            assertNotNull(data, "a good answer");
            String text = new String(data, StandardCharsets.ISO_8859_1);
            assertTrue(text.contains("carol.diaz@fastmail.com") && text.contains("1881"), "the answer came back");
            assertFalse(text.contains(CARD), "its card is masked");
        }
    }

    /**
     * A secret in the trailers of a call that failed after its message (grpc-java's client reads
     * them): masked in {@code grpc-message} itself, percent-decoded to be read.
     */
    @Test
    void aSecretInTheTrailersIsMaskedInPlace() throws Exception {
        StatusRuntimeException e = failedCall(FAILED);
        assertEquals("connect to [REDACTED:basic_auth_url]/app failed", e.getStatus().getDescription());
        JsonNode event = ServeTests.awaitEvent(dir.resolve("events.jsonl"), ev -> ServeTests.hasFinding(ev,
                "basic_auth_url"));
        assertEquals("header:grpc-message", ServeTests.finding(event, "basic_auth_url").path("path").asText());
        assertEquals("redacted", event.path("delivery").asText(), event.toString());
    }

    /**
     * A secret in a failed call's status details (base64 {@code google.rpc.Status} in
     * {@code grpc-status-details-bin}, its {@code DebugInfo} detail): found under that field,
     * which the redaction removes, since no byte of its base64 text holds the value; the status
     * and its message still reach the client.
     */
    @Test
    void aSecretInTheStatusDetailsRemovesThem() throws Exception {
        StatusRuntimeException e = failedCall(FAILED_WITH_DETAILS);
        assertEquals("internal", e.getStatus().getDescription());
        assertNotNull(e.getTrailers());
        assertFalse(e.getTrailers().containsKey(io.grpc.Metadata.Key.of("grpc-status-details-bin",
                io.grpc.Metadata.BINARY_BYTE_MARSHALLER)), e.getTrailers().toString());
        JsonNode event = ServeTests.awaitEvent(dir.resolve("events.jsonl"), ev -> ServeTests.hasFinding(ev,
                "basic_auth_url") && ServeTests.finding(ev, "basic_auth_url").path("path").asText()
                .startsWith("header:grpc-status-details-bin"));
        assertEquals("header:grpc-status-details-bin.3.2.2",
                ServeTests.finding(event, "basic_auth_url").path("path").asText());
        assertEquals("redacted", event.path("delivery").asText(), event.toString());
    }

    /** A grpc-java call through the proxy to an upstream answering {@code answer}: it fails INTERNAL. */
    private static StatusRuntimeException failedCall(byte[] answer) throws Exception {
        upstream.awaitNoConnection();
        upstream.answer(answer, 0);
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", serve.proxyPort(),
                InsecureChannelCredentials.create()).build();
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                    channel, ProfilesService.GET, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                    ProfilesService.request("user-7", "")));
            assertEquals(Status.Code.INTERNAL, e.getStatus().getCode(), e.toString());
            return e;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** {@code google.rpc.Status{code: 13, details: [Any{DebugInfo{detail: "connect to postgres://…"}}]}}, field by field. */
    private static byte[] statusWithDebugInfo() {
        byte[] debugInfo = field(2, "connect to postgres://app:Vt8qLm2xRz5p@db.internal:5432/app failed");
        byte[] any = RawHttp2.concat(field(1, "type.googleapis.com/google.rpc.DebugInfo"), bytesField(2, debugInfo));
        return RawHttp2.concat(new byte[] {0x08, 13}, bytesField(3, any));
    }

    /** A length-delimited field shorter than 128 bytes. */
    private static byte[] bytesField(int number, byte[] v) {
        return RawHttp2.concat(new byte[] {(byte) (number << 3 | 2), (byte) v.length}, v);
    }

    /** One call on a fresh client connection: the answer's DATA bytes, or null when it did not end in time. */
    private static byte[] call() throws IOException {
        try (Socket s = new Socket("127.0.0.1", serve.proxyPort())) {
            s.setSoTimeout(WAIT_MS);
            s.getOutputStream().write(CALL);
            return RawHttp2.readStream(s.getInputStream(), 1);
        }
    }

    private static byte[] field(int number, String text) {
        return bytesField(number, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] grpcMessage(byte[]... fields) {
        byte[] m = RawHttp2.concat(fields);
        return RawHttp2.concat(new byte[] {0, 0, 0, 0, (byte) m.length}, m);
    }

    /**
     * An HTTP/2 upstream on a raw socket: once the proxy's preface and request have arrived it
     * writes the bytes it was given, whatever was asked, and ends its side after the given delay.
     */
    private static final class RawH2Upstream implements AutoCloseable {
        private static final int PREFACE_BYTES = 24;
        private final RawServer server;
        private volatile byte[] response = new byte[0];
        private volatile int closeAfterMillis;
        private final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();

        RawH2Upstream() throws IOException {
            server = new RawServer(this::serve);
        }

        int port() {
            return server.port();
        }

        void answer(byte[] bytes, int closeAfter) {
            response = bytes;
            closeAfterMillis = closeAfter;
        }

        /** Waits until every connection made so far has been closed, and the proxy has seen it. */
        void awaitNoConnection() {
            try {
                for (int i = 0; i < 300 && open.get() > 0; i++) {
                    Thread.sleep(10);
                }
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void serve(Socket s) {
            open.incrementAndGet();
            try (s) {
                s.setSoTimeout(5_000);
                InputStream in = s.getInputStream();
                if (in.readNBytes(PREFACE_BYTES).length < PREFACE_BYTES) {
                    return;
                }
                Thread drain = Thread.ofVirtual().start(() -> drain(in)); // the rest, unread
                Thread.sleep(20);
                s.getOutputStream().write(response);
                s.getOutputStream().flush();
                Thread.sleep(closeAfterMillis);
                // A FIN, then what the proxy still sends is read: closing with unread input would
                // reset the connection, and the proxy could lose the answer before reading it.
                s.shutdownOutput();
                drain.join(1_000);
            } catch (IOException e) {
                // the proxy went away: fine
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                open.decrementAndGet();
            }
        }

        private static void drain(InputStream in) {
            try {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                // closed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
