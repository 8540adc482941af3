package dev.sluice.policy.yaml;

import dev.sluice.matchers.DetectorCatalog;
import dev.sluice.matchers.DetectorCatalogLoader;
import dev.sluice.matchers.ValueHasher;
import dev.sluice.policy.Policy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Loads and checks policy files. One loader keeps one hash key for its whole life, so
 * keyed-hash masks stay the same across reloads; pass the inspector's {@link ValueHasher} so
 * they also match the {@code valueHash} of events. Thread-safe.
 *
 * <pre>{@code
 * PolicyLoader loader = PolicyLoader.builder().hasher(hasher).build();
 * LoadResult r = loader.load(Path.of("policy.yaml"));
 * if (!r.ok()) System.err.println(PolicyLoader.format("policy.yaml", r.errors()));
 * }</pre>
 */
public final class PolicyLoader {
    /** Largest policy file read. */
    public static final int MAX_FILE_BYTES = 1 << 20;
    /** The embedded default policy: the same bytes as {@code deploy/policies/default.yaml}. */
    public static final String DEFAULT_RESOURCE = "/dev/sluice/policy/default.yaml";

    private final DetectorCatalog catalog;
    private final DetectorCatalogLoader detectorLoader;
    private final ValueHasher hasher;

    private PolicyLoader(Builder b) {
        this.catalog = b.catalog != null ? b.catalog : DetectorCatalog.builtin();
        this.detectorLoader = DetectorCatalogLoader.withBuiltinValidators();
        this.hasher = b.hasher != null ? b.hasher : ValueHasher.random();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads, parses and validates {@code file}. Never throws for a bad or missing file. */
    public LoadResult load(Path file) {
        String text;
        try {
            text = read(file);
        } catch (IOException e) {
            return new LoadResult(null, List.of(new PolicyError(1, 1, "cannot read the policy: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()))));
        } catch (IllegalArgumentException e) {
            return new LoadResult(null, List.of(new PolicyError(1, 1, e.getMessage())));
        }
        return parse(text, file.toString());
    }

    /** Parses and validates policy bytes (UTF-8, at most {@link #MAX_FILE_BYTES}). Never throws. */
    public LoadResult parse(byte[] yaml, String origin) {
        try {
            return parse(decode(yaml), origin);
        } catch (IllegalArgumentException e) {
            return new LoadResult(null, List.of(new PolicyError(1, 1, e.getMessage())));
        }
    }

    /** Parses and validates policy text; {@code origin} names it in the policy (a file name). */
    public LoadResult parse(String yaml, String origin) {
        Problems p = new Problems();
        Node root = TreeReader.read(yaml, p);
        Policy policy = root == null ? null
                : PolicyReader.read(root, origin, sha256(yaml), catalog, detectorLoader, hasher, p);
        return p.isEmpty() && policy != null ? new LoadResult(policy, List.of()) : new LoadResult(null, p.sorted());
    }

    /** The SHA-256 of {@code text} in UTF-8, in hex: what {@code sha256sum} prints for its file. */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Every error in {@code file}, sorted by position; empty when it is a valid policy. */
    public List<PolicyError> check(Path file) {
        return load(file).errors();
    }

    /** The embedded default policy, with this loader's hash key. */
    public Policy loadDefault() {
        LoadResult r = parse(defaultText(), "embedded default");
        if (!r.ok()) {
            throw new IllegalStateException("the embedded default policy is invalid: " + r.errors());
        }
        return r.policy();
    }

    /** The text of the embedded default policy. */
    public static String defaultText() {
        try (InputStream in = PolicyLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One {@code FILE:LINE:COL: message} line per error. */
    public static String format(String file, List<PolicyError> errors) {
        return errors.stream().map(e -> e.format(file)).collect(Collectors.joining("\n"));
    }

    private static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return decode(in.readNBytes(MAX_FILE_BYTES + 1));
        }
    }

    private static String decode(byte[] bytes) {
        if (bytes.length > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("the policy is larger than " + MAX_FILE_BYTES + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the policy is not valid UTF-8");
        }
    }

    @Override
    public String toString() {
        return "PolicyLoader[" + catalog.size() + " built-in detectors]";
    }

    /** Options: the base catalog (built-in by default) and the hash key (random per loader by default). */
    public static final class Builder {
        private DetectorCatalog catalog;
        private ValueHasher hasher;

        private Builder() {
        }

        public Builder catalog(DetectorCatalog c) {
            this.catalog = Objects.requireNonNull(c, "catalog");
            return this;
        }

        public Builder hasher(ValueHasher h) {
            this.hasher = Objects.requireNonNull(h, "hasher");
            return this;
        }

        public PolicyLoader build() {
            return new PolicyLoader(this);
        }
    }
}
