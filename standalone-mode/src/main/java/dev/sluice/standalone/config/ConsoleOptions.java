package dev.sluice.standalone.config;

import dev.sluice.connector.ApiKey;
import dev.sluice.connector.ConsoleSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code console.*} settings as written: the connector's settings are made from them at startup
 * ({@link #settings}), when the API key file is read.
 *
 * @param url                the console's base URL (checked when set)
 * @param apiKeyFile         the file holding the API key
 * @param caFile             PEM certificates to trust for the console; empty: the JDK's trust store
 * @param spoolDir           where events wait for the console
 * @param maxSpoolBytes      the spool's bound
 * @param policySync         whether the console's policy is written to the policy file
 * @param policyPollInterval how often the console is asked for its policy
 */
public record ConsoleOptions(String url, Path apiKeyFile, Optional<Path> caFile, Path spoolDir, long maxSpoolBytes,
                             boolean policySync, Duration policyPollInterval) {
    public static final Path DEFAULT_SPOOL_DIR = Path.of("sluice-spool");

    public ConsoleOptions {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(apiKeyFile, "apiKeyFile");
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(spoolDir, "spoolDir");
        Objects.requireNonNull(policyPollInterval, "policyPollInterval");
    }

    /**
     * The connector's settings; {@code policyFile} is the policy Sluice runs (written to when
     * {@link #policySync}).
     *
     * @throws IOException              when the API key file cannot be read
     * @throws IllegalArgumentException when it holds no usable key
     */
    public ConsoleSettings settings(Optional<Path> policyFile) throws IOException {
        ConsoleSettings.Builder b = ConsoleSettings.builder().url(url).apiKey(ApiKey.read(apiKeyFile))
                .spoolDir(spoolDir).maxSpoolBytes(maxSpoolBytes).policyPollInterval(policyPollInterval);
        caFile.ifPresent(b::caFile);
        if (policySync) {
            b.policyFile(policyFile.orElseThrow(() -> new IllegalArgumentException("console.policy_sync needs a policy file")));
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "ConsoleOptions[" + url + ", spool=" + spoolDir + ", policySync=" + policySync + "]";
    }
}
