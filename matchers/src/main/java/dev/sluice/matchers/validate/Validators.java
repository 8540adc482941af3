package dev.sluice.matchers.validate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The catalog of validators by name, as detector definitions refer to them. A spec is a name,
 * optionally followed by one argument after a colon: {@code luhn}, {@code entropy:3.5},
 * {@code min_length:16}; alternatives joined by {@code |} pass when any of them passes
 * ({@code ipv4|ipv6}). Specs are resolved when detectors are built, so a bad spec fails
 * configuration with a precise message instead of a request.
 *
 * <p>The list is explicit (no scanning, no reflection); adding a validator means adding its
 * line here and its vector file under {@code src/test/resources/vectors/validators/}.
 */
public final class Validators {

    /** Builds a validator from the argument of its spec (null when the spec has none). */
    @FunctionalInterface
    private interface Factory {
        ByteValidator create(String name, String arg);
    }

    private static final Map<String, Factory> CATALOG = catalog();

    private Validators() {}

    private static Map<String, Factory> catalog() {
        Map<String, Factory> m = new TreeMap<>();
        m.put("card", fixed(LuhnCardValidator.INSTANCE));
        m.put("luhn", fixed(LuhnValidator.INSTANCE));
        m.put("ssn", fixed(SsnValidator.INSTANCE));
        m.put("iban", fixed(IbanValidator.INSTANCE));
        m.put("aba", fixed(AbaRoutingValidator.INSTANCE));
        m.put("ipv4", fixed(Ipv4Validator.INSTANCE));
        m.put("ipv6", fixed(Ipv6Validator.INSTANCE));
        m.put("email", fixed(EmailValidator.INSTANCE));
        m.put("phone", fixed(PhoneValidator.INSTANCE));
        m.put("date", fixed(DateValidator.INSTANCE));
        m.put("passport", fixed(PassportValidator.INSTANCE));
        m.put("jwt", fixed(JwtValidator.INSTANCE));
        m.put("github_checksum", fixed(GithubTokenValidator.INSTANCE));
        m.put("npm_checksum", fixed(NpmTokenValidator.INSTANCE));
        m.put("entropy", (name, arg) -> new EntropyValidator(arg == null ? EntropyValidator.DEFAULT_BITS : bits(name, arg)));
        m.put("min_length", (name, arg) -> new MinLengthValidator(length(name, arg)));
        m.put("max_length", (name, arg) -> new MaxLengthValidator(length(name, arg)));
        m.put("not_placeholder", fixed(PlaceholderValidator.INSTANCE));
        m.put("password_value", fixed(PasswordValueValidator.INSTANCE));
        m.put("generic_secret", fixed(GenericSecretValidator.INSTANCE));
        m.put("aws_secret", fixed(AwsSecretValidator.INSTANCE));
        m.put("aws_key_id", fixed(AwsKeyIdValidator.INSTANCE));
        m.put("basic_auth_url", fixed(BasicAuthUrlValidator.INSTANCE));
        m.put("slack_webhook", fixed(SlackWebhookValidator.INSTANCE));
        m.put("openai", fixed(OpenAiKeyValidator.INSTANCE));
        m.put("word_boundary", fixed(WordBoundaryValidator.INSTANCE));
        m.put("token_boundary", fixed(TokenBoundaryValidator.INSTANCE));
        m.put("pem_body", fixed(PemBodyValidator.INSTANCE));
        return Collections.unmodifiableMap(m);
    }

    /**
     * The validator a spec names.
     *
     * @throws IllegalArgumentException for an unknown name, a missing or malformed argument, or an
     *     argument given to a validator that takes none; the message lists the known names
     */
    public static ByteValidator named(String spec) {
        if (spec == null || spec.isEmpty()) {
            throw new IllegalArgumentException("empty validator spec; known validators: " + names());
        }
        if (spec.indexOf('|') >= 0) {
            return anyOf(spec);
        }
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        String arg = colon < 0 ? null : spec.substring(colon + 1);
        Factory f = CATALOG.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown validator '" + name + "'; known validators: " + names());
        }
        return f.create(name, arg);
    }

    private static ByteValidator anyOf(String spec) {
        List<ByteValidator> alternatives = new ArrayList<>();
        int start = 0;
        while (true) {
            int bar = spec.indexOf('|', start);
            String part = bar < 0 ? spec.substring(start) : spec.substring(start, bar);
            if (part.isEmpty()) {
                throw new IllegalArgumentException("empty alternative in validator spec '" + spec + "'");
            }
            alternatives.add(named(part));
            if (bar < 0) {
                break;
            }
            start = bar + 1;
        }
        return new AnyOfValidator(alternatives.toArray(new ByteValidator[0]));
    }

    /** Every name {@link #named} accepts, sorted. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(CATALOG.keySet()));
    }

    private static Factory fixed(ByteValidator v) {
        return (name, arg) -> {
            if (arg != null) {
                throw new IllegalArgumentException("validator '" + name + "' takes no argument");
            }
            return v;
        };
    }

    private static double bits(String name, String arg) {
        double d;
        try {
            d = Double.parseDouble(arg);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("validator '" + name + "' needs bits per byte in (0, 8], got '" + arg + "'", e);
        }
        if (!(d > 0 && d <= 8)) {
            throw new IllegalArgumentException("validator '" + name + "' needs bits per byte in (0, 8], got '" + arg + "'");
        }
        return d;
    }

    private static int length(String name, String arg) {
        if (arg == null) {
            throw new IllegalArgumentException("validator '" + name + "' needs a length, as in '" + name + ":16'");
        }
        int n;
        try {
            n = Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("validator '" + name + "' needs a non-negative integer length, got '" + arg + "'", e);
        }
        if (n < 0) {
            throw new IllegalArgumentException("validator '" + name + "' needs a non-negative integer length, got '" + arg + "'");
        }
        return n;
    }
}
