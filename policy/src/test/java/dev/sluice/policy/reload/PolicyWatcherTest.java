package dev.sluice.policy.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.policy.Mode;
import dev.sluice.policy.Policy;
import dev.sluice.policy.yaml.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload on a real file in a temporary folder, through the watcher's own thread. */
class PolicyWatcherTest {
    private static final PolicyLoader LOADER = PolicyLoader.builder().build();
    private static final String ENFORCE = "version: 1\nmode: enforce\n";
    private static final String DETECT = "version: 1\nmode: detect\n";

    private final BlockingQueue<ReloadResult> results = new LinkedBlockingQueue<>();

    private ReloadResult next() throws InterruptedException {
        ReloadResult r = results.poll(10, TimeUnit.SECONDS);
        assertNotNull(r, "no reload reported within 10 s");
        return r;
    }

    /** Writes {@code text} to {@code file} and starts watching it; the first (initial) load has been reported. */
    private PolicyWatcher watch(Path file, String text, PolicyHolder holder, ReloadListener listener, long pollMillis)
            throws Exception {
        Files.writeString(file, text);
        PolicyWatcher w = PolicyWatcher.start(file, LOADER, holder, listener, Duration.ofMillis(pollMillis));
        assertTrue(next().success());
        return w;
    }

    /** Writes through a temporary file and a rename, as editors and ConfigMap updates do. */
    private static void replace(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void validChangeIsSwappedInAndInvalidOneKeepsTheLastGood(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        PolicyHolder holder = new PolicyHolder(LOADER.loadDefault().withMode(Mode.DETECT), null);
        try (PolicyWatcher _ = watch(file, ENFORCE, holder, results::add, 200)) {
            assertEquals(Mode.ENFORCE, holder.get().mode(), "the initial load is put in force");

            replace(file, DETECT);
            ReloadResult swapped = next();
            assertTrue(swapped.success());
            assertEquals("success", swapped.label());
            assertEquals(Mode.DETECT, holder.get().mode());
            Policy good = holder.get();

            replace(file, "version: 1\nmode: detcet\n");
            ReloadResult bad = next();
            assertFalse(bad.success());
            assertEquals("failure", bad.label());
            assertEquals(2, bad.errors().getFirst().line());
            assertTrue(bad.describe().contains("policy.yaml:2:7: unknown mode 'detcet'"), bad.describe());
            assertSame(good, holder.get(), "the last good policy stays in force");

            Files.writeString(file, DETECT);
            assertTrue(next().success(), "fixing the file reloads it");
        }
    }

    @Test
    void touchingWithoutChangingReloadsNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        PolicyHolder holder = new PolicyHolder(LOADER.loadDefault(), null);
        try (PolicyWatcher w = watch(file, ENFORCE, holder, results::add, 100)) {
            Files.writeString(file, ENFORCE);
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
            assertNull(results.poll(700, TimeUnit.MILLISECONDS));
            assertNull(w.checkNow());
        }
    }

    @Test
    void aDeletedFileIsReportedOnceAndKeepsThePolicy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        PolicyHolder holder = new PolicyHolder(LOADER.loadDefault(), null);
        try (PolicyWatcher _ = watch(file, DETECT, holder, results::add, 100)) {
            Files.delete(file);
            ReloadResult gone = next();
            assertFalse(gone.success());
            assertTrue(gone.errors().getFirst().message().contains("NoSuchFileException"));
            assertEquals(Mode.DETECT, holder.get().mode());
            assertNull(results.poll(500, TimeUnit.MILLISECONDS), "the same failure is reported once");
        }
    }

    @Test
    void aFailingListenerDoesNotStopWatching(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        PolicyHolder holder = new PolicyHolder(LOADER.loadDefault(), null);
        ReloadListener failing = r -> {
            results.add(r);
            throw new IllegalStateException("listener bug");
        };
        try (PolicyWatcher _ = watch(file, ENFORCE, holder, failing, 100)) {
            replace(file, DETECT);
            assertTrue(next().success());
            assertEquals(Mode.DETECT, holder.get().mode());
        }
    }

    @Test
    void theModeOverrideAppliesToEveryPolicySet() {
        PolicyHolder holder = new PolicyHolder(LOADER.loadDefault(), Mode.DETECT);
        assertEquals(Mode.DETECT, holder.get().mode());
        holder.set(LOADER.parse(ENFORCE, "x").policy());
        assertEquals(Mode.DETECT, holder.get().mode());
    }

    @Test
    void pollIntervalsAreBounded(@TempDir Path dir) {
        PolicyHolder holder = new PolicyHolder(LOADER.loadDefault(), null);
        assertThrows(IllegalArgumentException.class,
                () -> PolicyWatcher.start(dir.resolve("p.yaml"), LOADER, holder, r -> { }, Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class,
                () -> PolicyWatcher.start(dir.resolve("p.yaml"), LOADER, holder, r -> { }, Duration.ofHours(1)));
    }
}
