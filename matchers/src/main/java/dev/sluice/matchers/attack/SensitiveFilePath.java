package dev.sluice.matchers.attack;

/**
 * Whether a request's path asks for a file no web server should hand out because it holds
 * credentials or a repository's history (CWE-538, CWE-527; OWASP WSTG-CONF-04): what scanners
 * probe every site for, {@code /.env}, {@code /.git/config}, {@code /.aws/credentials}. A
 * segment, {@code /} and {@code \} alike, any case, that is
 *
 * <ul>
 *   <li>a version-control directory ({@code .git .svn .hg .bzr}) or a tool's credential
 *       directory ({@code .aws .ssh .gnupg .docker .kube .azure});</li>
 *   <li>an editor's or coding agent's project directory ({@code .vscode .idea .claude .cursor
 *       .codex .gemini .continue .windsurf .cline .roo .kiro .junie .zed}) or n8n's ({@code .n8n}):
 *       they hold SFTP passwords ({@code .vscode/sftp.json}), database connections
 *       ({@code .idea/dataSources.xml}), MCP server configurations with API tokens
 *       ({@code .cursor/mcp.json}) and encryption keys, and get deployed with the code;</li>
 *   <li>a dotenv file ({@code .env}, {@code .env.production}, {@code .envrc});</li>
 *   <li>a credential dotfile ({@code .netrc .npmrc .pypirc .pgpass .my.cnf .git-credentials})
 *       or a shell's or database client's history ({@code .bash_history .zsh_history
 *       .mysql_history .psql_history});</li>
 *   <li>an SSH private key by its default name ({@code id_rsa}, {@code id_ed25519}, …),
 *       Terraform's state ({@code terraform.tfstate}, which holds every secret it created),
 *       or a copy of WordPress's configuration under another name ({@code wp-config.php.bak},
 *       {@code wp-config.php~}), which the server sends as text.</li>
 * </ul>
 *
 * Read only in the request's path, where a name asks for the file; the same names in a form or
 * a message are talk about files. {@code /.well-known/} and other dot-directories stay open.
 */
final class SensitiveFilePath {
    /** Segments that name such a directory or file exactly. */
    private static final WordTable SEGMENTS = WordTable.of(1, ".git", ".svn", ".hg", ".bzr", ".aws", ".ssh", ".gnupg",
            ".docker", ".kube", ".azure", ".vscode", ".idea", ".claude", ".cursor", ".codex", ".gemini", ".continue",
            ".windsurf", ".cline", ".roo", ".kiro", ".junie", ".zed", ".n8n", ".env", ".envrc", ".netrc", ".npmrc", ".pypirc", ".pgpass", ".my.cnf",
            ".git-credentials", ".bash_history", ".zsh_history", ".mysql_history", ".psql_history", "id_rsa", "id_dsa",
            "id_ecdsa", "id_ed25519", "terraform.tfstate", "terraform.tfstate.backup");
    /** Segments that name such a file with a suffix after this prefix ({@code .env.local}, {@code wp-config.php.bak}). */
    private static final byte[][] PREFIXES = Ascii.bytes(".env.", "wp-config.php");

    private SensitiveFilePath() {
    }

    /**
     * Whether {@code b[off, end)}, a request's decoded path, has such a segment. A segment's
     * parameters ({@code /.git;x=1/config}, which Servlet containers drop) are not its name.
     */
    static boolean names(byte[] b, int off, int end) {
        int start = off;
        for (int i = off; i <= end; i++) {
            if (i == end || b[i] == '/' || b[i] == '\\' || b[i] == ';') {
                if (sensitive(b, start, i)) {
                    return true;
                }
                if (i < end && b[i] == ';') {
                    i = nextSlash(b, i, end);
                }
                start = i + 1;
            }
        }
        return false;
    }

    private static int nextSlash(byte[] b, int i, int end) {
        while (i < end && b[i] != '/' && b[i] != '\\') {
            i++;
        }
        return i;
    }

    private static boolean sensitive(byte[] b, int s, int e) {
        int n = e - s;
        if (SEGMENTS.lookup(b, s, n) != 0) {
            return true;
        }
        for (byte[] prefix : PREFIXES) {
            if (n > prefix.length && Ascii.startsWith(b, s, e, prefix)) {
                return true;
            }
        }
        return false;
    }
}
