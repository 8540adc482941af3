package dev.sluice.standalone.cli;

import java.util.Locale;
import java.util.Map;

/**
 * What {@code sluice scan FILE} takes a file for when no {@code --content-type} or
 * {@code --content-encoding} is given: the media type and content coding its name's extensions
 * usually stand for ({@code page.html}, {@code users.json.gz}). An extension not listed gives
 * nothing, and the body is then read as an unlabelled one (JSON and XML are still recognised
 * by their first bytes). Only common, unambiguous extensions are listed.
 */
final class FileTypes {
    private static final Map<String, String> MEDIA_TYPES = Map.ofEntries(
            Map.entry("json", "application/json"),
            Map.entry("ndjson", "application/x-ndjson"),
            Map.entry("jsonl", "application/x-ndjson"),
            Map.entry("html", "text/html"),
            Map.entry("htm", "text/html"),
            Map.entry("xhtml", "application/xhtml+xml"),
            Map.entry("xml", "application/xml"),
            Map.entry("csv", "text/csv"),
            Map.entry("txt", "text/plain"),
            Map.entry("log", "text/plain"));
    private static final Map<String, String> CODINGS = Map.of("gz", "gzip", "br", "br", "zst", "zstd");

    private FileTypes() {
    }

    /** The content coding the name's last extension stands for, or null. */
    static String contentEncoding(String fileName) {
        return CODINGS.get(extension(fileName));
    }

    /** The media type the name stands for (after a content coding's extension), or null. */
    static String contentType(String fileName) {
        String name = fileName;
        if (contentEncoding(name) != null) {
            name = name.substring(0, name.lastIndexOf('.'));
        }
        return MEDIA_TYPES.get(extension(name));
    }

    private static String extension(String fileName) {
        int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
        int dot = fileName.lastIndexOf('.');
        return dot > slash + 1 ? fileName.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }
}
