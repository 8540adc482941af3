package dev.sluice.standalone.serve;

import java.util.Set;

/**
 * Content types whose bodies are passed without inspection: images, audio, video, fonts and
 * archives are compressed binary formats in which the detectors find nothing but noise, and they
 * are the large bodies, so skipping them keeps the proxy on its zero-copy path. SVG is XML text
 * and is inspected. Decided on {@code type/subtype}, parameters ignored, case folded; a missing
 * Content-Type is inspected.
 */
final class UninspectedMediaTypes {
    private static final String[] TYPE_PREFIXES = {"image/", "audio/", "video/", "font/"};
    private static final Set<String> EXACT = Set.of("application/font-woff", "application/font-woff2",
            "application/font-sfnt", "application/x-font-ttf", "application/x-font-otf", "application/x-font-woff",
            "application/vnd.ms-fontobject", "application/zip", "application/gzip", "application/x-gzip",
            "application/x-7z-compressed", "application/x-rar-compressed", "application/x-bzip2");
    private static final int MAX_CHARS = 256;

    private UninspectedMediaTypes() {
    }

    /** True when a body of {@code contentType} is passed uninspected. */
    static boolean skips(String contentType) {
        String type = essence(contentType);
        if (type == null || type.equals("image/svg+xml")) {
            return false;
        }
        for (String p : TYPE_PREFIXES) {
            if (type.startsWith(p)) {
                return true;
            }
        }
        return EXACT.contains(type);
    }

    /** {@code type/subtype} of a Content-Type, parameters dropped, case folded; null when absent or too long. */
    static String essence(String contentType) {
        if (contentType == null || contentType.length() > MAX_CHARS) {
            return null;
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(java.util.Locale.ROOT);
    }
}
