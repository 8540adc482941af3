package dev.sluice.standalone.extproc;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;

/**
 * What Envoy says about the peer of one exchange, for the policy's source-service rules:
 * the peer's address ({@code source.address}) and the URI SAN of the client certificate Envoy
 * verified ({@code connection.uri_san_peer_certificate}), from the request attributes Envoy was
 * told to send ({@code request_attributes}), else from Istio's authentication metadata
 * ({@code istio_authn} / {@code source.principal}, a SPIFFE ID without its scheme). Both come
 * from Envoy, not from the client, so they rank above headers.
 */
record PeerAttributes(String address, String uriSan) {
    static final String SOURCE_ADDRESS = "source.address";
    static final String PEER_URI_SAN = "connection.uri_san_peer_certificate";
    static final String ISTIO_AUTHN = "istio_authn";
    static final String SOURCE_PRINCIPAL = "source.principal";
    private static final int MAX_CHARS = 2048;

    static final PeerAttributes NONE = new PeerAttributes(null, null);

    static PeerAttributes of(ProcessingRequest request) {
        String address = null;
        String san = null;
        for (Struct s : request.getAttributesMap().values()) {
            address = address != null ? address : text(s, SOURCE_ADDRESS);
            san = san != null ? san : text(s, PEER_URI_SAN);
        }
        if (san == null && request.hasMetadataContext()) {
            san = istioPrincipal(request.getMetadataContext());
        }
        return new PeerAttributes(hostOf(address), san);
    }

    private static String istioPrincipal(Metadata metadata) {
        Struct authn = metadata.getFilterMetadataMap().get(ISTIO_AUTHN);
        String principal = authn == null ? null : text(authn, SOURCE_PRINCIPAL);
        if (principal == null) {
            return null;
        }
        return principal.startsWith("spiffe://") ? principal : "spiffe://" + principal;
    }

    private static String text(Struct s, String key) {
        Value v = s.getFieldsMap().get(key);
        if (v == null || v.getKindCase() != Value.KindCase.STRING_VALUE) {
            return null;
        }
        String t = v.getStringValue();
        return t.isEmpty() || t.length() > MAX_CHARS ? null : t;
    }

    /** {@code 10.0.0.1:5000} → {@code 10.0.0.1}; {@code [::1]:5000} → {@code ::1}; a bare host stays. */
    static String hostOf(String address) {
        if (address == null) {
            return null;
        }
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            return close > 1 ? address.substring(1, close) : null;
        }
        int colon = address.indexOf(':');
        if (colon >= 0 && address.indexOf(':', colon + 1) < 0) {
            return address.substring(0, colon);
        }
        return address;
    }
}
