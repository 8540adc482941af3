package dev.sluice.standalone.spoe;

/**
 * Whether HAProxy can send a redacted body back as it is. The shipped {@code sluice.lua} sets it
 * as its answer's body, and HAProxy 2.6 ends that body at its first NUL byte (the rest would be
 * lost behind a Content-Length that counts only what came before). Every other byte, control
 * bytes and line breaks included, goes out as the agent sent it.
 */
final class ReturnableBody {
    private ReturnableBody() {
    }

    /** True when {@code body} holds a NUL byte, which HAProxy's Lua answer would cut the body at. */
    static boolean holdsNul(byte[] body) {
        for (byte b : body) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }
}
