package dev.sluice.standalone.spoe;

/**
 * The numbers of the Stream Processing Offload Protocol, version 2.0 (HAProxy's {@code doc/SPOE.txt},
 * section 3): frame types, frame flags, typed-data types, variable scopes, action types and the
 * status codes of a DISCONNECT frame.
 */
final class Spop {
    static final String VERSION = "2.0";

    static final int FRAME_HAPROXY_HELLO = 1;
    static final int FRAME_HAPROXY_DISCONNECT = 2;
    static final int FRAME_NOTIFY = 3;
    static final int FRAME_AGENT_HELLO = 101;
    static final int FRAME_AGENT_DISCONNECT = 102;
    static final int FRAME_ACK = 103;

    /** The frame carries the last (here: the only) fragment of its payload. */
    static final int FLAG_FIN = 1;

    static final int TYPE_NULL = 0;
    static final int TYPE_BOOL = 1;
    static final int TYPE_INT32 = 2;
    static final int TYPE_UINT32 = 3;
    static final int TYPE_INT64 = 4;
    static final int TYPE_UINT64 = 5;
    static final int TYPE_IPV4 = 6;
    static final int TYPE_IPV6 = 7;
    static final int TYPE_STRING = 8;
    static final int TYPE_BINARY = 9;

    static final int ACTION_SET_VAR = 1;
    static final int SCOPE_TRANSACTION = 2;

    static final int STATUS_NORMAL = 0;
    static final int STATUS_TOO_BIG = 3;
    static final int STATUS_INVALID_FRAME = 4;
    static final int STATUS_NO_VERSION = 5;
    static final int STATUS_NO_FRAME_SIZE = 6;
    static final int STATUS_NO_CAPABILITIES = 7;
    static final int STATUS_BAD_VERSION = 8;
    static final int STATUS_BAD_FRAME_SIZE = 9;
    static final int STATUS_NO_FRAGMENTATION = 10;
    static final int STATUS_UNKNOWN = 99;

    /** The smallest frame size peers must accept. */
    static final int MIN_FRAME_SIZE = 256;

    private Spop() {
    }
}
