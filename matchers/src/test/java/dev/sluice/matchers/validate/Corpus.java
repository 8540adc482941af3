package dev.sluice.matchers.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper: the labeled values of the shared corpora (leak-dev, public-fixtures), decoded
 * the way check_labels.py's {@code decode_span} decodes them, each with the few bytes around it
 * as the engine would hand them to a validator.
 *
 * <p>Context model: a protobuf / gRPC string field is a value of its own, so it has no
 * neighbours; in JSON the value ends at its quotes; in a form it ends at {@code =} / {@code &};
 * text, CSV and HTML bodies are one value, with entities decoded in HTML.
 */
final class Corpus {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BEFORE = 64;
    private static final int AFTER = 16;

    /** One labeled value. {@code where} names it (file and span) without printing its bytes. */
    record Label(String corpus, String file, String id, int start, int end, String contentType,
            String value, String before, String after) {
        String where() {
            return corpus + "/" + file + "@" + start + "-" + end;
        }

        /** A candidate view of the value inside its context. */
        ArrayCandidate candidate() {
            byte[] b = before.getBytes(StandardCharsets.UTF_8);
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            byte[] a = after.getBytes(StandardCharsets.UTF_8);
            byte[] all = new byte[b.length + v.length + a.length];
            System.arraycopy(b, 0, all, 0, b.length);
            System.arraycopy(v, 0, all, b.length, v.length);
            System.arraycopy(a, 0, all, b.length + v.length, a.length);
            return new ArrayCandidate().reset(all, 0, all.length, b.length, v.length);
        }

        @Override
        public String toString() {
            return id + " " + where();
        }
    }

    private Corpus() {}

    /** The shared directory: system property {@code sluice.shared}, then ../../shared, then /work/shared. */
    static Path sharedDir() {
        List<Path> tries = new ArrayList<>();
        String prop = System.getProperty("sluice.shared");
        if (prop != null) {
            tries.add(Path.of(prop));
        }
        tries.add(Path.of("../../shared"));
        tries.add(Path.of("../shared"));
        tries.add(Path.of("/work/shared"));
        for (Path p : tries) {
            if (Files.isRegularFile(p.resolve("corpora/leak-dev/labels.jsonl"))) {
                return p.normalize();
            }
        }
        return null;
    }

    static List<Label> labels() {
        Path shared = sharedDir();
        if (shared == null) {
            return List.of();
        }
        List<Label> out = new ArrayList<>();
        for (String corpus : List.of("leak-dev", "public-fixtures")) {
            Path dir = shared.resolve("corpora").resolve(corpus);
            try {
                for (String line : Files.readAllLines(dir.resolve("labels.jsonl"))) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode rec = JSON.readTree(line);
                    String file = rec.get("file").asText();
                    String ct = rec.path("content_type").asText("");
                    boolean proto = !rec.path("descriptor_set").isNull() && !rec.path("descriptor_set").isMissingNode();
                    byte[] doc = Files.readAllBytes(dir.resolve(file));
                    for (JsonNode f : rec.get("findings")) {
                        int s = f.get("start").asInt();
                        int e = f.get("end").asInt();
                        String raw = new String(doc, s, e - s, StandardCharsets.UTF_8);
                        String value = decodeSpan(raw, ct);
                        String before = "";
                        String after = "";
                        if (!proto) {
                            String rb = new String(doc, Math.max(0, s - BEFORE), s - Math.max(0, s - BEFORE), StandardCharsets.UTF_8);
                            String ra = new String(doc, e, Math.min(doc.length, e + AFTER) - e, StandardCharsets.UTF_8);
                            before = contextBefore(rb, ct);
                            after = contextAfter(ra, ct);
                        }
                        out.add(new Label(corpus, file, f.get("id").asText(), s, e, ct, value, before, after));
                    }
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return out;
    }

    /** check_labels.py decode_span, for the ids validated here (PEM handling left out). */
    static String decodeSpan(String s, String contentType) {
        String ct = contentType.toLowerCase();
        if (ct.contains("json")) {
            for (int i = 0; i < 3 && s.contains("\\"); i++) {
                try {
                    s = JSON.readValue("\"" + s + "\"", String.class);
                } catch (IOException e) {
                    break;
                }
            }
            return s;
        }
        if (ct.contains("x-www-form-urlencoded")) {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        }
        if (ct.contains("html")) {
            return htmlUnescape(s);
        }
        if (s.contains("%") && Pattern.compile("%[0-9A-Fa-f]{2}").matcher(s).find()) {
            return percentDecode(s);
        }
        return s;
    }

    private static String contextBefore(String raw, String contentType) {
        String ct = contentType.toLowerCase();
        if (ct.contains("json")) {
            int q = raw.lastIndexOf('"');
            return q < 0 ? lenientJson(raw) : lenientJson(raw.substring(q + 1));
        }
        if (ct.contains("x-www-form-urlencoded")) {
            int cut = Math.max(raw.lastIndexOf('&'), raw.lastIndexOf('='));
            return percentDecode(raw.substring(cut + 1).replace('+', ' '));
        }
        if (ct.contains("html")) {
            return htmlUnescape(raw);
        }
        return raw;
    }

    private static String contextAfter(String raw, String contentType) {
        String ct = contentType.toLowerCase();
        if (ct.contains("json")) {
            int q = raw.indexOf('"');
            String s = q < 0 ? raw : raw.substring(0, q);
            while (s.endsWith("\\")) {
                s = s.substring(0, s.length() - 1);
            }
            return lenientJson(s);
        }
        if (ct.contains("x-www-form-urlencoded")) {
            int cut = raw.indexOf('&');
            return percentDecode((cut < 0 ? raw : raw.substring(0, cut)).replace('+', ' '));
        }
        if (ct.contains("html")) {
            return htmlUnescape(raw);
        }
        return raw;
    }

    /** JSON string unescaping that leaves malformed or cut-off escapes as they are. */
    private static String lenientJson(String s) {
        for (int round = 0; round < 3 && s.contains("\\"); round++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c != '\\' || i + 1 >= s.length()) {
                    sb.append(c);
                    continue;
                }
                char n = s.charAt(++i);
                switch (n) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (i + 4 < s.length() && s.substring(i + 1, i + 5).matches("[0-9A-Fa-f]{4}")) {
                            sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                            i += 4;
                        } else {
                            sb.append("\\u");
                        }
                    }
                    default -> sb.append(n);
                }
            }
            s = sb.toString();
        }
        return s;
    }

    static String percentDecode(String s) {
        Matcher m = Pattern.compile("(%[0-9A-Fa-f]{2})+").matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String run = m.group();
            byte[] bytes = new byte[run.length() / 3];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) Integer.parseInt(run.substring(3 * i + 1, 3 * i + 3), 16);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(new String(bytes, StandardCharsets.UTF_8)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static String htmlUnescape(String s) {
        Matcher m = Pattern.compile("&(#[xX][0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos|nbsp);").matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String g = m.group(1);
            String rep = switch (g) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                case "nbsp" -> "\u00a0";
                default -> Character.toString(g.charAt(1) == 'x' || g.charAt(1) == 'X'
                        ? Integer.parseInt(g.substring(2), 16) : Integer.parseInt(g.substring(1)));
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(rep));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
