package dev.sluice.matchers.attack;

import dev.sluice.matchers.validate.ByteValidator;
import dev.sluice.matchers.validate.CandidateView;

/**
 * Validator {@code deserialization}: confirms a serialized object sent to an API whose
 * deserializer would instantiate the classes it names (CWE-502, insecure deserialization;
 * OWASP Top 10 A08). Signs, each one enough:
 *
 * <ul>
 *   <li>a binary serialization stream: Java ({@code rO0AB…}), .NET {@code BinaryFormatter}
 *       ({@code AAEAAAD/////…}) or a Python pickle that imports a callable from a module that
 *       runs commands or code ({@link SerializedStreams});</li>
 *   <li>PHP's serialized object notation {@code O:8:"stdClass":…:{} ({@link PhpObjectNotation});</li>
 *   <li>a known gadget class by its full name, as polymorphic JSON and XML readers take it
 *       ({@link GadgetClassNames});</li>
 *   <li>node-serialize's function marker {@code _$$ND_FUNC$$_}, which it evaluates;</li>
 *   <li>a Ruby YAML tag that makes Psych build an object ({@code !ruby/object:},
 *       {@code !ruby/hash:}, {@code !ruby/struct:}, {@code !ruby/marshal});</li>
 *   <li>a JDK class under fastjson's {@code "@type"} key ({@code java.net.Inet4Address},
 *       {@code java.lang.AutoCloseable}: the probes that find an auto-typing parser). JSON-LD's
 *       {@code "@type": "Person"} and protobuf's {@code type.googleapis.com/…} are not
 *       class names.</li>
 * </ul>
 *
 * A route that legitimately receives such objects (JSF with unencrypted client-side state,
 * whose {@code javax.faces.ViewState} is a Java stream) turns the detector to {@code alert}.
 */
public final class DeserializationValidator implements ByteValidator {
    static final DeserializationValidator INSTANCE = new DeserializationValidator();

    static final String TYPE_KEY = "@type";
    /** node-serialize's function marker and the Ruby YAML tags that build objects. */
    private static final LiteralSet MARKERS = new LiteralSet(Ascii.bytes("_$$ND_FUNC$$_", "!ruby/object:",
            "!ruby/hash:", "!ruby/struct:", "!ruby/marshal"));
    private static final byte[][] JDK_PACKAGES = Ascii.exact("java.lang.", "java.net.", "java.rmi.", "java.beans.",
            "javax.", "jdk.", "sun.", "com.sun.");

    private DeserializationValidator() {
    }

    @Override
    public boolean test(CandidateView candidate) {
        return AttackNormalizer.rawOrNormalized(candidate, DeserializationValidator::detect)
                || TYPE_KEY.equals(candidate.key()) && jdkClass(candidate.buf(), candidate.off(),
                        candidate.off() + candidate.len());
    }

    static boolean detect(byte[] b, int off, int end, AttackScratch s) {
        return SerializedStreams.any(b, off, end, s.serialized) || PhpObjectNotation.any(b, off, end)
                || GadgetClassNames.any(b, off, end) || MARKERS.occursIn(b, off, end);
    }

    /** The whole value a JDK class name, fastjson's descriptor ({@code L…;}) and array ({@code [}) forms included. */
    static boolean jdkClass(byte[] b, int off, int end) {
        int i = Ascii.skipSpace(b, off, end);
        int last = Ascii.lastNonSpace(b, i, end) + 1;
        if (i < last && (b[i] == 'L' || b[i] == '[')) {
            i++;
        }
        if (last > i && b[last - 1] == ';') {
            last--;
        }
        boolean jdk = false;
        for (byte[] pkg : JDK_PACKAGES) {
            jdk |= Ascii.startsWithExact(b, i, last, pkg);
        }
        if (!jdk) {
            return false;
        }
        for (int k = i; k < last; k++) {
            int c = b[k] & 0xFF;
            if (!(Ascii.isAlpha(c) || Ascii.isDigit(c) || c == '_' || c == '$' || c == '.')) {
                return false;
            }
        }
        return b[last - 1] != '.';
    }
}
