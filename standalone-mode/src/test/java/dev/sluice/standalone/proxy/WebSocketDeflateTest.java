package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How the proxy agrees {@code permessage-deflate} with each side of a WebSocket upgrade (RFC 7692 §5, §7). */
class WebSocketDeflateTest {
    private static final int LIMIT = 1 << 20;

    private static HttpHeaders extensions(String... values) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (String v : values) {
            h.add(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, v);
        }
        return h;
    }

    @Test
    void aRequestWithoutAPermessageDeflateOfferGetsNothingAgreed() {
        assertNull(WebSocketDeflate.offeredIn(extensions(), LIMIT));
        assertNull(WebSocketDeflate.offeredIn(extensions("x-webkit-deflate-frame"), LIMIT));
    }

    @Test
    void theUpstreamIsOfferedTheProxysOwnTermsNotTheClients() {
        WebSocketDeflate d = WebSocketDeflate.offeredIn(extensions("permessage-deflate; client_max_window_bits"), LIMIT);
        assertNotNull(d);
        assertEquals("permessage-deflate; client_no_context_takeover", d.upstreamOffer());
    }

    @Test
    void theClientGetsAnAnswerWithoutContextTakeoverOnTheProxysSide() {
        WebSocketDeflate d = WebSocketDeflate.offeredIn(extensions("permessage-deflate; client_max_window_bits"), LIMIT);
        String answer = d.agreeWithClient();
        assertTrue(answer.startsWith("permessage-deflate"), answer);
        assertTrue(answer.contains("server_no_context_takeover"), answer);
        assertNotNull(d.agreed(true));
        assertNull(d.agreed(false), "nothing agreed upstream yet");
    }

    @Test
    void aClientOfferTheProxyCannotHonourIsSkippedForTheNext() {
        // A smaller window for the proxy's own compressor is not something Netty's JDK deflater can do.
        WebSocketDeflate d = WebSocketDeflate.offeredIn(
                extensions("permessage-deflate; server_max_window_bits=10, permessage-deflate"), LIMIT);
        assertNotNull(d.agreeWithClient());
        WebSocketDeflate only = WebSocketDeflate.offeredIn(extensions("permessage-deflate; server_max_window_bits=10"),
                LIMIT);
        assertNull(only.agreeWithClient());
        assertNull(only.agreed(true));
    }

    @Test
    void anUpstreamThatAgreesToNothingOrToTheOfferIsAccepted() {
        WebSocketDeflate none = WebSocketDeflate.offeredIn(extensions("permessage-deflate"), LIMIT);
        assertTrue(none.acceptUpstream(extensions()));
        assertNull(none.agreed(false));
        WebSocketDeflate agreed = WebSocketDeflate.offeredIn(extensions("permessage-deflate"), LIMIT);
        assertTrue(agreed.acceptUpstream(extensions("permessage-deflate; client_no_context_takeover")));
        assertNotNull(agreed.agreed(false));
        WebSocketDeflate withContext = WebSocketDeflate.offeredIn(extensions("permessage-deflate"), LIMIT);
        assertTrue(withContext.acceptUpstream(extensions("permessage-deflate; server_no_context_takeover")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "x-webkit-deflate-frame",                             // not offered
        "permessage-deflate, permessage-deflate",             // two
        "permessage-deflate; client_max_window_bits=10",      // a window the proxy did not allow
        "permessage-deflate; server_max_window_bits=7",       // out of range
        "permessage-deflate; unknown_parameter",
    })
    void anUpstreamAnswerTheProxyDidNotOfferFailsTheUpgrade(String answer) {
        WebSocketDeflate d = WebSocketDeflate.offeredIn(extensions("permessage-deflate"), LIMIT);
        assertFalse(d.acceptUpstream(extensions(answer)), answer);
        assertNull(d.agreed(false));
    }

    @Test
    void anUpstreamThatAnswersWithAnExtensionWhenNoneWasOfferedFails() {
        HttpHeaders response = extensions("permessage-deflate");
        response.set(HttpHeaderNames.UPGRADE, "websocket");
        DefaultHttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS,
                response);
        assertFalse(WebSocketUpgrade.accepts(r, null));
        assertTrue(WebSocketUpgrade.accepts(r, WebSocketDeflate.offeredIn(extensions("permessage-deflate"), LIMIT)));
    }
}
