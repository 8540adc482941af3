package dev.sluice.standalone.proxy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Wraps the two older private-key encodings into the PKCS#8 {@code PrivateKeyInfo} the JDK's key
 * factories read: PKCS#1 {@code RSAPrivateKey} ({@code BEGIN RSA PRIVATE KEY}, RFC 8017), which
 * cert-manager writes by default and {@code openssl genrsa -traditional} writes, and SEC1
 * {@code ECPrivateKey} ({@code BEGIN EC PRIVATE KEY}, RFC 5915), which {@code openssl ecparam
 * -genkey} writes. Nothing is decrypted or re-encoded: the key's own DER becomes the
 * {@code privateKey} octet string, behind the algorithm identifier the older form implies
 * (RFC 5208). Only the EC form is read, for its curve, which PKCS#8 names outside the key.
 */
final class Pkcs8Keys {
    /** rsaEncryption, 1.2.840.113549.1.1.1, with its NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0D, 0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** id-ecPublicKey, 1.2.840.10045.2.1, before the curve's OID. */
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};
    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;
    private static final int OCTET_STRING = 0x04;
    private static final int OID = 0x06;
    /** ECPrivateKey's {@code parameters [0]}, constructed and explicit. */
    private static final int EC_PARAMETERS = 0xA0;

    private Pkcs8Keys() {
    }

    /** The PKCS#8 encoding of a PKCS#1 RSA key. */
    static byte[] fromPkcs1(byte[] rsaPrivateKey) {
        return privateKeyInfo(RSA_ALGORITHM, rsaPrivateKey);
    }

    /**
     * The PKCS#8 encoding of a SEC1 EC key, whose curve it names in its {@code parameters};
     * {@link IllegalArgumentException} where the DER is not such a key or names no curve by OID.
     */
    static byte[] fromSec1(byte[] ecPrivateKey) {
        Der key = new Der(ecPrivateKey, 0, ecPrivateKey.length);
        Der body = key.enter(SEQUENCE);
        if (!key.atEnd()) {
            throw new IllegalArgumentException("bytes after the EC key");
        }
        body.skip(INTEGER); // version 1
        body.skip(OCTET_STRING); // the private value
        if (body.atEnd() || body.peekTag() != EC_PARAMETERS) {
            throw new IllegalArgumentException("the EC key names no curve (write it with 'openssl ec -param_enc named_curve')");
        }
        Der parameters = body.enter(EC_PARAMETERS);
        if (parameters.atEnd() || parameters.peekTag() != OID) {
            throw new IllegalArgumentException("the EC key's curve is given by explicit parameters, not by name");
        }
        byte[] curve = parameters.element(OID);
        return privateKeyInfo(sequence(EC_PUBLIC_KEY_OID, curve), ecPrivateKey);
    }

    private static byte[] privateKeyInfo(byte[] algorithm, byte[] key) {
        return sequence(VERSION_0, algorithm, tlv(OCTET_STRING, key));
    }

    private static byte[] sequence(byte[]... elements) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] e : elements) {
            content.writeBytes(e);
        }
        return tlv(SEQUENCE, content.toByteArray());
    }

    /** A DER element: the tag, the length in its shortest form, the content. */
    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** A cursor over the DER elements between {@code pos} and {@code end}; every read is checked against {@code end}. */
    private static final class Der {
        private final byte[] bytes;
        private final int end;
        private int pos;

        Der(byte[] bytes, int pos, int end) {
            this.bytes = bytes;
            this.pos = pos;
            this.end = end;
        }

        boolean atEnd() {
            return pos >= end;
        }

        int peekTag() {
            return bytes[pos] & 0xFF;
        }

        /** The contents of the next element, which must carry {@code tag}, as a cursor of their own. */
        Der enter(int tag) {
            int contentEnd = header(tag);
            Der inner = new Der(bytes, pos, contentEnd);
            pos = contentEnd;
            return inner;
        }

        void skip(int tag) {
            pos = header(tag);
        }

        /** The whole next element, tag and length included. */
        byte[] element(int tag) {
            int start = pos;
            pos = header(tag);
            return Arrays.copyOfRange(bytes, start, pos);
        }

        /** Reads a tag and a definite length; leaves {@code pos} at the contents and returns where they end. */
        private int header(int tag) {
            if (end - pos < 2 || (bytes[pos] & 0xFF) != tag) {
                throw new IllegalArgumentException("not the DER the key form describes");
            }
            pos++;
            int first = bytes[pos++] & 0xFF;
            long length = first;
            if (first >= 0x80) {
                int count = first & 0x7F;
                if (count == 0 || count > 4 || end - pos < count) {
                    throw new IllegalArgumentException("a DER length that is indefinite or too long");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (bytes[pos++] & 0xFF);
                }
            }
            if (length > end - pos) {
                throw new IllegalArgumentException("a DER element longer than what holds it");
            }
            return pos + (int) length;
        }
    }
}
