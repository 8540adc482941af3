package dev.sluice.policy.reload;

import dev.sluice.policy.yaml.LoadResult;
import dev.sluice.policy.yaml.PolicyError;
import dev.sluice.policy.yaml.PolicyLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Watches a policy file and reloads it when its content changes. One daemon thread waits on a
 * {@link WatchService} registered on the file's folder (which also sees Kubernetes ConfigMap
 * updates, made by swapping a {@code ..data} symlink there) for at most the poll interval, then
 * reads the file; so a change is picked up within one interval even where watch events are
 * lost or unsupported (network file systems). Content is compared by SHA-256, so touching the
 * file does nothing. After a watch event it waits {@value #SETTLE_MILLIS} ms for the writer to
 * finish.
 *
 * <p>A valid new version replaces the policy in the {@link PolicyHolder}; an invalid or
 * unreadable one leaves the last good policy in force; both are reported once to the listener.
 * Poll intervals are bounded to {@link #MIN_POLL}..{@link #MAX_POLL}.
 */
public final class PolicyWatcher implements AutoCloseable {
    public static final Duration MIN_POLL = Duration.ofMillis(100);
    public static final Duration MAX_POLL = Duration.ofMinutes(1);
    static final long SETTLE_MILLIS = 50;

    private final Path file;
    private final PolicyLoader loader;
    private final PolicyHolder holder;
    private final ReloadListener listener;
    private final Duration poll;
    private final WatchService watch;
    private final Thread thread;
    private volatile boolean closed;
    private byte[] lastDigest;
    private String lastReadProblem;

    private PolicyWatcher(Path file, PolicyLoader loader, PolicyHolder holder, ReloadListener listener,
                          Duration poll) {
        this.file = file.toAbsolutePath();
        this.loader = loader;
        this.holder = holder;
        this.listener = listener;
        this.poll = poll;
        this.watch = register(this.file.getParent());
        this.thread = Thread.ofPlatform().daemon().name("sluice-policy-watcher").unstarted(this::run);
    }

    /**
     * Loads {@code file} now (on the calling thread; the result goes to the listener and, if
     * valid, into the holder), then watches it until {@link #close()}.
     */
    public static PolicyWatcher start(Path file, PolicyLoader loader, PolicyHolder holder, ReloadListener listener,
                                      Duration pollInterval) {
        Objects.requireNonNull(file, "file");
        if (pollInterval.compareTo(MIN_POLL) < 0 || pollInterval.compareTo(MAX_POLL) > 0) {
            throw new IllegalArgumentException("poll interval must be within " + MIN_POLL + ".." + MAX_POLL + ", got "
                    + pollInterval);
        }
        PolicyWatcher w = new PolicyWatcher(file, Objects.requireNonNull(loader, "loader"),
                Objects.requireNonNull(holder, "holder"), Objects.requireNonNull(listener, "listener"), pollInterval);
        w.checkNow();
        w.thread.start();
        return w;
    }

    private static WatchService register(Path dir) {
        try {
            WatchService ws = FileSystems.getDefault().newWatchService();
            dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            return ws;
        } catch (IOException | UnsupportedOperationException e) {
            // Polling alone still sees every change, one interval late at most.
            return null;
        }
    }

    /** Whether change events are watched (else only polled). */
    public boolean watchesEvents() {
        return watch != null;
    }

    private void run() {
        while (!closed) {
            try {
                if (watch == null) {
                    Thread.sleep(poll.toMillis());
                } else {
                    WatchKey key = watch.poll(poll.toMillis(), TimeUnit.MILLISECONDS);
                    if (key != null) {
                        key.pollEvents();
                        key.reset();
                        Thread.sleep(SETTLE_MILLIS);
                        settleWhileEmpty();
                    }
                }
                if (!closed) {
                    checkNow();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
        }
    }

    /**
     * An editor or {@code Files.writeString} truncates the file before writing it: an empty file
     * right after a change is most likely half written. Give it a few more settle periods before
     * reading, so a reload reports the new policy, not a spurious "the policy is empty".
     */
    private void settleWhileEmpty() throws InterruptedException {
        for (int i = 0; i < 5 && isEmptyFile(); i++) {
            Thread.sleep(SETTLE_MILLIS);
        }
    }

    private boolean isEmptyFile() {
        try {
            return Files.size(file) == 0;
        } catch (IOException e) {
            return false; // checkNow reports what is wrong with it
        }
    }

    /**
     * Reads the file now and reloads if its content changed since the last check. Returns the
     * result reported, or null when nothing changed.
     */
    public synchronized ReloadResult checkNow() {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // One byte past the limit is enough for the loader to reject an oversized file.
            bytes = in.readNBytes(PolicyLoader.MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            String problem = "cannot read the policy: " + e.getClass().getSimpleName();
            if (problem.equals(lastReadProblem)) {
                return null;
            }
            lastReadProblem = problem;
            return report(new ReloadResult(file, null, List.of(new PolicyError(1, 1, problem))));
        }
        lastReadProblem = null;
        byte[] digest = sha256(bytes);
        if (Arrays.equals(digest, lastDigest)) {
            return null;
        }
        lastDigest = digest;
        LoadResult r = loader.parse(bytes, file.toString());
        if (r.ok()) {
            holder.set(r.policy());
        }
        return report(new ReloadResult(file, r.policy(), r.errors()));
    }

    private ReloadResult report(ReloadResult r) {
        try {
            listener.onReload(r);
        } catch (RuntimeException e) {
            // A failing listener must not stop the watching; the policy swap has already happened.
        }
        return r;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (watch != null) {
            try {
                watch.close();
            } catch (IOException e) {
                // Closing a watch service releases an inotify handle; nothing to do if that fails.
            }
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "PolicyWatcher[" + file + ", poll " + poll + (watch == null ? ", polling only" : ", watching") + "]";
    }
}
