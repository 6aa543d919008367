package io.ferryrpc.core.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FrameDecoderTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024));

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    private static ByteBuf frame(MessageType type, long requestId, String body) {
        ByteBuf out = Unpooled.buffer();
        int start = FrameHeader.start(out, type, (byte) 1, (byte) 0, requestId);
        out.writeCharSequence(body, StandardCharsets.UTF_8);
        FrameHeader.finish(out, start);
        return out;
    }

    @Test
    void decodesFramesSplitAcrossReadsAndBatchedInOne() {
        ByteBuf both = Unpooled.buffer();
        ByteBuf a = frame(MessageType.REQUEST, 7, "hello");
        ByteBuf b = frame(MessageType.PING, 8, "");
        both.writeBytes(a).writeBytes(b);
        a.release();
        b.release();
        channel.writeInbound(both.readRetainedSlice(5));
        assertThat(channel.inboundMessages()).isEmpty();
        channel.writeInbound(both.readRetainedSlice(both.readableBytes()));
        both.release();

        Frame first = channel.readInbound();
        Frame second = channel.readInbound();
        assertThat(first.type()).isEqualTo(MessageType.REQUEST);
        assertThat(first.requestId()).isEqualTo(7);
        assertThat(first.serializerId()).isEqualTo((byte) 1);
        assertThat(first.body().toString(StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(second.type()).isEqualTo(MessageType.PING);
        assertThat(second.body().readableBytes()).isZero();
        first.release();
        second.release();
    }

    @Test
    void rejectsAnOversizedLengthBeforeTheBodyArrives() {
        ByteBuf header = Unpooled.buffer();
        FrameHeader.start(header, MessageType.REQUEST, (byte) 1, (byte) 0, 1);
        header.setInt(FrameHeader.BODY_LENGTH_OFFSET, Integer.MAX_VALUE);
        assertThatThrownBy(() -> channel.writeInbound(header))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("body length 2147483647 out of range");
    }

    @Test
    void rejectsANegativeLength() {
        ByteBuf header = Unpooled.buffer();
        FrameHeader.start(header, MessageType.REQUEST, (byte) 1, (byte) 0, 1);
        header.setInt(FrameHeader.BODY_LENGTH_OFFSET, -5);
        assertThatThrownBy(() -> channel.writeInbound(header)).hasMessageContaining("body length -5");
    }

    @Test
    void rejectsBadMagicAtTheFirstByte() {
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'G'})))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("bad magic");
    }

    @Test
    void rejectsUnknownVersionAndTypeAndDiscardsWhatFollows() {
        ByteBuf bad = frame(MessageType.REQUEST, 1, "x");
        bad.setByte(2, 9);
        assertThatThrownBy(() -> channel.writeInbound(bad)).hasMessageContaining("unsupported protocol version 9");
        // After a violation the decoder swallows the rest instead of resynchronising on attacker-chosen bytes.
        channel.writeInbound(frame(MessageType.REQUEST, 2, "y"));
        assertThat(channel.inboundMessages()).isEmpty();

        EmbeddedChannel other = new EmbeddedChannel(new FrameDecoder(1024));
        ByteBuf unknownType = frame(MessageType.REQUEST, 1, "x");
        unknownType.setByte(3, 42);
        assertThatThrownBy(() -> other.writeInbound(unknownType)).hasMessageContaining("unknown message type 42");
        other.finishAndReleaseAll();
    }
}
