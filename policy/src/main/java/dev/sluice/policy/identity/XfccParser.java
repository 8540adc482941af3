package dev.sluice.policy.identity;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses Envoy's {@code x-forwarded-client-cert}: elements separated by {@code ,}, each a list
 * of {@code key=value} pairs separated by {@code ;}; a value holding {@code , ; =} is in double
 * quotes, with {@code \"} (and {@code \\}) escaped inside. Keys ({@code By Hash Cert Chain
 * Subject URI DNS}) are case-insensitive; {@code DNS} may repeat; unknown keys are skipped.
 *
 * <p>Each proxy appends its element, so the <em>last</em> element is the one the nearest
 * proxy added: it describes the client that connected to that proxy, our direct caller.
 *
 * <p>Limits: headers over {@value #MAX_HEADER} characters are not parsed; only the last
 * {@value #MAX_ELEMENTS} elements and {@value #MAX_DNS} DNS names per element are kept. An
 * unterminated quote ends parsing: the elements completed before it are returned and the
 * result is marked malformed. Never throws on any input.
 */
public final class XfccParser {
    public static final String HEADER = "x-forwarded-client-cert";
    static final int MAX_HEADER = 64 * 1024;
    static final int MAX_ELEMENTS = 32;
    static final int MAX_DNS = 16;

    /** The parsed elements, in header order, and whether some of the header could not be read. */
    public record Result(List<XfccElement> elements, boolean malformed) {
        public Result {
            elements = List.copyOf(elements);
        }

        /** The element the nearest proxy added (the last), or null. */
        public XfccElement nearest() {
            return elements.isEmpty() ? null : elements.getLast();
        }
    }

    private XfccParser() {
    }

    public static Result parse(String header) {
        if (header == null || header.isBlank()) {
            return new Result(List.of(), false);
        }
        if (header.length() > MAX_HEADER) {
            return new Result(List.of(), true);
        }
        ArrayDeque<XfccElement> kept = new ArrayDeque<>();
        ElementBuilder current = new ElementBuilder();
        int i = 0;
        int n = header.length();
        while (i < n) {
            i = skipSpaces(header, i);
            int eq = i;
            while (eq < n && header.charAt(eq) != '=' && header.charAt(eq) != ';' && header.charAt(eq) != ',') {
                eq++;
            }
            String key = header.substring(i, eq).strip();
            String value = null;
            if (eq < n && header.charAt(eq) == '=') {
                int v = eq + 1;
                if (v < n && header.charAt(v) == '"') {
                    StringBuilder sb = new StringBuilder();
                    int j = v + 1;
                    boolean closed = false;
                    while (j < n) {
                        char c = header.charAt(j);
                        if (c == '\\' && j + 1 < n) {
                            sb.append(header.charAt(j + 1));
                            j += 2;
                        } else if (c == '"') {
                            closed = true;
                            j++;
                            break;
                        } else {
                            sb.append(c);
                            j++;
                        }
                    }
                    if (!closed) {
                        return done(kept, current, true, false);
                    }
                    value = sb.toString();
                    // Anything between the closing quote and the next separator is not part of a value.
                    while (j < n && header.charAt(j) != ';' && header.charAt(j) != ',') {
                        j++;
                    }
                    i = j;
                } else {
                    int j = v;
                    while (j < n && header.charAt(j) != ';' && header.charAt(j) != ',') {
                        j++;
                    }
                    value = header.substring(v, j).strip();
                    i = j;
                }
            } else {
                i = eq;
            }
            if (value != null) {
                current.put(key, value);
            }
            if (i < n && header.charAt(i) == ',' && !current.isEmpty()) {
                push(kept, current.build());
                current = new ElementBuilder();
            }
            i++;
        }
        return done(kept, current, false, true);
    }

    private static Result done(ArrayDeque<XfccElement> kept, ElementBuilder current, boolean malformed,
                               boolean takeCurrent) {
        if (takeCurrent && !current.isEmpty()) {
            push(kept, current.build());
        }
        return new Result(new ArrayList<>(kept), malformed);
    }

    private static void push(ArrayDeque<XfccElement> kept, XfccElement e) {
        if (kept.size() == MAX_ELEMENTS) {
            kept.removeFirst();
        }
        kept.addLast(e);
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Collects one element's pairs; the first value of a key wins, except DNS, which repeats. */
    private static final class ElementBuilder {
        private String by;
        private String hash;
        private String subject;
        private String uri;
        private String cert;
        private String chain;
        private final List<String> dns = new ArrayList<>();
        private boolean empty = true;

        void put(String key, String value) {
            empty = false;
            switch (key.toLowerCase(Locale.ROOT)) {
                case "by" -> by = by == null ? value : by;
                case "hash" -> hash = hash == null ? value : hash;
                case "subject" -> subject = subject == null ? value : subject;
                case "uri" -> uri = uri == null ? value : uri;
                case "cert" -> cert = cert == null ? value : cert;
                case "chain" -> chain = chain == null ? value : chain;
                case "dns" -> {
                    if (dns.size() < MAX_DNS) {
                        dns.add(value);
                    }
                }
                default -> {
                    // Keys Envoy may add later are skipped, not errors.
                }
            }
        }

        boolean isEmpty() {
            return empty;
        }

        XfccElement build() {
            return new XfccElement(by, hash, subject, uri, dns, cert, chain);
        }
    }
}
