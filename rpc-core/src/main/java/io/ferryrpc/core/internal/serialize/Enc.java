package io.ferryrpc.core.internal.serialize;

import io.netty.buffer.ByteBuf;
import io.protostuff.Input;
import io.protostuff.Output;
import io.protostuff.Schema;
import java.io.IOException;

/**
 * The state of one encode call: a Protostuff output writing straight into the target buffer, and the nesting depth.
 * One instance is kept per thread and reused by calls that do not overlap on that thread.
 */
final class Enc {

    private static final ThreadLocal<Enc> CACHE = ThreadLocal.withInitial(Enc::new);

    final ByteBufOutput out = new ByteBufOutput();
    private Frame[] frames = new Frame[8];
    private int frameCount;
    private int depth;
    private int maxDepth;
    private boolean busy;

    /**
     * Returns this thread's instance, or a new one if it is in use by an enclosing call, writing to {@code target}
     * at its writer index.
     */
    static Enc acquire(int maxDepth, ByteBuf target) {
        Enc enc = CACHE.get();
        if (enc.busy) {
            enc = new Enc();
        }
        enc.busy = true;
        enc.maxDepth = maxDepth;
        enc.out.target(target);
        return enc;
    }

    /** Resets this instance for the next call. */
    void release() {
        out.target(null);
        for (int i = 0; i < frameCount; i++) {
            frames[i].value = null;
            frames[i].codec = null;
        }
        frameCount = 0;
        depth = 0;
        busy = false;
    }

    /** Writes {@code value} as a nested message (a group) in field {@code field}. */
    void writeMessage(int field, Codec.MessageCodec codec, Object value) throws IOException {
        if (codec.counted && ++depth > maxDepth) {
            throw Errors.serialization("Nesting deeper than maxDepth " + maxDepth + " while encoding "
                    + codec.typeName() + " (a cycle in the object graph?)");
        }
        if (frameCount == frames.length) {
            Frame[] bigger = new Frame[frames.length * 2];
            System.arraycopy(frames, 0, bigger, 0, frames.length);
            frames = bigger;
        }
        Frame frame = frames[frameCount];
        if (frame == null) {
            frame = frames[frameCount] = new Frame(this);
        }
        frameCount++;
        frame.codec = codec;
        frame.value = value;
        out.writeObject(field, frame, FrameSchema.INSTANCE, false);
        frame.codec = null;
        frame.value = null;
        frameCount--;
        if (codec.counted) {
            depth--;
        }
    }

    /** One nested message being written. */
    static final class Frame {
        final Enc enc;
        Codec.MessageCodec codec;
        Object value;

        Frame(Enc enc) {
            this.enc = enc;
        }
    }

    /** Adapts {@link Codec.MessageCodec#writeFields} to Protostuff's {@link Schema}; writing only. */
    static final class FrameSchema implements Schema<Frame> {
        static final FrameSchema INSTANCE = new FrameSchema();

        @Override
        public String getFieldName(int number) {
            return null;
        }

        @Override
        public int getFieldNumber(String name) {
            return 0;
        }

        @Override
        public boolean isInitialized(Frame message) {
            return true;
        }

        @Override
        public Frame newMessage() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String messageName() {
            return "Frame";
        }

        @Override
        public String messageFullName() {
            return Frame.class.getName();
        }

        @Override
        public Class<? super Frame> typeClass() {
            return Frame.class;
        }

        @Override
        public void mergeFrom(Input input, Frame message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeTo(Output output, Frame frame) throws IOException {
            frame.codec.writeFields(frame.enc, frame.value);
        }
    }

}
