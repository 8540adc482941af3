package dev.sluice.matchers.attack;

import dev.sluice.matchers.validate.ByteValidator;
import dev.sluice.matchers.validate.CandidateView;

/**
 * Validator {@code mail}: confirms IMAP, SMTP and POP3 command injection (CWE-77, CWE-93). A
 * webmail or a contact form that passes input to a mail server in a command line (a mailbox name
 * to {@code SELECT}, a subject, a recipient) lets a line break end that command and start the
 * attacker's: mail relayed to any recipient, a mailbox read or deleted. Confirmed when a line
 * break (CR or LF; encodings undone) is followed by:
 *
 * <ul>
 *   <li>{@code MAIL FROM:} or {@code RCPT TO:} (any case) with an address ({@code @} or
 *       {@code <}) on the same line;</li>
 *   <li>an SMTP or POP3 command in capitals, as clients send them: {@code DATA}, {@code QUIT},
 *       {@code RSET}, {@code NOOP}, {@code STARTTLS}, {@code CAPA}, {@code STAT}, {@code UIDL}
 *       alone on their line; {@code HELO}, {@code EHLO}, {@code VRFY}, {@code EXPN},
 *       {@code AUTH}, {@code RETR}, {@code DELE} with an argument;</li>
 *   <li>an IMAP tagged command: a tag of letters and digits with a letter in it, a space, and a
 *       command in capitals ({@code A1 FETCH}, {@code V100 CAPABILITY}, {@code x LOGIN}).</li>
 * </ul>
 *
 * Paragraphs pass: a line that starts with {@code Data} or {@code Quit} in a message, a
 * numbered line ({@code 1 SELECT …} has no letter in its tag), {@code Mail from: Anna} with no
 * address.
 */
public final class MailCommandInjectionValidator implements ByteValidator {
    static final MailCommandInjectionValidator INSTANCE = new MailCommandInjectionValidator();

    static final int MAX_TAG = 12;
    private static final byte[][] ADDRESS_COMMANDS = {Ascii.bytes("mail"), Ascii.bytes("rcpt")};
    private static final byte[][] ADDRESS_WORDS = {Ascii.bytes("from"), Ascii.bytes("to")};
    private static final byte[][] ALONE = Ascii.exact("DATA", "QUIT", "RSET", "NOOP", "STARTTLS", "CAPA", "STAT", "UIDL");
    private static final byte[][] WITH_ARGUMENT = Ascii.exact("HELO", "EHLO", "VRFY", "EXPN", "AUTH", "RETR", "DELE");
    private static final byte[][] IMAP = Ascii.exact("CAPABILITY", "LOGIN", "LOGOUT", "AUTHENTICATE", "SELECT", "EXAMINE",
            "FETCH", "STORE", "EXPUNGE", "UID", "APPEND", "LSUB", "STATUS", "SUBSCRIBE", "NOOP", "STARTTLS", "DELETE",
            "CREATE", "RENAME", "COPY", "SEARCH");

    private MailCommandInjectionValidator() {
    }

    @Override
    public boolean test(CandidateView candidate) {
        return AttackNormalizer.rawOrNormalized(candidate, MailCommandInjectionValidator::detect);
    }

    static boolean detect(byte[] b, int off, int end, AttackScratch s) {
        for (int i = off; i < end; i++) {
            if ((b[i] == '\r' || b[i] == '\n') && commandAt(b, lineStart(b, i, end), end)) {
                return true;
            }
        }
        return false;
    }

    private static int lineStart(byte[] b, int i, int end) {
        while (i < end && (b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return i;
    }

    private static boolean commandAt(byte[] b, int i, int end) {
        return addressCommand(b, i, end) || smtpOrPop(b, i, end) || imapCommand(b, i, end);
    }

    /** {@code MAIL FROM:} / {@code RCPT TO:} with an address on the line. */
    private static boolean addressCommand(byte[] b, int i, int end) {
        for (int k = 0; k < ADDRESS_COMMANDS.length; k++) {
            if (!Ascii.startsWith(b, i, end, ADDRESS_COMMANDS[k])) {
                continue;
            }
            int w = i + ADDRESS_COMMANDS[k].length;
            if (w >= end || !Ascii.isSpace(b[w] & 0xFF)) {
                return false;
            }
            w = Ascii.skipSpace(b, w, end);
            if (!Ascii.startsWith(b, w, end, ADDRESS_WORDS[k])) {
                return false;
            }
            int colon = Ascii.skipSpace(b, w + ADDRESS_WORDS[k].length, end);
            if (colon >= end || b[colon] != ':') {
                return false;
            }
            for (int j = colon + 1; j < end && b[j] != '\r' && b[j] != '\n'; j++) {
                if (b[j] == '@' || b[j] == '<') {
                    return true;
                }
            }
            return false;
        }
        return false;
    }

    private static boolean smtpOrPop(byte[] b, int i, int end) {
        for (byte[] w : ALONE) {
            if (Ascii.startsWithExact(b, i, end, w) && lineEndsAt(b, i + w.length, end)) {
                return true;
            }
        }
        for (byte[] w : WITH_ARGUMENT) {
            int a = i + w.length;
            if (Ascii.startsWithExact(b, i, end, w) && a + 1 < end && b[a] == ' ' && !Ascii.isSpace(b[a + 1] & 0xFF)) {
                return true;
            }
        }
        return false;
    }

    /** A tag with a letter in it, one space, an IMAP command in capitals, then a space or the line's end. */
    private static boolean imapCommand(byte[] b, int i, int end) {
        int j = i;
        boolean letter = false;
        while (j < end && j - i <= MAX_TAG && (Ascii.isAlpha(b[j] & 0xFF) || Ascii.isDigit(b[j] & 0xFF))) {
            letter |= Ascii.isAlpha(b[j] & 0xFF);
            j++;
        }
        if (!letter || j - i > MAX_TAG || j >= end || b[j] != ' ') {
            return false;
        }
        for (byte[] w : IMAP) {
            int a = j + 1 + w.length;
            if (Ascii.startsWithExact(b, j + 1, end, w) && (a >= end || b[a] == ' ' || b[a] == '\r' || b[a] == '\n')) {
                return true;
            }
        }
        return false;
    }

    private static boolean lineEndsAt(byte[] b, int i, int end) {
        return i >= end || b[i] == '\r' || b[i] == '\n';
    }

}
