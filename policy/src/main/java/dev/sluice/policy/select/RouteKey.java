package dev.sluice.policy.select;

import dev.sluice.matchers.Direction;
import java.util.Locale;
import java.util.Objects;

/**
 * What a route is selected by: host (lower case, without port), normalised path, method
 * (upper case), gRPC service and method (null for plain HTTP) and direction. Built with
 * {@link #http} or {@link #grpc}, which normalise, so two spellings of one target select the
 * same route. {@code path} keeps encoded slashes inside their segments; {@code slashPath} reads
 * them as separators (the same string when the target has none); {@link #reading} picks one.
 */
public record RouteKey(String host, String path, String method, String grpcService, String grpcMethod,
                       Direction direction, String slashPath) {

    public RouteKey {
        Objects.requireNonNull(direction, "direction");
        host = host == null ? "" : host;
        path = path == null ? "/" : path;
        method = method == null ? "" : method;
        slashPath = slashPath == null ? path : slashPath;
    }

    /** A key whose path has no encoded slash, or whose two readings are the same. */
    public RouteKey(String host, String path, String method, String grpcService, String grpcMethod,
                    Direction direction) {
        this(host, path, method, grpcService, grpcMethod, direction, null);
    }

    /**
     * This key with {@code path} the reading {@code slashes} asks for, as a key with one reading;
     * this very key when its two readings are the same.
     */
    public RouteKey reading(EscapedSlashes slashes) {
        if (slashPath.equals(path)) {
            return this;
        }
        return slashes == EscapedSlashes.KEEP ? new RouteKey(host, path, method, grpcService, grpcMethod, direction)
                : new RouteKey(host, slashPath, method, grpcService, grpcMethod, direction);
    }

    /**
     * A plain HTTP exchange. {@code target} may carry a query (ignored); {@code host} may carry a
     * port (ignored).
     */
    public static RouteKey http(String host, String target, String method, Direction direction) {
        return new RouteKey(normalizeHost(host), PathNormalizer.normalize(target),
                method == null ? "" : method.toUpperCase(Locale.ROOT), null, null, direction, slashPath(target));
    }

    /**
     * A gRPC call to {@code /service/method}; a {@code target} of that form gives the service and
     * method when they are not passed.
     */
    public static RouteKey grpc(String host, String target, String service, String grpcMethod, Direction direction) {
        String path = PathNormalizer.normalize(target);
        if (service == null && grpcMethod == null) {
            int slash = path.indexOf('/', 1);
            if (slash > 1 && slash < path.length() - 1 && path.indexOf('/', slash + 1) < 0) {
                service = path.substring(1, slash);
                grpcMethod = path.substring(slash + 1);
            }
        }
        return new RouteKey(normalizeHost(host), path, "POST", service, grpcMethod, direction, slashPath(target));
    }

    /** The path with encoded slashes read as separators; null when it has none. */
    private static String slashPath(String target) {
        return EscapedSlashes.in(target) ? PathNormalizer.normalize(target, true) : null;
    }

    static String normalizeHost(String host) {
        if (host == null) {
            return "";
        }
        String h = host.strip();
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            h = close > 0 ? h.substring(0, close + 1) : h;
        } else {
            int colon = h.indexOf(':');
            if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
                h = h.substring(0, colon);
            }
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.toLowerCase(Locale.ROOT);
    }

    public boolean isGrpc() {
        return grpcService != null;
    }
}
