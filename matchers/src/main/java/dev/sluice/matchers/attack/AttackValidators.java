package dev.sluice.matchers.attack;

import dev.sluice.matchers.validate.ByteValidator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The attack validators by the names {@code attacks.yaml} refers to them with; the engine
 * merges this map into its validator registry. Every validator is stateless and
 * thread-safe (working memory is per thread).
 */
public final class AttackValidators {
    private static final Map<String, ByteValidator> ALL;

    static {
        Map<String, ByteValidator> m = new LinkedHashMap<>();
        m.put("sqli", SqlInjectionValidator.INSTANCE);
        m.put("xss", XssValidator.INSTANCE);
        m.put("rce", CommandInjectionValidator.INSTANCE);
        m.put("lfi", PathTraversalValidator.INSTANCE);
        m.put("ssrf", SsrfTargetValidator.INSTANCE);
        m.put("log4shell", Log4ShellValidator.INSTANCE);
        m.put("xxe", XmlEntityValidator.INSTANCE);
        m.put("crlf", HeaderInjectionValidator.INSTANCE);
        m.put("nosqli", NoSqlInjectionValidator.INSTANCE);
        m.put("proto_pollution", PrototypePollutionValidator.INSTANCE);
        m.put("ldapi", LdapInjectionValidator.INSTANCE);
        m.put("mail", MailCommandInjectionValidator.INSTANCE);
        m.put("scanner", ScannerProbeValidator.INSTANCE);
        m.put("graphql_introspection", GraphqlIntrospectionValidator.INSTANCE);
        m.put("deserialization", DeserializationValidator.INSTANCE);
        ALL = java.util.Collections.unmodifiableMap(m);
    }

    private AttackValidators() {
    }

    /** Validator name to validator, in a stable order; unmodifiable. */
    public static Map<String, ByteValidator> all() {
        return ALL;
    }
}
