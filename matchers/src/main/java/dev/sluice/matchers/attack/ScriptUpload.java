package dev.sluice.matchers.attack;

/**
 * An upload named as a script the web server runs (CWE-434, unrestricted upload of a file with a
 * dangerous type; OWASP's "Unrestricted File Upload"): an upload's file name ({@link UploadFileName})
 * ending in {@code .php}, {@code .phtml}, {@code .phar}, {@code .jsp}, {@code .aspx}, {@code .ashx},
 * {@code .cfm}, {@code .shtml} or {@code .cgi} and their siblings. Placed under the web root, such
 * a file is a web shell the attacker then requests.
 *
 * <p>Trailing dots and blanks are dropped first, as Windows drops them when it creates the file
 * ({@code shell.php.....}). Only the last extension counts: {@code shell.php.jpg} is served as an
 * image by a server set up by extension, and {@code report.php.txt} is how people share code.
 */
final class ScriptUpload {
    /** Extensions PHP, Java EE, ASP.NET, ColdFusion, SSI and CGI handlers run. */
    private static final WordTable SCRIPT_EXTENSIONS = WordTable.of(1, "php", "php3", "php4", "php5", "php7",
        "php8", "phtml", "pht", "phar", "phps", "phpt", "jsp", "jspx", "jspf", "asp", "aspx", "asa", "ashx", "asmx",
        "cfm", "cfml", "cfc", "shtml", "cgi");
    private static final int MAX_EXTENSION = 5;

    private ScriptUpload() {
    }

    /** Whether the file name {@code b[off, end)} ends in a script's extension. */
    static boolean scriptName(byte[] b, int off, int end) {
        int e = end;
        while (e > off && (b[e - 1] == '.' || Ascii.isSpace(b[e - 1] & 0xFF))) {
            e--;
        }
        int dot = e - 1;
        while (dot >= off && e - dot <= MAX_EXTENSION + 1 && b[dot] != '.' && b[dot] != '/' && b[dot] != '\\') {
            dot--;
        }
        return dot > off && b[dot] == '.' && b[dot - 1] != '/' && b[dot - 1] != '\\'
            && SCRIPT_EXTENSIONS.lookup(b, dot + 1, e - dot - 1) != 0;
    }
}
