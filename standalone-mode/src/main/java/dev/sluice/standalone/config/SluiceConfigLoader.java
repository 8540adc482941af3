package dev.sluice.standalone.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Sluice's configuration: the defaults, overridden by {@code sluice.yaml}, overridden by
 * environment variables (an empty variable counts as unset). The environment comes in as a map,
 * so tests need not touch the process's own. Every problem is collected before failing, with the
 * file's line and column or the variable's name; the cross-check of the admin address is reported
 * where that address was set. Relative paths in a file are resolved against the file's folder,
 * those from the environment against the working directory.
 */
public final class SluiceConfigLoader {
    /** The variable naming the configuration file when {@code --config} is not given. */
    public static final String CONFIG_ENV = "SLUICE_CONFIG";
    public static final String DEFAULT_FILE_NAME = "sluice.yaml";

    private SluiceConfigLoader() {
    }

    /**
     * The file to read: {@code --config FILE} when given, else {@code $SLUICE_CONFIG}, else
     * {@code sluice.yaml} in {@code workDir} when it exists, else none (defaults and environment).
     */
    public static Optional<Path> configFile(String configOption, Map<String, String> env, Path workDir) {
        if (configOption != null && !configOption.isBlank()) {
            return Optional.of(Path.of(configOption.strip()));
        }
        String fromEnv = env.get(CONFIG_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(Path.of(fromEnv.strip()));
        }
        Path local = workDir.resolve(DEFAULT_FILE_NAME);
        return Files.isRegularFile(local) ? Optional.of(local) : Optional.empty();
    }

    /** The configuration from {@code file} (none: defaults) and {@code env}. */
    public static SluiceConfig load(Optional<Path> file, Map<String, String> env) throws ConfigException {
        if (file.isEmpty()) {
            return load("", "defaults", null, env);
        }
        Path f = file.get();
        String text;
        try {
            text = readUtf8(f);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError(f.toString(), 1, 1, "cannot read the file ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")")));
        }
        Path parent = f.toAbsolutePath().getParent();
        return load(text, f.toString(), parent, env);
    }

    /**
     * The configuration from YAML {@code text} and {@code env}.
     *
     * @param source the name errors give the file ({@code sluice.yaml})
     * @param base   the folder relative paths of the file start from; null keeps them as written
     */
    public static SluiceConfig load(String text, String source, Path base, Map<String, String> env)
            throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        Map<Setting, YamlSettingsReader.Written> written = new EnumMap<>(Setting.class);
        YamlSettingsReader.read(text, source, errors, written);

        SluiceConfig.Builder b = SluiceConfig.builder();
        Map<Setting, ConfigError> where = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String fromEnv = s.env() == null ? null : env.get(s.env());
            if (fromEnv != null && !fromEnv.isBlank()) {
                List<String> values = s.isList() ? Setting.splitList(fromEnv) : List.of(fromEnv.strip());
                apply(b, s, values, null, ConfigError.env(s.env(), ""), errors, where);
            } else if (written.containsKey(s)) {
                YamlSettingsReader.Written w = written.get(s);
                apply(b, s, w.values(), base, new ConfigError(source, w.line(), w.column(), s.key() + " "), errors,
                        where);
            }
        }
        String adminProblem = b.adminListenProblem();
        if (adminProblem != null) {
            errors.add(withProblem(where.get(Setting.ADMIN_LISTEN), adminProblem));
        }
        for (Map.Entry<Setting, String> problem : Arrays.asList(b.consoleProblem(), b.tlsProblem())) {
            if (problem != null) {
                errors.add(withProblem(where.get(problem.getKey()), problem.getValue()));
            }
        }
        if (!errors.isEmpty()) {
            // The file's errors in reading order, then the environment's in the order of the table.
            errors.sort(Comparator.comparing((ConfigError e) -> e.line() == 0)
                    .thenComparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
            throw new ConfigException(errors);
        }
        return b.build();
    }

    /** {@code at} holds the place and the message prefix ("proxy.listen " or "SLUICE_LISTEN ") for errors. */
    private static void apply(SluiceConfig.Builder b, Setting s, List<String> values, Path base, ConfigError at,
                              List<ConfigError> errors, Map<Setting, ConfigError> where) {
        if (values.isEmpty()) {
            errors.add(withProblem(at, "must not be empty"));
            return;
        }
        try {
            s.apply(b, values, base);
            where.put(s, at);
        } catch (IllegalArgumentException e) {
            errors.add(withProblem(at, e.getMessage()));
        }
    }

    private static ConfigError withProblem(ConfigError at, String problem) {
        return new ConfigError(at.source(), at.line(), at.column(), at.message() + problem);
    }

    private static String readUtf8(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            byte[] bytes = in.readNBytes(YamlSettingsReader.MAX_TEXT_CHARS * 4 + 1);
            if (bytes.length > YamlSettingsReader.MAX_TEXT_CHARS * 4) {
                throw new IOException("larger than " + YamlSettingsReader.MAX_TEXT_CHARS + " characters");
            }
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new IOException("not UTF-8", e);
            }
        }
    }
}
