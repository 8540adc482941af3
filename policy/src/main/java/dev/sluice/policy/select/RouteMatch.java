package dev.sluice.policy.select;

import dev.sluice.matchers.Direction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The conditions of one route: host globs, path globs, methods, gRPC service and method,
 * direction. Every condition given must hold; a condition left out holds for everything.
 * Path globs are compiled twice, to compare with and without case ({@link PathCase}); gRPC
 * service and method names always compare with case, as gRPC servers look them up.
 * Immutable; built with {@link #builder()}.
 */
public final class RouteMatch {
    /** Matches everything; the policy's defaults use it. */
    public static final RouteMatch ANY = builder().build();

    private final List<Glob> hosts;
    private final List<Glob> paths;
    private final List<Glob> pathsIgnoringCase;
    private final Set<String> methods;
    private final String grpcService;
    private final String grpcMethod;
    private final Direction direction;

    private RouteMatch(Builder b) {
        this.hosts = List.copyOf(b.hosts);
        this.paths = List.copyOf(b.paths);
        this.pathsIgnoringCase = List.copyOf(b.pathsIgnoringCase);
        this.methods = Set.copyOf(b.methods);
        this.grpcService = b.grpcService;
        this.grpcMethod = b.grpcMethod;
        this.direction = b.direction;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@link #fit(RouteKey, PathCase)} comparing the path's case. */
    public Specificity fit(RouteKey key) {
        return fit(key, PathCase.SENSITIVE);
    }

    /**
     * How specifically this match fits {@code key}, its path compared as {@code pathCase} says,
     * or null when it does not match.
     */
    public Specificity fit(RouteKey key, PathCase pathCase) {
        if (direction != null && direction != key.direction()) {
            return null;
        }
        if (!methods.isEmpty() && !methods.contains(key.method())) {
            return null;
        }
        if (grpcService != null && !(grpcService.equals(key.grpcService())
                && (grpcMethod == null || grpcMethod.equals(key.grpcMethod())))) {
            return null;
        }
        Glob host = best(hosts, key.host());
        if (!hosts.isEmpty() && host == null) {
            return null;
        }
        Glob path = best(pathCase == PathCase.INSENSITIVE ? pathsIgnoringCase : paths, key.path());
        if (!paths.isEmpty() && path == null) {
            return null;
        }
        int grpc = grpcService == null ? 0 : grpcMethod == null ? 1 : 2;
        int pathRank = path == null ? 0 : path.isExact() ? 2 : 1;
        int grpcLiterals = grpc == 0 ? 0 : grpcService.length() + 2 + (grpcMethod == null ? 0 : grpcMethod.length());
        return new Specificity(rank(host), host == null ? 0 : host.literalCount(), Math.max(pathRank, grpc),
                Math.max(path == null ? 0 : path.literalCount(), grpcLiterals), grpc, methods.isEmpty() ? 0 : 1,
                direction == null ? 0 : 1);
    }

    /** Of the globs that match {@code text}, the most specific; null when none does. */
    private static Glob best(List<Glob> globs, String text) {
        Glob best = null;
        for (Glob g : globs) {
            if (g.matches(text) && (best == null || rank(g) > rank(best)
                    || rank(g) == rank(best) && g.literalCount() > best.literalCount())) {
                best = g;
            }
        }
        return best;
    }

    private static int rank(Glob g) {
        return g == null ? 0 : g.isExact() ? 2 : 1;
    }

    public List<Glob> hosts() {
        return hosts;
    }

    public List<Glob> paths() {
        return paths;
    }

    public Set<String> methods() {
        return methods;
    }

    public String grpcService() {
        return grpcService;
    }

    public String grpcMethod() {
        return grpcMethod;
    }

    /** The direction this route is limited to, or null for both. */
    public Direction direction() {
        return direction;
    }

    public boolean isAny() {
        return hosts.isEmpty() && paths.isEmpty() && methods.isEmpty() && grpcService == null && direction == null;
    }

    @Override
    public String toString() {
        return "RouteMatch[hosts=" + hosts + ", paths=" + paths + ", methods=" + methods + ", grpc=" + grpcService
                + (grpcMethod == null ? "" : "/" + grpcMethod) + ", direction=" + direction + "]";
    }

    /** Collects conditions; a second gRPC service or direction is rejected, naming the first. */
    public static final class Builder {
        private final List<Glob> hosts = new ArrayList<>();
        private final List<Glob> paths = new ArrayList<>();
        private final List<Glob> pathsIgnoringCase = new ArrayList<>();
        private final Set<String> methods = new LinkedHashSet<>();
        private String grpcService;
        private String grpcMethod;
        private Direction direction;

        private Builder() {
        }

        public Builder host(String glob) {
            hosts.add(Glob.host(glob));
            return this;
        }

        public Builder path(String glob) {
            paths.add(Glob.path(glob));
            pathsIgnoringCase.add(Glob.pathIgnoringCase(glob));
            return this;
        }

        public Builder method(String method) {
            methods.add(method.toUpperCase(Locale.ROOT));
            return this;
        }

        public Builder grpc(String service, String method) {
            if (grpcService != null) {
                throw new IllegalArgumentException("gRPC service already set to '" + grpcService + "'");
            }
            if (service == null || service.isEmpty()) {
                throw new IllegalArgumentException("a gRPC method needs its service");
            }
            this.grpcService = service;
            this.grpcMethod = method;
            return this;
        }

        public Builder direction(Direction d) {
            if (direction != null && direction != d) {
                throw new IllegalArgumentException("direction already set to '" + direction.label() + "'");
            }
            this.direction = d;
            return this;
        }

        public RouteMatch build() {
            return new RouteMatch(this);
        }
    }
}
