package dev.sluice.standalone.proxy.spi;

/**
 * A decision to block: the event id that the client's answer names (so that an operator can find
 * the event) and a short reason for the proxy's own records. Neither may hold a sensitive value:
 * the event id is sent to the client, and both may be logged.
 *
 * @param reason  a short label such as {@code policy} or a detector id; 1 to 128 printable ASCII
 *                characters
 * @param eventId the event's id; 1 to 128 characters of {@code [A-Za-z0-9._:-]}
 */
public record Block(String reason, String eventId) {
    private static final int MAX_LENGTH = 128;

    public Block {
        if (reason == null || reason.isEmpty() || reason.length() > MAX_LENGTH || !printable(reason)) {
            throw new IllegalArgumentException("reason must be 1 to " + MAX_LENGTH + " printable ASCII characters");
        }
        if (eventId == null || eventId.isEmpty() || eventId.length() > MAX_LENGTH || !idChars(eventId)) {
            throw new IllegalArgumentException("eventId must be 1 to " + MAX_LENGTH + " characters of [A-Za-z0-9._:-]");
        }
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static boolean idChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
