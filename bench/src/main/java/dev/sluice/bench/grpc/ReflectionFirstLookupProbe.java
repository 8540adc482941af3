package dev.sluice.bench.grpc;

import dev.sluice.grpc.reflect.ReflectionResolver;
import java.time.Duration;

/**
 * How long a fresh process's first reflection lookup of a method takes, with and without a
 * warm-up lookup of the reflection service's own method first (what {@code GrpcSchemas} does at
 * start): the first lookup pays for the channel's connection, class loading and descriptor
 * building. Run it once per process, against a server with reflection on, such as
 * {@code sluice demo}'s upstream (its port is printed at start):
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * dev.sluice.bench.grpc.ReflectionFirstLookupProbe HOST:PORT /demo.Accounts/GetAccount [warm]}
 */
public final class ReflectionFirstLookupProbe {
    private static final String WARM_UP = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo";

    private ReflectionFirstLookupProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ReflectionFirstLookupProbe HOST:PORT /pkg.Service/Method [warm]");
            System.exit(2);
        }
        boolean warm = args.length > 2 && args[2].equals("warm");
        try (ReflectionResolver r = ReflectionResolver.builder().plaintext(args[0]).timeout(Duration.ofSeconds(5))
                .build()) {
            if (warm) {
                long t = System.nanoTime();
                r.resolve(WARM_UP).get();
                System.out.printf("warm-up lookup: %.0f ms%n", (System.nanoTime() - t) / 1e6);
            }
            long t = System.nanoTime();
            boolean found = r.resolve(args[1]).get().isPresent();
            System.out.printf("first lookup of %s: %.0f ms (%s)%n", args[1], (System.nanoTime() - t) / 1e6,
                    found ? "found" : "not found");
        }
    }
}
