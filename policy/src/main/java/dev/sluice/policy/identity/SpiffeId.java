package dev.sluice.policy.identity;

import java.util.Locale;

/**
 * A SPIFFE ID, {@code spiffe://<trust domain>/<path>}, checked against the SPIFFE ID rules:
 * trust domain of {@code a-z 0-9 . - _}, path segments of {@code A-Z a-z 0-9 . - _}, no empty,
 * {@code .} or {@code ..} segment, no query, fragment, port or user info, at most 2048 bytes.
 * Kubernetes workloads have the path {@code /ns/<namespace>/sa/<service account>}.
 */
public record SpiffeId(String trustDomain, String path) {
    private static final String SCHEME = "spiffe://";
    private static final int MAX_LENGTH = 2048;

    /** The ID in {@code uri}, or null when {@code uri} is not a valid SPIFFE ID. Never throws. */
    public static SpiffeId parse(String uri) {
        if (uri == null || uri.length() > MAX_LENGTH || !uri.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String td = (slash < 0 ? rest : rest.substring(0, slash)).toLowerCase(Locale.ROOT);
        String path = slash < 0 ? "" : rest.substring(slash);
        if (td.isEmpty() || !allChars(td, false) || !validPath(path)) {
            return null;
        }
        return new SpiffeId(td, path);
    }

    private static boolean validPath(String path) {
        if (path.isEmpty()) {
            return true;
        }
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            end = end < 0 ? path.length() : end;
            String seg = path.substring(start, end);
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..") || !allChars(seg, true)) {
                return false;
            }
            start = end + 1;
        }
        return true;
    }

    private static boolean allChars(String s, boolean upperOk) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_'
                    || upperOk && c >= 'A' && c <= 'Z';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The namespace of a Kubernetes-shaped ID ({@code /ns/<ns>/sa/<sa>}), else null. */
    public String namespace() {
        String[] p = kubernetesParts();
        return p == null ? null : p[2];
    }

    /** The service account of a Kubernetes-shaped ID, else null. */
    public String serviceAccount() {
        String[] p = kubernetesParts();
        return p == null ? null : p[4];
    }

    private String[] kubernetesParts() {
        String[] p = path.split("/", -1);
        return p.length == 5 && p[1].equals("ns") && p[3].equals("sa") ? p : null;
    }

    @Override
    public String toString() {
        return SCHEME + trustDomain + path;
    }
}
