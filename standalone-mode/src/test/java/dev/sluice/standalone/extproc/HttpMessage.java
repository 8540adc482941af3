package dev.sluice.standalone.extproc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One HTTP message as it reaches Envoy: headers, the body in the chunks it arrived in, trailers (or none). */
record HttpMessage(Map<String, String> headers, List<byte[]> chunks, Map<String, String> trailers) {
    static HttpMessage request(String method, String path, String contentType, List<byte[]> chunks) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(":method", method);
        h.put(":path", path);
        h.put(":authority", "shop.internal");
        h.put(":scheme", "http");
        if (contentType != null) {
            h.put("content-type", contentType);
        }
        return new HttpMessage(h, chunks, null);
    }

    static HttpMessage response(int status, String contentType, List<byte[]> chunks) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(":status", Integer.toString(status));
        if (contentType != null) {
            h.put("content-type", contentType);
        }
        return new HttpMessage(h, chunks, null);
    }

    HttpMessage withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpMessage(h, chunks, trailers);
    }

    HttpMessage withTrailers(Map<String, String> t) {
        return new HttpMessage(headers, chunks, t);
    }

    byte[] body() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        chunks.forEach(b::writeBytes);
        return b.toByteArray();
    }

    /** {@code body} cut at {@code cuts} (ascending offsets). */
    static List<byte[]> split(String body, int... cuts) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        for (int c : cuts) {
            if (c > from && c < b.length) {
                out.add(java.util.Arrays.copyOfRange(b, from, c));
                from = c;
            }
        }
        out.add(java.util.Arrays.copyOfRange(b, from, b.length));
        return out;
    }

    static List<byte[]> whole(String body) {
        return List.of(body.getBytes(StandardCharsets.UTF_8));
    }
}
