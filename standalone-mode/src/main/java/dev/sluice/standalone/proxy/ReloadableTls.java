package dev.sluice.standalone.proxy;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * TLS contexts made from PEM files, made again when the files change (a renewed certificate,
 * cert-manager rotating a Kubernetes secret) so that new connections get the new certificate
 * without a restart; connections already open keep the session they negotiated.
 *
 * <p>The files are read whole (each at most {@link PemFiles#MAX_FILE_BYTES}) and compared by
 * SHA-256, so touching them does nothing. New contents that cannot be used (half written, a key
 * that is not the certificate's, a file gone) leave the last good contexts in use, and are
 * reported once: the same contents, or the same read problem, are not reported again. Readers
 * see the contexts through one volatile read.
 *
 * @param <C> what the files make (the side's contexts and what it reports about them)
 */
final class ReloadableTls<C> {
    private final List<Path> files;
    private final List<String> roles;
    private final Function<List<byte[]>, C> maker;
    private volatile C current;
    private byte[] inUse;
    private byte[] lastFailed;
    private String lastReadProblem;

    private ReloadableTls(List<Path> files, List<String> roles, Function<List<byte[]>, C> maker) {
        this.files = files;
        this.roles = roles;
        this.maker = maker;
    }

    /**
     * Reads {@code files} now and makes their contexts with {@code maker}, which gets the files'
     * bytes in the same order and throws {@link IllegalArgumentException} for contents it cannot
     * use; {@code roles} names each file in errors.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    static <C> ReloadableTls<C> load(List<Path> files, List<String> roles, Function<List<byte[]>, C> maker) {
        if (files.size() != roles.size()) {
            throw new IllegalArgumentException("one role per file");
        }
        ReloadableTls<C> tls = new ReloadableTls<>(List.copyOf(files), List.copyOf(roles), maker);
        List<byte[]> contents = tls.readAll();
        tls.current = maker.apply(contents);
        tls.inUse = digest(contents);
        return tls;
    }

    /** The contexts in use. */
    C current() {
        return current;
    }

    /** Reads the files again and, when they changed, makes and uses their contexts; see the class comment. */
    synchronized TlsReload reload(Function<C, String> describe) {
        List<byte[]> contents;
        try {
            contents = readAll();
        } catch (IllegalArgumentException e) {
            if (e.getMessage().equals(lastReadProblem)) {
                return TlsReload.UNCHANGED;
            }
            lastReadProblem = e.getMessage();
            return new TlsReload(TlsReload.Outcome.FAILED, e.getMessage());
        }
        lastReadProblem = null;
        byte[] d = digest(contents);
        if (Arrays.equals(d, inUse)) {
            lastFailed = null;
            return TlsReload.UNCHANGED;
        }
        if (Arrays.equals(d, lastFailed)) {
            return TlsReload.UNCHANGED;
        }
        try {
            C made = maker.apply(contents);
            current = made;
            inUse = d;
            lastFailed = null;
            return new TlsReload(TlsReload.Outcome.RELOADED, describe.apply(made));
        } catch (IllegalArgumentException e) {
            lastFailed = d;
            return new TlsReload(TlsReload.Outcome.FAILED, e.getMessage());
        }
    }

    /** The paths of the files, in the order given. */
    List<Path> files() {
        return files;
    }

    private List<byte[]> readAll() {
        List<byte[]> out = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            out.add(PemFiles.read(roles.get(i), files.get(i)));
        }
        return out;
    }

    private static byte[] digest(List<byte[]> contents) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] c : contents) {
                // The length first, so that bytes moved from one file to the next are a change.
                sha.update(new byte[] {(byte) (c.length >>> 24), (byte) (c.length >>> 16), (byte) (c.length >>> 8),
                        (byte) c.length});
                sha.update(c);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
