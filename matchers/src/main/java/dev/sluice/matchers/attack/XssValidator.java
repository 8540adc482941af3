package dev.sluice.matchers.attack;

import dev.sluice.matchers.validate.ByteValidator;
import dev.sluice.matchers.validate.CandidateView;

/**
 * Validator {@code xss}: confirms cross-site scripting payloads (CWE-79; OWASP Top 10
 * A03:2021; OWASP WSTG-INPV-01/02) by reading the value as HTML and as script:
 * {@link HtmlTagScanner} at every {@code <} (tags, event handlers, script URLs, srcdoc, CSS
 * expressions, meta refresh) and after every quote (attribute breakouts), and
 * {@link JsContextScanner} at every word start (sink calls, DOM access, {@code javascript:}
 * URLs, {@code String.fromCharCode}, AngularJS {@code constructor.constructor}), and
 * {@link JsFuckRun} at every {@code ![]} and {@code +[]} (script spelled with six characters).
 *
 * <p>Runs on the value as received and again after {@link AttackNormalizer} (entities,
 * percent and escape encodings, NUL bytes), so {@code &lt;svg/onload&equals;..},
 * {@code j&#X41vascript:} and {@code <scr\0ipt>} match. Benign HTML-ish text does not:
 * {@code a < b}, {@code <b>bold</b>}, {@code <john@example.com>}, markdown.
 */
public final class XssValidator implements ByteValidator {
    static final XssValidator INSTANCE = new XssValidator();

    private XssValidator() {
    }

    @Override
    public boolean test(CandidateView candidate) {
        return AttackNormalizer.rawOrNormalized(candidate, (b, off, end, s) -> detect(b, off, end));
    }

    static boolean detect(byte[] b, int off, int end) {
        AttributeChain chain = null;
        for (int i = off; i < end; i++) {
            int c = b[i] & 0xFF;
            if (c == '<') {
                chain = chain == null ? new AttributeChain() : chain;
                if (HtmlTagScanner.tag(b, i, end, chain)) {
                    return true;
                }
            } else if (c == '!' || c == '+') {
                if (JsFuckRun.at(b, off, i, end)) {
                    return true;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                if (HtmlTagScanner.breakout(b, i, end)) {
                    return true;
                }
            } else if (Ascii.isWord(c) && c < 0x80 && !Ascii.isDigit(c)
                    && (i == off || !Ascii.isWord(b[i - 1] & 0xFF) || (b[i - 1] & 0xFF) >= 0x80)) {
                if (JsContextScanner.wordAt(b, i, end)) {
                    return true;
                }
            }
        }
        return false;
    }
}
