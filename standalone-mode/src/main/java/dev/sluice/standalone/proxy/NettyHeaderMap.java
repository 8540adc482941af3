package dev.sluice.standalone.proxy;

import dev.sluice.standalone.proxy.spi.HeaderMap;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** A {@link HeaderMap} over Netty's {@link HttpHeaders}; writable until {@link #freeze()}. */
final class NettyHeaderMap implements HeaderMap {
    private final HttpHeaders headers;
    private boolean frozen;

    NettyHeaderMap(HttpHeaders headers) {
        this.headers = headers;
    }

    /** Ends the filter call that could write: later writes throw. */
    void freeze() {
        frozen = true;
    }

    @Override
    public String get(String name) {
        return headers.get(name);
    }

    @Override
    public List<String> getAll(String name) {
        return headers.getAll(name);
    }

    @Override
    public boolean contains(String name) {
        return headers.contains(name);
    }

    @Override
    public void set(String name, String value) {
        writable();
        headers.set(name, value);
    }

    @Override
    public void add(String name, String value) {
        writable();
        headers.add(name, value);
    }

    @Override
    public void remove(String name) {
        writable();
        headers.remove(name);
    }

    @Override
    public void forEach(BiConsumer<String, String> action) {
        for (Map.Entry<String, String> e : headers) {
            action.accept(e.getKey(), e.getValue());
        }
    }

    @Override
    public int size() {
        return headers.size();
    }

    private void writable() {
        if (frozen) {
            throw new IllegalStateException("headers are read-only outside the filter call that received them");
        }
    }

    /** Names only: values may be credentials or personal data. */
    @Override
    public String toString() {
        return headers.names().toString();
    }
}
