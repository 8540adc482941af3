package dev.sluice.policy.identity;

/**
 * Cleans a service name taken from a header, certificate or environment before it goes into
 * events and metric labels: at most {@value #MAX_LENGTH} characters, and any character outside
 * {@code A-Z a-z 0-9 . _ - : / @} becomes {@code _}.
 */
final class ServiceNames {
    static final int MAX_LENGTH = 128;

    private ServiceNames() {
    }

    /** The cleaned name, or null when nothing is left of it. */
    static String clean(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip();
        if (s.isEmpty()) {
            return null;
        }
        int n = Math.min(s.length(), MAX_LENGTH);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || ".-_:/@".indexOf(c) >= 0;
            sb.append(ok ? c : '_');
        }
        return sb.toString();
    }
}
