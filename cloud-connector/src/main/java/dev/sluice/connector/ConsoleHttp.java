package dev.sluice.connector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The console's HTTP API as Sluice calls it, over the JDK's HTTP client (TLS, HTTP/2 when the
 * console offers it). Every call carries {@code Authorization: Bearer <key>} and
 * {@code Sluice-Instance}; answers are read up to a bound and never logged.
 *
 * <ul>
 *   <li>{@code POST /v1/events}: a batch of event lines, {@code application/x-ndjson}, gzip, with
 *       {@code Sluice-Batch} (the same id on every retry of the batch) and {@code Sluice-Events}.</li>
 *   <li>{@code GET /v1/policy} with {@code If-None-Match}: 200 with the policy YAML and an
 *       {@code ETag}, 304 when unchanged, 404 when the console holds no policy for this instance.</li>
 *   <li>{@code PUT /v1/policy/status}: whether the policy with that ETag was applied, and why not.</li>
 * </ul>
 */
final class ConsoleHttp {
    /** The most of an answer read: a policy is at most 1 MiB, anything else is read to be discarded. */
    static final int MAX_ANSWER_BYTES = (1 << 20) + 1;

    private final ConsoleSettings settings;
    private final HttpClient client;

    ConsoleHttp(ConsoleSettings settings) throws IOException {
        this.settings = settings;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(settings.callTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.caFile().isPresent()) {
            b.sslContext(trusting(settings.caFile().get()));
        }
        this.client = b.build();
    }

    /** An SSL context that trusts exactly the certificates of the PEM file {@code caFile}. */
    static SSLContext trusting(Path caFile) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(caFile)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IOException("no certificate in " + caFile);
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the CA certificates in " + caFile + ": " + e.getMessage(), e);
        }
    }

    /** What the console answered. */
    record Answer(int status, byte[] body, Optional<String> etag, Duration retryAfter) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    Answer postEvents(SpoolBatch batch) throws IOException, InterruptedException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream(batch.lines().length / 4 + 64);
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(batch.lines());
        }
        return send(request("/v1/events").header("Content-Type", "application/x-ndjson")
                .header("Content-Encoding", "gzip").header("Sluice-Batch", batch.id())
                .header("Sluice-Events", Integer.toString(batch.count()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray())));
    }

    Answer getPolicy(String etag) throws IOException, InterruptedException {
        HttpRequest.Builder r = request("/v1/policy").header("Accept", "application/yaml").GET();
        if (etag != null) {
            r.header("If-None-Match", etag);
        }
        return send(r);
    }

    Answer putPolicyStatus(byte[] json) throws IOException, InterruptedException {
        return send(request("/v1/policy/status").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json)));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(settings.url() + path)).timeout(settings.callTimeout())
                .header("Authorization", settings.apiKey().bearer())
                .header("Sluice-Instance", settings.instance())
                .header("User-Agent", "sluice-connector");
    }

    private Answer send(HttpRequest.Builder r) throws IOException, InterruptedException {
        HttpResponse<InputStream> resp = client.send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] body;
        try (InputStream in = resp.body()) {
            body = in.readNBytes(MAX_ANSWER_BYTES);
        }
        return new Answer(resp.statusCode(), body, resp.headers().firstValue("etag"),
                retryAfter(resp.headers().firstValue("retry-after").orElse(null)));
    }

    /** {@code Retry-After} in seconds (the date form is ignored); null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null) {
            return null;
        }
        try {
            long s = Long.parseLong(value.strip());
            return s < 0 ? null : Duration.ofSeconds(Math.min(s, 86_400));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "ConsoleHttp[" + settings.url() + "]";
    }
}
