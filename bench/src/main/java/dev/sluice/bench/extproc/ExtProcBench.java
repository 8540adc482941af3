package dev.sluice.bench.extproc;

import com.google.protobuf.ByteString;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode.BodySendMode;
import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProtocolConfiguration;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-exchange cost of Sluice's ext_proc server against a do-nothing one (answers CONTINUE),
 * driven identically in one run: each server runs in its own JVM, started by this driver, and
 * its CPU is read from {@code /proc/PID/stat} (user + system) around the measured exchanges.
 * Each exchange plays Envoy: request headers (no body), response headers, then a 16 KB JSON
 * response body — one message in BUFFERED, {@code --chunk}-byte chunks in STREAMED — each
 * message waiting for its answer. Latency is per exchange, first message to last answer.
 *
 * <pre>java [-Dbench.threads=true] -cp bench/target/benchmarks.jar dev.sluice.bench.extproc.ExtProcBench
 *     [--exchanges N] [--warmup N] [--concurrency N] [--chunk BYTES]</pre>
 *
 * <p>{@code -Dbench.threads=true} also prints each server's CPU per exchange by thread name
 * (gRPC event loop, executor, event writer, JIT compiler, GC): with too short a warm-up the C2
 * compiler threads alone were charged 60–120 µs per exchange of the measured phase.
 * {@code -Dbench.ct=TYPE} sends another response content type: {@code image/png}, which the
 * default policy does not inspect, measures the server without inspection.
 */
public final class ExtProcBench {
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    private ExtProcBench() {
    }

    public static void main(String[] args) throws Exception {
        int exchanges = 20_000;
        int warmup = 10_000;
        int concurrency = 4;
        int chunk = 4096;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--exchanges" -> exchanges = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
                case "--chunk" -> chunk = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        byte[] body = jsonBody(16 * 1024);
        System.out.printf(Locale.ROOT, "body %d bytes, %d exchanges after %d warm-up, concurrency %d, chunk %d%n",
                body.length, exchanges, warmup, concurrency, chunk);
        System.out.println("| server | mode | CPU µs/exchange | p50 µs | p99 µs | exchanges/s |");
        System.out.println("|---|---|---|---|---|---|");
        for (BodySendMode mode : new BodySendMode[] {BodySendMode.BUFFERED, BodySendMode.STREAMED}) {
            double noop = 0;
            for (String server : new String[] {"noop", "sluice"}) {
                Result r = measure(server, mode, body, chunk, exchanges, warmup, concurrency);
                System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.0f | %.0f | %.0f |%n", server, mode,
                        r.cpuMicrosPerExchange, r.p50, r.p99, r.rate);
                if (server.equals("noop")) {
                    noop = r.cpuMicrosPerExchange;
                } else {
                    System.out.printf(Locale.ROOT, "| | %s: sluice / noop CPU | %.2f× | | | |%n", mode,
                            r.cpuMicrosPerExchange / noop);
                }
            }
        }
    }

    record Result(double cpuMicrosPerExchange, double p50, double p99, double rate) {
    }

    static Result measure(String server, BodySendMode mode, byte[] body, int chunk, int exchanges, int warmup,
                          int concurrency) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path events = Files.createTempFile("extproc-bench-events", ".jsonl");
        String java = ProcessHandle.current().info().command().orElse("java");
        String main = server.equals("noop") ? NoopExtProcServer.class.getName() : SluiceExtProcServer.class.getName();
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-XX:+UseParallelGC",
                "-cp", System.getProperty("java.class.path"), main, Integer.toString(port), events.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("ready")) {
                throw new IllegalStateException(server + " did not start: " + line);
            }
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                    .maxInboundMessageSize(64 << 20).build();
            try {
                run(channel, mode, body, chunk, warmup, concurrency);
                long cpu0 = cpuTicks(p.pid());
                java.util.Map<String, Long> threads0 = threadTicks(p.pid());
                long t0 = System.nanoTime();
                long[] latencies = run(channel, mode, body, chunk, exchanges, concurrency);
                long wall = System.nanoTime() - t0;
                long cpu = cpuTicks(p.pid()) - cpu0;
                if (Boolean.getBoolean("bench.threads")) {
                    java.util.Map<String, Long> threads1 = threadTicks(p.pid());
                    threads1.forEach((name, t) -> {
                        long d = t - threads0.getOrDefault(name, 0L);
                        if (d > 0) {
                            System.out.printf(Locale.ROOT, "  %s %s %s: %.1f µs/exchange%n", server, mode, name,
                                    d * 1e6 / CLOCK_TICKS / exchanges);
                        }
                    });
                }
                Arrays.sort(latencies);
                return new Result(cpu * 1e6 / CLOCK_TICKS / exchanges,
                        latencies[latencies.length / 2] / 1e3, latencies[(int) (latencies.length * 0.99)] / 1e3,
                        exchanges / (wall / 1e9));
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(events);
        }
    }

    /** utime + stime of each thread of a process, by thread name (names summed), in clock ticks. */
    static java.util.Map<String, Long> threadTicks(long pid) throws IOException {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+$", "#");
                    out.merge(name, ticksOf(stat), Long::sum);
                } catch (IOException gone) {
                    // the thread ended
                }
            }
        }
        return out;
    }

    /** utime + stime of a process, in clock ticks. */
    static long cpuTicks(long pid) throws IOException {
        return ticksOf(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }

    /** utime + stime of a {@code /proc/.../stat} line (fields 14 and 15; the name may hold spaces). */
    private static long ticksOf(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static long[] run(ManagedChannel channel, BodySendMode mode, byte[] body, int chunk, int exchanges,
                      int concurrency) throws InterruptedException {
        long[] latencies = new long[exchanges];
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i; (i = next.getAndIncrement()) < exchanges; ) {
                    latencies[i] = exchange(channel, mode, body, chunk);
                }
            }));
        }
        for (Thread t : workers) {
            t.join();
        }
        return latencies;
    }

    /** One exchange as Envoy plays it; returns its latency in nanoseconds. */
    static long exchange(ManagedChannel channel, BodySendMode mode, byte[] body, int chunk) {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        long t0 = System.nanoTime();
        StreamObserver<ProcessingRequest> toServer = ExternalProcessorGrpc.newStub(channel).process(
                new StreamObserver<>() {
                    @Override
                    public void onNext(ProcessingResponse r) {
                        inbox.add(r);
                    }

                    @Override
                    public void onError(Throwable t) {
                        inbox.add(t);
                    }

                    @Override
                    public void onCompleted() {
                        inbox.add("done");
                    }
                });
        send(toServer, inbox, ProcessingRequest.newBuilder()
                .setRequestHeaders(HttpHeaders.newBuilder().setHeaders(headers(":method", "GET", ":path", "/orders",
                        ":authority", "shop.internal")).setEndOfStream(true))
                .setProtocolConfig(ProtocolConfiguration.newBuilder().setRequestBodyMode(BodySendMode.NONE)
                        .setResponseBodyMode(mode)).build());
        send(toServer, inbox, ProcessingRequest.newBuilder().setResponseHeaders(HttpHeaders.newBuilder()
                .setHeaders(headers(":status", "200", "content-type", System.getProperty("bench.ct", "application/json")))).build());
        int step = mode == BodySendMode.BUFFERED ? body.length : chunk;
        for (int off = 0; off < body.length; off += step) {
            int end = Math.min(body.length, off + step);
            send(toServer, inbox, ProcessingRequest.newBuilder().setResponseBody(HttpBody.newBuilder()
                    .setBody(ByteString.copyFrom(body, off, end - off)).setEndOfStream(end == body.length)).build());
        }
        toServer.onCompleted();
        long latency = System.nanoTime() - t0;
        take(inbox); // the server's close
        return latency;
    }

    private static void send(StreamObserver<ProcessingRequest> toServer, BlockingQueue<Object> inbox,
                             ProcessingRequest r) {
        toServer.onNext(r);
        Object o = take(inbox);
        if (!(o instanceof ProcessingResponse)) {
            throw new IllegalStateException("no answer: " + o);
        }
    }

    private static Object take(BlockingQueue<Object> inbox) {
        try {
            Object o = inbox.poll(10, TimeUnit.SECONDS);
            if (o == null) {
                throw new IllegalStateException("no answer within 10 s");
            }
            return o;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HeaderMap headers(String... kv) {
        HeaderMap.Builder m = HeaderMap.newBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            m.addHeaders(HeaderValue.newBuilder().setKey(kv[i]).setRawValue(ByteString.copyFromUtf8(kv[i + 1])));
        }
        return m.build();
    }

    /** A JSON order list of about {@code size} bytes: ids, names, amounts, one e-mail address per ~4 KB. */
    static byte[] jsonBody(int size) {
        StringBuilder b = new StringBuilder("{\"orders\":[");
        for (int i = 0; b.length() < size - 200; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"id\":").append(100_000 + i).append(",\"sku\":\"SKU-").append(i * 37 % 1000)
                    .append("\",\"name\":\"Widget number ").append(i).append("\",\"qty\":").append(1 + i % 5)
                    .append(",\"amount\":").append(i * 13 % 500).append(".95");
            if (i % 40 == 7) {
                b.append(",\"contact\":\"buyer").append(i).append("@shopmail.io\"");
            }
            b.append('}');
        }
        b.append("]}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
