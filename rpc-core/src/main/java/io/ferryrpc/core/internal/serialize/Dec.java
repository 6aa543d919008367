package io.ferryrpc.core.internal.serialize;

import io.protostuff.ByteBufferInput;
import java.io.IOException;
import java.nio.ByteBuffer;

/** The state of one decode call: the input, the nesting depth and the limits. */
final class Dec {

    final ByteBufferInput in;
    private final ByteBuffer buffer;
    private final int base;
    private final int maxDepth;
    private final int maxSize;
    private int groups;
    private int depth;

    Dec(ByteBuffer buffer, int maxDepth, int maxSize) {
        this.in = new ByteBufferInput(buffer, true);
        this.buffer = buffer;
        this.base = buffer.position();
        this.maxDepth = maxDepth;
        this.maxSize = maxSize;
    }

    /**
     * Returns the number of the next field, or 0 at the end of the current message. Inside a nested message the end
     * of the input is an error (truncated bytes); at the top level an end-group tag is.
     */
    int nextField() throws IOException {
        if (in.currentOffset() >= in.currentLimit()) {
            if (groups > 0) {
                throw Errors.serialization("Truncated input: a nested message has no end");
            }
            return 0;
        }
        int field = in.readFieldNumber(null);
        if (field == 0 && groups == 0) {
            throw Errors.serialization("Malformed input: an end-group tag outside any nested message");
        }
        return field;
    }

    /** Returns the wire type of the field just read. */
    int wireType() {
        return in.getLastTag() & 7;
    }

    /** Checks that the field just read has the wire type {@code codec} expects. */
    void expect(Codec codec, int field, String where) {
        if ((in.getLastTag() & 7) != codec.wireType) {
            throw Errors.serialization("Malformed input: wire type " + (in.getLastTag() & 7) + " of field " + field
                    + " of " + where + " does not match " + codec.typeName());
        }
    }

    /** Checks that the field just read has wire type {@code wireType}. */
    void expect(int wireType, int field, String where) {
        if ((in.getLastTag() & 7) != wireType) {
            throw Errors.serialization("Malformed input: wire type " + (in.getLastTag() & 7) + " of field " + field
                    + " of " + where + " (expected " + wireType + ")");
        }
    }

    /** Skips the field just read, however deeply its groups nest (bounded by the depth limit). */
    void skipField() throws IOException {
        int tag = in.getLastTag();
        int type = tag & 7;
        if (type == Codec.WIRE_START_GROUP) {
            enter(true);
            while (nextField() != 0) {
                skipField();
            }
            exit(true);
        } else if (type == Codec.WIRE_VARINT || type == Codec.WIRE_FIXED64 || type == Codec.WIRE_LENGTH_DELIMITED
                || type == Codec.WIRE_FIXED32) {
            in.skipField(tag);
        } else {
            throw Errors.serialization("Malformed input: invalid wire type " + type);
        }
    }

    /** Enters a nested message. */
    void enter(boolean counted) {
        groups++;
        if (counted && ++depth > maxDepth) {
            throw Errors.serialization("Nesting deeper than maxDepth " + maxDepth);
        }
    }

    /** Leaves a nested message. */
    void exit(boolean counted) {
        groups--;
        if (counted) {
            depth--;
        }
    }

    /** Reads a length-delimited string of at most {@code maxBytes} UTF-8 bytes, checked before it is copied. */
    String readString(int maxBytes, String what) throws IOException {
        // The input reads a slice of the buffer (sharing its bytes): the length varint is peeked at its place there.
        int at = base + in.currentOffset();
        int end = Math.min(buffer.limit(), at + 5);
        long length = 0;
        for (int shift = 0; at < end; shift += 7) {
            byte b = buffer.get(at++);
            length |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
        }
        if (length > maxBytes) {
            throw Errors.serialization("A " + what + " of " + length + " bytes is over the limit of " + maxBytes);
        }
        return in.readString();
    }

    /** Checks the element count of a collection, map or array against the limit. */
    void checkSize(int count, String what) {
        if (count > maxSize) {
            throw Errors.serialization("More than maxCollectionSize " + maxSize + " elements in " + what);
        }
    }
}
