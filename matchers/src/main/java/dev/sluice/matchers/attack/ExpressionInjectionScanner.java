package dev.sluice.matchers.attack;

/**
 * The code half of {@link CommandInjectionValidator}: server-side template and expression
 * language injection (CWE-1336, CWE-917; OWASP WSTG-INPV-18) and other code-execution
 * payloads that reach an interpreter rather than a shell:
 *
 * <ul>
 *   <li>an expression block ({@code {{..}}}, {@code ${..}}, {@code #{..}}, {@code %{..}},
 *       {@code *{..}}) that computes ({@code 7*7}) or calls ({@code ex("id")},
 *       {@code @print(md5(1))}) or reaches Python internals ({@code __class__});
 *       placeholders such as {@code {{user.first_name}}} or {@code ${HOME}} do not;</li>
 *   <li>JSP/ASP/ERB {@code <%= .. %>}, FreeMarker {@code <#assign} and {@code ?new()};</li>
 *   <li>PHP's tags: {@code <?php} with blanks or control bytes after {@code <?} too, the echo tag
 *       {@code <?=}, the short tag {@code <? .. ?>} (an XML processing instruction names its
 *       target right after {@code <?}), and Smarty's {@code {php}};</li>
 *   <li>markers of known gadgets: OGNL {@code #_memberAccess}, {@code java.lang.Runtime},
 *       {@code ProcessBuilder}, {@code Class.forName}, FreeMarker's {@code Execute}, YAML
 *       {@code !!python/} and {@code !!javax.} tags, VBScript {@code On Error Resume Next},
 *       {@code WScript.Shell}, {@code Response.Write(}, SSI {@code <!--#exec}, PHP
 *       {@code shell_exec(}, {@code passthru(}, Spring data binding into the class loader
 *       ({@code class.module.classLoader}: Spring4Shell), Node.js's {@code process.mainModule},
 *       {@code process.binding(} and a call that loads {@code child_process}.</li>
 *   <li>PHP that calls a variable or reads the request's globals ({@link PhpVariableCode}).</li>
 * </ul>
 */
final class ExpressionInjectionScanner {
    /** Most bytes read inside one expression block. */
    static final int MAX_BLOCK = 256;

    private static final LiteralSet MARKERS = new LiteralSet(
        Ascii.bytes("_memberaccess"), Ascii.bytes("java.lang.runtime"), Ascii.bytes("getruntime("),
        Ascii.bytes("processbuilder"), Ascii.bytes("ognlcontext"), Ascii.bytes("class.forname"),
        Ascii.bytes("freemarker.template.utility"), Ascii.bytes("wscript.shell"), Ascii.bytes("response.write("),
        Ascii.bytes("server.createobject("), Ascii.bytes("on error resume next"), Ascii.bytes("!!python/"),
        Ascii.bytes("!!javax."), Ascii.bytes("!!java."), Ascii.bytes("<!--#exec"), Ascii.bytes("<!--#include"),
        Ascii.bytes("shell_exec("), Ascii.bytes("passthru("), Ascii.bytes("proc_open("), Ascii.bytes("<#assign"),
        Ascii.bytes("?new()"), Ascii.bytes("javax.script.scriptengine"), Ascii.bytes("<?php"), Ascii.bytes("{php}"),
        // Spring data binding reaching the class loader (CVE-2010-1622; Spring4Shell, CVE-2022-22965), in field names.
        Ascii.bytes("class.classloader"), Ascii.bytes("class.module.classloader"),
        // Node.js: the main module's require, reachable from any sandboxed code, and the raw process bindings.
        Ascii.bytes("process.mainmodule"), Ascii.bytes("process.binding("));

    private ExpressionInjectionScanner() {
    }

    static boolean detect(byte[] b, int off, int end) {
        for (int i = off; i + 1 < end; i++) {
            int c = b[i] & 0xFF;
            int n = b[i + 1] & 0xFF;
            if (n == '{' && (c == '{' || c == '$' || c == '#' || c == '%' || c == '*')) {
                if (computes(b, i + 2, Math.min(end, i + 2 + MAX_BLOCK))) {
                    return true;
                }
            } else if (c == '<' && n == '?') {
                if (phpTag(b, i + 2, end)) {
                    return true;
                }
            } else if (c == '<' && n == '%') {
                int k = i + 2;
                int m = Ascii.at(b, k, end);
                if (m == '=' || (Ascii.isSpace(m) && Ascii.indexOf(b, k, Math.min(end, k + MAX_BLOCK),
                        CLOSE_SCRIPTLET) > 0)) {
                    return true;
                }
            }
        }
        return MARKERS.occursIn(b, off, end) || loadsChildProcess(b, off, end) || PhpVariableCode.detect(b, off, end);
    }

    private static final byte[] CHILD_PROCESS = Ascii.bytes("child_process");
    private static final byte[] NODE_SCHEME = Ascii.bytes("node:");

    /**
     * Whether Node.js's {@code child_process} module is loaded by a call: its name quoted as a
     * call's argument, {@code require('child_process')}, {@code import("node:child_process")},
     * {@code mainModule.require(`child_process`)}; what code injected into {@code eval}, a
     * template or a {@code vm} sandbox runs to reach a shell (CWE-94).
     */
    private static boolean loadsChildProcess(byte[] b, int off, int end) {
        for (int i = Ascii.indexOf(b, off, end, CHILD_PROCESS); i >= 0; i = Ascii.indexOf(b, i + 1, end, CHILD_PROCESS)) {
            int k = i - 1;
            if (k - NODE_SCHEME.length + 1 >= off && Ascii.startsWith(b, k - NODE_SCHEME.length + 1, i, NODE_SCHEME)) {
                k -= NODE_SCHEME.length;
            }
            int q = Ascii.at(b, k, end);
            if (k >= off && (q == '\'' || q == '"' || q == '`') && Ascii.at(b, i + CHILD_PROCESS.length, end) == q) {
                int open = Ascii.lastNonSpace(b, off, k);
                if (open >= off && b[open] == '(') {
                    return true;
                }
            }
        }
        return false;
    }

    private static final byte[] CLOSE_SCRIPTLET = Ascii.bytes("%>");
    private static final byte[] CLOSE_PHP = Ascii.bytes("?>");
    private static final byte[] PHP = Ascii.bytes("php");

    /**
     * After {@code <?}: {@code =} and an expression's start (a variable, a string, a name, a
     * parenthesis), blanks then {@code php}, or blanks then code closed by {@code ?>}.
     */
    private static boolean phpTag(byte[] b, int k, int end) {
        int m = Ascii.at(b, k, end);
        if (m == '=') {
            int e = Ascii.at(b, Ascii.skipSpace(b, k + 1, end), end);
            return e == '$' || e == '"' || e == '\'' || e == '(' || e == '_' || Ascii.isAlpha(e);
        }
        if (m < 0 || m > ' ') {
            return false;
        }
        int w = k;
        while (w < end && (b[w] & 0xFF) <= ' ') {
            w++;
        }
        return Ascii.startsWith(b, w, end, PHP) && !Ascii.isWord(Ascii.at(b, w + PHP.length, end))
            || Ascii.indexOf(b, w, Math.min(end, w + MAX_BLOCK), CLOSE_PHP) > w;
    }

    /** Whether the block from {@code i} to its closing brace computes, calls or reaches internals. */
    private static boolean computes(byte[] b, int i, int end) {
        int depth = 1;
        // 0: nothing pending; 1: just read a number; 2: read a number and an operator.
        int state = 0;
        for (int k = i; k < end; k++) {
            int c = b[k] & 0xFF;
            if (c == '{') {
                depth++;
                state = 0;
            } else if (c == '}') {
                if (--depth == 0) {
                    return false;
                }
                state = 0;
            } else if (c == '(') {
                return true;
            } else if (c == '_' && Ascii.at(b, k + 1, end) == '_') {
                return true;
            } else if (Ascii.isDigit(c)) {
                if (state == 2) {
                    return true;
                }
                state = 1;
            } else if (c == '*' || c == '+' || c == '-' || c == '/' || c == '%') {
                state = state == 1 ? 2 : 0;
            } else if (!Ascii.isSpace(c)) {
                state = 0;
            }
        }
        return false;
    }
}
