package dev.sluice.standalone.proxy;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Resolves the upstream's host name with the system resolver (the JDK's {@link InetAddress}: hosts
 * file, search domains and caching as every other program on the host sees them) on a small
 * thread pool of its own, never on an I/O thread: a lookup that waits on a slow or unreachable
 * DNS server would otherwise stall every connection of that thread. IP literals are read in place.
 * A lookup that takes longer than the timeout fails the connection attempt (502), and so does one
 * that finds the pool's queue full.
 */
final class OffloadedNameResolver extends InetNameResolver {
    /** Blocking lookups: the system resolver in production, anything in tests. */
    interface Lookup {
        InetAddress[] all(String host) throws UnknownHostException;
    }

    private static final int THREADS = 2;
    private static final int QUEUE = 256;

    private final ThreadPoolExecutor lookups;
    private final Lookup lookup;
    private final long timeoutNanos;

    OffloadedNameResolver(EventExecutor executor, ThreadPoolExecutor lookups, Lookup lookup, Duration timeout) {
        super(executor);
        this.lookups = lookups;
        this.lookup = lookup;
        this.timeoutNanos = timeout.toNanos();
    }

    /** The pool lookups run on: two daemon threads that end when idle, a bounded queue. */
    static ThreadPoolExecutor newLookupPool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), Thread.ofPlatform().daemon().name("sluice-dns-", 0).factory());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * A resolver group for bootstraps: one resolver per I/O thread, all sharing one lookup pool,
     * which closing the group shuts down.
     */
    static AddressResolverGroup<InetSocketAddress> group(Duration timeout) {
        ThreadPoolExecutor lookups = newLookupPool();
        return new AddressResolverGroup<>() {
            @Override
            protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
                return new OffloadedNameResolver(executor, lookups, InetAddress::getAllByName, timeout)
                        .asAddressResolver();
            }

            @Override
            public void close() {
                super.close();
                lookups.shutdownNow();
            }
        };
    }

    @Override
    protected void doResolve(String host, Promise<InetAddress> promise) {
        resolve(host, promise, all -> all[0]);
    }

    @Override
    protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
        resolve(host, promise, List::of);
    }

    private <T> void resolve(String host, Promise<T> promise, Function<InetAddress[], T> result) {
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
        if (literal != null) {
            promise.trySuccess(result.apply(new InetAddress[] {literal}));
            return;
        }
        ScheduledFuture<?> timer = executor().schedule(() -> promise.tryFailure(
                new UnknownHostException(host + ": lookup took longer than " + Duration.ofNanos(timeoutNanos))),
                timeoutNanos, TimeUnit.NANOSECONDS);
        promise.addListener(f -> timer.cancel(false));
        try {
            lookups.execute(() -> complete(host, promise, result));
        } catch (RejectedExecutionException e) {
            promise.tryFailure(new UnknownHostException(host + ": too many lookups waiting"));
        }
    }

    private <T> void complete(String host, Promise<T> promise, Function<InetAddress[], T> result) {
        try {
            InetAddress[] all = lookup.all(host);
            if (all.length == 0) {
                throw new UnknownHostException(host + ": no address");
            }
            promise.trySuccess(result.apply(all));
        } catch (UnknownHostException | RuntimeException e) {
            promise.tryFailure(e);
        }
    }
}
