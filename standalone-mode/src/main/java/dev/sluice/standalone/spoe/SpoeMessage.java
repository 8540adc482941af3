package dev.sluice.standalone.spoe;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One message of a NOTIFY frame: its name ({@code spoe-message} section) and its arguments by
 * name, each a value of {@link SpopReader#typed()}. The getters say what a missing or mistyped
 * argument reads as; none throws.
 */
record SpoeMessage(String name, Map<String, Object> args) {
    /** More messages than this in one frame is not a configuration Sluice ships; the frame is refused. */
    static final int MAX_MESSAGES = 64;

    SpoeMessage {
        args = Collections.unmodifiableMap(args);
    }

    /** Reads a NOTIFY frame's LIST-OF-MESSAGES to its end. */
    static List<SpoeMessage> readAll(SpopReader in) {
        List<SpoeMessage> messages = new ArrayList<>();
        while (in.hasMore()) {
            if (messages.size() == MAX_MESSAGES) {
                throw SpopReader.invalid("more than " + MAX_MESSAGES + " messages in one frame");
            }
            String name = in.string();
            int count = in.readByte();
            Map<String, Object> args = new HashMap<>();
            for (int i = 0; i < count; i++) {
                String key = in.string();
                args.put(key, in.typed());
            }
            messages.add(new SpoeMessage(name, args));
        }
        return messages;
    }

    /** A string argument (a binary one read as UTF-8), or {@code fallback}. */
    String string(String key, String fallback) {
        Object v = args.get(key);
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return fallback;
    }

    /** A binary argument (a string one as its UTF-8 bytes), or null. */
    byte[] binary(String key) {
        Object v = args.get(key);
        if (v instanceof byte[] b) {
            return b;
        }
        if (v instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        return null;
    }

    /** An integer argument (or a string of digits), or {@code fallback}. */
    long integer(String key, long fallback) {
        Object v = args.get(key);
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    /** A boolean argument; false when it is missing or not a boolean (an unset variable arrives as null). */
    boolean bool(String key) {
        return Boolean.TRUE.equals(told(key));
    }

    /** A boolean argument, or null when it is missing or not a boolean: what the sender did not say. */
    Boolean told(String key) {
        return args.get(key) instanceof Boolean b ? b : null;
    }

    /** An address argument as text, or null. */
    String address(String key) {
        Object v = args.get(key);
        if (v instanceof InetAddress a) {
            return a.getHostAddress();
        }
        return v instanceof String s && !s.isEmpty() ? s : null;
    }
}
