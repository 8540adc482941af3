package dev.sluice.matchers.attack;

/**
 * Which values are an uploaded file's name: a multipart part's {@code filename} (the key the
 * multipart parser gives it), or the {@code X-Filename} / {@code X-File-Name} header that upload
 * widgets send a raw body with. A browser sends the bare name of the file, never its folder, so
 * such a value is judged stricter than other text ({@link ScriptUpload}, {@link PathTraversalValidator}).
 */
final class UploadFileName {
    private static final String MULTIPART_FILENAME = "filename";
    /** {@code X-Filename}, {@code X-File-Name}, {@code X_Filename}, {@code X.Filename}, without their punctuation. */
    private static final String HEADER_FILENAME = "xfilename";

    private UploadFileName() {
    }

    /**
     * Whether a value stored under {@code key} names an uploaded file. Asked by validators for every
     * candidate, so the header's name is compared in place, without building its letters.
     */
    static boolean key(String key) {
        if (key == null || key.length() > 16) {
            return false;
        }
        if (key.equals(MULTIPART_FILENAME)) {
            return true;
        }
        int matched = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '-' || c == '_' || c == '.') {
                continue;
            }
            if (matched == HEADER_FILENAME.length() || Character.toLowerCase(c) != HEADER_FILENAME.charAt(matched)) {
                return false;
            }
            matched++;
        }
        return matched == HEADER_FILENAME.length();
    }
}
