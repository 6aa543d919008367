package io.ferryrpc.core.internal.codec;

/**
 * The message object Protostuff sees for every nested message: carries the value being written, or the nesting
 * depth and the parts read so far, so schemas need no thread-local state.
 */
final class Holder {
    final int depth;
    Object value;
    Object[] parts;
    int count;

    Holder(int depth) {
        this.depth = depth;
    }

    static Holder of(Object value) {
        Holder h = new Holder(0);
        h.value = value;
        return h;
    }
}
