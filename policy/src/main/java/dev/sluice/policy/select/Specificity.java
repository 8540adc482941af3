package dev.sluice.policy.select;

/**
 * How closely a route's match fits one exchange; greater is more specific. Compared field by
 * field in this order, the first difference deciding:
 * <ol>
 *   <li>host: exact name over glob over none, then more literal characters;</li>
 *   <li>target: an exact path or a gRPC method over a path glob or a gRPC service over none;</li>
 *   <li>target literal characters (a longer glob beats a shorter one), then a gRPC method over a gRPC service;</li>
 *   <li>a route naming methods over one that takes any;</li>
 *   <li>a route naming a direction over one that takes both.</li>
 * </ol>
 * Ties go to the route declared first ({@link RouteTable}).
 */
public record Specificity(int host, int hostLiterals, int target, int targetLiterals, int grpc, int method,
                          int direction) implements Comparable<Specificity> {

    @Override
    public int compareTo(Specificity o) {
        int c = Integer.compare(host, o.host);
        c = c != 0 ? c : Integer.compare(hostLiterals, o.hostLiterals);
        c = c != 0 ? c : Integer.compare(target, o.target);
        c = c != 0 ? c : Integer.compare(targetLiterals, o.targetLiterals);
        c = c != 0 ? c : Integer.compare(grpc, o.grpc);
        c = c != 0 ? c : Integer.compare(method, o.method);
        return c != 0 ? c : Integer.compare(direction, o.direction);
    }
}
