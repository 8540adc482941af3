package dev.sluice.matchers.attack;

import dev.sluice.matchers.validate.ByteValidator;
import dev.sluice.matchers.validate.CandidateView;

/**
 * Validator {@code scanner}: confirms a request that an attack tool sends (CAPEC-169,
 * footprinting). Two signs:
 *
 * <ul>
 *   <li>a {@code User-Agent} naming a vulnerability scanner or a fuzzer: {@code sqlmap},
 *       {@code Nikto}, {@code Nuclei}, {@code OpenVAS}, Nessus ({@code .nasl} plugin names),
 *       {@code Acunetix}, {@code Netsparker}, {@code w3af}, {@code Arachni}, {@code WPScan},
 *       {@code Fuzz Faster U Fool} (ffuf), {@code gobuster}, {@code DirBuster},
 *       {@code feroxbuster}, {@code wfuzz}, {@code masscan}, {@code zgrab}, the Nmap Scripting
 *       Engine, {@code commix}, {@code XSStrike}, {@code Havij}, {@code Jaeles} — read only in
 *       that header, where a tool names itself; the same words in a form or a search are
 *       everyday text;</li>
 *   <li>in any request value, a name under the domain of an out-of-band testing service, which
 *       exists only to receive the callbacks of blind injection probes: Burp Collaborator
 *       ({@code burpcollaborator.net}, {@code oastify.com}), interactsh ({@code interact.sh},
 *       {@code oast.pro}, {@code oast.live}, {@code oast.site}, {@code oast.online},
 *       {@code oast.fun}, {@code oast.me}), {@code dnslog.cn}, {@code ceye.io}.</li>
 * </ul>
 *
 * Tool names match at a word's start, any case ({@code OpenVASVT}, {@code sqlmap/1.7}).
 */
public final class ScannerProbeValidator implements ByteValidator {
    static final ScannerProbeValidator INSTANCE = new ScannerProbeValidator();

    static final String USER_AGENT = "user-agent";
    private static final byte[][] TOOLS = Ascii.bytes("sqlmap", "nikto", "nuclei", "openvas", ".nasl", "acunetix",
            "netsparker", "w3af", "arachni", "wpscan", "fuzz faster u fool", "gobuster", "dirbuster", "feroxbuster",
            "wfuzz", "masscan", "zgrab", "nmap scripting engine", "commix", "xsstrike", "havij", "jaeles");
    private static final byte[][] CALLBACK_HOSTS = Ascii.bytes("burpcollaborator.net", "oastify.com", "interact.sh",
            "oast.pro", "oast.live", "oast.site", "oast.online", "oast.fun", "oast.me", "dnslog.cn", "ceye.io");

    private ScannerProbeValidator() {
    }

    @Override
    public boolean test(CandidateView candidate) {
        byte[] b = candidate.buf();
        int off = candidate.off();
        int end = off + candidate.len();
        return anyHost(b, off, end) || USER_AGENT.equals(candidate.key()) && anyTool(b, off, end);
    }

    /** A callback host as the parent domain of the probe's own name ({@code x1y2.oast.fun}), as they are always used. */
    private static boolean anyHost(byte[] b, int off, int end) {
        for (byte[] host : CALLBACK_HOSTS) {
            for (int at = Ascii.indexOf(b, off, end, host); at >= 0; at = Ascii.indexOf(b, at + 1, end, host)) {
                int after = Ascii.at(b, at + host.length, end);
                if (Ascii.at(b, at - 1, end) == '.' && !hostByte(after)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean anyTool(byte[] b, int off, int end) {
        for (byte[] tool : TOOLS) {
            for (int at = Ascii.indexOf(b, off, end, tool); at >= 0; at = Ascii.indexOf(b, at + 1, end, tool)) {
                if (tool[0] == '.' || at == off || !Ascii.isAlpha(b[at - 1] & 0xFF)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hostByte(int c) {
        return c >= 0 && (Ascii.isAlpha(c) || Ascii.isDigit(c) || c == '-' || c == '.');
    }
}
