package dev.sluice.standalone.proxy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real nginx serving the JSON fixtures from a temporary folder, run as a child process (not a
 * system service) with a generated configuration on a free loopback port.
 */
public final class NginxUpstream implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;

    private NginxUpstream(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** Starts nginx with {@code fixtures} under {@code /json/}; waits until it accepts connections. */
    static NginxUpstream start(Path dir, String... fixtures) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String f : fixtures) {
            files.put("json/" + f, TestUpstream.fixture(f));
        }
        return serving(dir, files);
    }

    /**
     * Starts nginx serving {@code files} (path under the root, without its leading slash → bytes);
     * waits until it accepts connections.
     */
    public static NginxUpstream serving(Path dir, Map<String, byte[]> files) throws IOException {
        String nginx = Cli.locate("nginx");
        if (nginx == null) {
            throw new IllegalStateException("nginx not installed");
        }
        Path www = Files.createDirectories(dir.resolve("www"));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path file = www.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, f.getValue());
        }
        Files.createDirectories(dir.resolve("logs"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String temp = dir.resolve("tmp").toString();
        Files.createDirectories(dir.resolve("tmp"));
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                events { worker_connections 128; }
                http {
                    access_log off;
                    client_body_temp_path %2$s/body;
                    proxy_temp_path %2$s/proxy;
                    fastcgi_temp_path %2$s/fastcgi;
                    uwsgi_temp_path %2$s/uwsgi;
                    scgi_temp_path %2$s/scgi;
                    types { application/json json; }
                    default_type application/octet-stream;
                    keepalive_timeout 75s;
                    server {
                        listen 127.0.0.1:%3$d;
                        root %1$s/www;
                    }
                }
                """.formatted(dir, temp, port));
        Process p = new ProcessBuilder(nginx, "-p", dir.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("logs/stdout.log").toFile()).start();
        NginxUpstream n = new NginxUpstream(p, port, dir);
        n.awaitListening();
        return n;
    }

    private void awaitListening() throws IOException {
        Cli.awaitListening(process, port, dir.resolve("logs/stdout.log"), "nginx");
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        Cli.stop(process);
    }
}
