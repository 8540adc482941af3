package dev.sluice.standalone.proxy;

/**
 * What re-reading a TLS side's files came to: {@code detail} describes the certificate now in
 * use when {@link Outcome#RELOADED}, and what is wrong with the files when {@link Outcome#FAILED}
 * (the previous certificate stays in use).
 */
public record TlsReload(Outcome outcome, String detail) {
    public static final TlsReload UNCHANGED = new TlsReload(Outcome.UNCHANGED, "");

    public enum Outcome {
        /** The files hold what is in use, or what already failed and was reported. */
        UNCHANGED,
        /** New files were read and are in use for new connections. */
        RELOADED,
        /** New files could not be used; the last good ones stay in use. */
        FAILED
    }
}
