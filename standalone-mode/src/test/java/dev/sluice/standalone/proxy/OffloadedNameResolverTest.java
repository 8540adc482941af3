package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Host names are looked up off the I/O thread, within a time limit; IP literals in place. */
class OffloadedNameResolverTest {
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = group.next();
    private final ThreadPoolExecutor lookups = OffloadedNameResolver.newLookupPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger calls = new AtomicInteger();

    @AfterEach
    void stop() {
        release.countDown();
        lookups.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** "slow.test" waits for the latch, "gone.test" does not exist, anything else is 10.0.0.7. */
    private OffloadedNameResolver resolver(Duration timeout) {
        return new OffloadedNameResolver(loop, lookups, host -> {
            calls.incrementAndGet();
            if (host.equals("slow.test")) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (host.equals("gone.test")) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {10, 0, 0, 7})};
        }, timeout);
    }

    @Test
    void aSlowLookupDoesNotHoldTheIoThread() throws Exception {
        OffloadedNameResolver r = resolver(Duration.ofSeconds(30));
        Future<InetAddress> pending = loop.submit(() -> r.resolve("slow.test")).get();
        // The I/O thread runs other work while the lookup waits.
        assertTrue(loop.submit(() -> true).await(2, TimeUnit.SECONDS), "the I/O thread is blocked");
        assertFalse(pending.isDone());
        release.countDown();
        assertEquals("10.0.0.7", pending.get(5, TimeUnit.SECONDS).getHostAddress());
    }

    @Test
    void listenersRunOnTheIoThread() throws Exception {
        OffloadedNameResolver r = resolver(Duration.ofSeconds(30));
        AtomicBoolean onLoop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(() -> r.resolveAll("api.test").addListener(f -> {
            onLoop.set(loop.inEventLoop());
            done.countDown();
        }));
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertTrue(onLoop.get());
    }

    @Test
    void aLookupPastTheTimeoutFails() throws Exception {
        OffloadedNameResolver r = resolver(Duration.ofMillis(200));
        long start = System.nanoTime();
        Future<InetAddress> f = loop.submit(() -> r.resolve("slow.test")).get();
        assertTrue(f.await(5, TimeUnit.SECONDS));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertInstanceOf(UnknownHostException.class, f.cause());
        assertTrue(f.cause().getMessage().contains("lookup took longer than"), f.cause().getMessage());
        assertTrue(millis >= 150 && millis < 4000, "took " + millis + " ms");
    }

    @Test
    void anUnknownHostFails() throws Exception {
        Future<List<InetAddress>> f = loop.submit(() -> resolver(Duration.ofSeconds(5)).resolveAll("gone.test")).get();
        assertTrue(f.await(5, TimeUnit.SECONDS));
        assertInstanceOf(UnknownHostException.class, f.cause());
    }

    @Test
    void ipLiteralsAreReadInPlace() throws Exception {
        OffloadedNameResolver r = resolver(Duration.ofSeconds(5));
        Future<InetAddress> v4 = loop.submit(() -> r.resolve("127.0.0.1")).get();
        Future<InetAddress> v6 = loop.submit(() -> r.resolve("::1")).get();
        assertEquals("127.0.0.1", v4.get(5, TimeUnit.SECONDS).getHostAddress());
        assertTrue(v6.get(5, TimeUnit.SECONDS).isLoopbackAddress());
        assertEquals(0, calls.get(), "a literal needs no lookup");
    }
}
