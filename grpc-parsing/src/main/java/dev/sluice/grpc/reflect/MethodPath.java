package dev.sluice.grpc.reflect;

/**
 * A gRPC {@code :path} split into service and method: {@code /pkg.Service/Method}. The parser
 * accepts only what protobuf names allow (letters, digits, underscores, single dots between
 * service name segments), so a hostile path can never reach the upstream as a symbol query.
 *
 * @param service fully qualified service name, {@code pkg.Service}
 * @param method  simple method name
 */
record MethodPath(String service, String method) {

    /** Longest path accepted; real method paths are far shorter. */
    static final int MAX_LENGTH = 512;

    /** Returns the parsed path, or null when {@code path} is not a well-formed method path. */
    static MethodPath parse(String path) {
        if (path == null || path.length() < 4 || path.length() > MAX_LENGTH || path.charAt(0) != '/') {
            return null;
        }
        int slash = path.indexOf('/', 1);
        if (slash < 0 || path.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        String service = path.substring(1, slash);
        String method = path.substring(slash + 1);
        if (!isDottedName(service) || !isIdentifier(method, 0, method.length())) {
            return null;
        }
        return new MethodPath(service, method);
    }

    /** True for {@code a}, {@code a.b.C}; false for empty names, leading, trailing or double dots. */
    static boolean isDottedName(String name) {
        int start = 0;
        while (true) {
            int dot = name.indexOf('.', start);
            int end = dot < 0 ? name.length() : dot;
            if (!isIdentifier(name, start, end)) {
                return false;
            }
            if (dot < 0) {
                return true;
            }
            start = dot + 1;
        }
    }

    private static boolean isIdentifier(String s, int from, int to) {
        if (from >= to || isDigit(s.charAt(from))) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c == '_' || isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
