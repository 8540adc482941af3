package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sluice.standalone.config.ProxyTimeout;
import dev.sluice.standalone.proxy.NoLeaks;
import dev.sluice.testing.ByteMutations;
import dev.sluice.testing.Mutants;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice serve} with the default policy in front of an upstream that answers with broken
 * responses: well-formed ones (sized, chunked with a card across chunks, close-delimited, gzip,
 * 204, an interim 100) changed in seeded random ways, after which the upstream closes or keeps
 * the connection. Whatever the upstream sends, the client's exchange must end within the wait
 * (an answer, a 502/504 or a closed connection), what it gets must be HTTP, no Netty buffer may
 * leak, and a good response must still be inspected and redacted afterwards.
 * {@code -Dsluice.mutants=N} runs a longer campaign.
 */
@ExtendWith(NoLeaks.class)
class MutatedUpstreamResponseTest {
    private static final int WAIT_MS = 5_000;
    private static final String CARD_JSON = "{\"name\":\"Alice\",\"card\":\"4111 1111 1111 1111\",\"n\":1}";
    private static final List<byte[]> RESPONSES = List.of(
            ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + CARD_JSON.length()
                    + "\r\n\r\n" + CARD_JSON),
            ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "1e\r\n" + CARD_JSON.substring(0, 30) + "\r\n" + Integer.toHexString(CARD_JSON.length() - 30)
                    + "\r\n" + CARD_JSON.substring(30) + "\r\n0\r\n\r\n"),
            ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n" + CARD_JSON),
            gzipResponse(),
            ascii("HTTP/1.1 204 No Content\r\n\r\n"),
            ascii("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 24\r\n\r\n"
                    + "card 4111 1111 1111 1111"));
    private static final List<byte[]> FRAGMENTS = List.of(ascii("\r\n"), ascii("\r\n\r\n"), ascii("Content-Length: 5\r\n"),
            ascii("Content-Length: 99999999999\r\n"), ascii("Transfer-Encoding: chunked\r\n"), ascii("0\r\n\r\n"),
            ascii("ffffffff\r\n"), ascii("HTTP/1.1 200 OK\r\n"), ascii("HTTP/1.0"), ascii(" "), ascii(":"),
            ascii("\u0000"), ascii("Content-Encoding: gzip\r\n"), ascii("Connection: close\r\n"),
            ascii("Content-Type: application/json\r\n"), ascii(" folded\r\n"), ascii("\n"));

    @TempDir
    static Path dir;
    private static RawUpstream upstream;
    private static ServeRuntime serve;

    @BeforeAll
    static void start() throws Exception {
        upstream = new RawUpstream();
        serve = ServeTests.serveDefault(upstream.port(), dir.resolve("events.jsonl"),
                c -> c.proxyTimeout(ProxyTimeout.READ, Duration.ofMillis(500)));
    }

    @AfterAll
    static void stop() throws Exception {
        ServeTests.stop(serve, upstream);
    }

    @RepeatedTest(value = 60, name = "broken response {currentRepetition}")
    void aBrokenUpstreamResponseEndsTheExchangeCleanly(RepetitionInfo info) throws IOException {
        for (long seed : Mutants.seeds(0x0b57_0000L, info.getCurrentRepetition(), info.getTotalRepetitions(), 1)) {
            Random random = new Random(seed);
            upstream.answer(ByteMutations.mutate(random, RESPONSES.get(random.nextInt(RESPONSES.size())), FRAGMENTS),
                    random.nextBoolean());
            String got = get("seed " + seed);
            assertTrue(got.isEmpty() || got.startsWith("HTTP/1.1 "), "seed " + seed + ": not HTTP: "
                    + got.substring(0, Math.min(40, got.length())));
        }
        if (info.getCurrentRepetition() % 20 == 0) {
            upstream.answer(RESPONSES.getFirst(), true);
            String ok = get("a good response");
            assertTrue(ok.startsWith("HTTP/1.1 200") && ok.contains("1111") && !ok.contains("4111 1111 1111 1111"),
                    "inspected and redacted: " + ok);
        }
    }

    /**
     * An upstream that writes more than its response's framing says (the start of another status
     * line) on a connection it keeps: the pooled connection holds those bytes, and the next
     * exchange on it reads them before its own answer. That exchange must still get the good
     * response, inspected and redacted, not a 502.
     */
    @Test
    void strayBytesAfterAResponseDoNotSpoilTheNextExchangeOnItsConnection() throws IOException {
        byte[] good = RESPONSES.getFirst();
        byte[] stray = ascii("HTTP/1.0");
        byte[] withStray = Arrays.copyOf(good, good.length + stray.length);
        System.arraycopy(stray, 0, withStray, good.length, stray.length);
        for (int round = 0; round < 5; round++) {
            upstream.answer(withStray, false);
            String first = get("a response with stray bytes after it");
            assertTrue(first.startsWith("HTTP/1.1 200") && !first.contains("4111 1111 1111 1111"), "round " + round + ", first: " + first);
            upstream.answer(good, true);
            String next = get("the next response");
            assertTrue(next.startsWith("HTTP/1.1 200") && next.contains("1111") && !next.contains("4111 1111 1111 1111"),
                    "inspected and redacted: " + next);
        }
    }

    /** A GET through the proxy on a fresh connection; what came back before the proxy closed it. */
    private static String get(String what) throws IOException {
        try (Socket s = new Socket("127.0.0.1", serve.proxyPort())) {
            s.setSoTimeout(WAIT_MS);
            s.getOutputStream().write(ascii("GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try {
                s.getInputStream().transferTo(all);
            } catch (SocketTimeoutException e) {
                fail(what + ": the exchange neither ended nor closed within " + WAIT_MS + " ms");
            } catch (IOException e) {
                // reset by the proxy: an answer too
            }
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] gzipResponse() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(body)) {
            gz.write(ascii(CARD_JSON));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] head = ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
                + "Content-Length: " + body.size() + "\r\n\r\n");
        byte[] all = Arrays.copyOf(head, head.length + body.size());
        System.arraycopy(body.toByteArray(), 0, all, head.length, body.size());
        return all;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * An upstream on a raw socket: reads each request head and writes the response it was given,
     * then closes the connection or waits for the next request on it.
     */
    private static final class RawUpstream implements AutoCloseable {
        private final RawServer server;
        private volatile byte[] response = new byte[0];
        private volatile boolean closeAfter;

        RawUpstream() throws IOException {
            server = new RawServer(this::serve);
        }

        int port() {
            return server.port();
        }

        void answer(byte[] bytes, boolean close) {
            response = bytes;
            closeAfter = close;
        }

        private void serve(Socket s) {
            try (s) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                while (readHead(in)) {
                    out.write(response);
                    out.flush();
                    if (closeAfter) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the proxy went away: fine
            }
        }

        /** Reads up to the end of a request head; false at the end of the stream. */
        private static boolean readHead(InputStream in) throws IOException {
            int state = 0;
            int b;
            while ((b = in.read()) >= 0) {
                state = b == '\n' ? (state == 1 ? 2 : 1) : (b == '\r' ? state : 0);
                if (state == 2) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
