package io.ferryrpc.core.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The attachment limits of {@link Bodies}, checked when a request is written and again when it is read. */
@Timeout(30)
class AttachmentLimitsTest {

    private static Map<String, String> attachments(int count, int keyBytes, int valueBytes) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String key = String.format("%0" + keyBytes + "d", i);
            map.put(key, "v".repeat(valueBytes));
        }
        return map;
    }

    /** Writes the attachments without any check, as a hostile peer could, and reads them back. */
    private static Map<String, String> readRaw(Map<String, String> attachments) {
        ByteBuf in = Unpooled.buffer();
        try {
            in.writeShort(attachments.size());
            attachments.forEach((k, v) -> {
                Bodies.writeStr16(in, k);
                Bodies.writeStr16(in, v);
            });
            return Bodies.readAttachments(in);
        } finally {
            in.release();
        }
    }

    private static void assertRefusedBothWays(Map<String, String> attachments, String message) {
        ByteBuf out = Unpooled.buffer();
        try {
            out.writeByte(42);
            assertThatThrownBy(() -> Bodies.writeRequestPrefix(out, 1, 0, attachments))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
            assertThat(out.readableBytes()).as("nothing written by a refused prefix").isEqualTo(1);
        } finally {
            out.release();
        }
        assertThatThrownBy(() -> readRaw(attachments)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void attachmentsAtTheLimitsPassBothWays() {
        Map<String, String> atLimits = new LinkedHashMap<>();
        atLimits.put("k".repeat(Bodies.MAX_ATTACHMENT_KEY_BYTES), "v".repeat(Bodies.MAX_ATTACHMENT_VALUE_BYTES));
        atLimits.putAll(attachments(2, 4, Bodies.MAX_ATTACHMENT_VALUE_BYTES));
        int used = Bodies.MAX_ATTACHMENT_KEY_BYTES + 3 * Bodies.MAX_ATTACHMENT_VALUE_BYTES + 2 * 4;
        atLimits.put("last", "v".repeat(Bodies.MAX_ATTACHMENTS_BYTES - used - 4));
        ByteBuf out = Unpooled.buffer();
        try {
            Bodies.writeRequestPrefix(out, 1, 0, atLimits);
            out.skipBytes(8);
            assertThat(Bodies.readAttachments(out)).isEqualTo(atLimits);
        } finally {
            out.release();
        }
        assertThat(readRaw(attachments(Bodies.MAX_ATTACHMENTS, 8, 8))).hasSize(Bodies.MAX_ATTACHMENTS);
    }

    @Test
    void tooManyAttachmentsAreRefused() {
        assertRefusedBothWays(attachments(Bodies.MAX_ATTACHMENTS + 1, 4, 1), "attachments: 65");
    }

    @Test
    void aLongKeyIsRefused() {
        assertRefusedBothWays(attachments(1, Bodies.MAX_ATTACHMENT_KEY_BYTES + 1, 1), "key");
        // Multi-byte characters count by their UTF-8 bytes: 100 chars of 3 bytes each.
        assertRefusedBothWays(Map.of("\u20ac".repeat(100), "v"), "key");
    }

    @Test
    void aLongValueIsRefused() {
        assertRefusedBothWays(attachments(1, 4, Bodies.MAX_ATTACHMENT_VALUE_BYTES + 1), "value");
    }

    @Test
    void attachmentsOverTheTotalAreRefused() {
        assertRefusedBothWays(attachments(5, 4, Bodies.MAX_ATTACHMENT_VALUE_BYTES - 4), "together");
    }

    @Test
    void aNullKeyOrValueIsRefusedWhenWriting() {
        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put("k", null);
        Map<String, String> nullKey = new LinkedHashMap<>();
        nullKey.put(null, "v");
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> Bodies.writeRequestPrefix(out, 1, 0, nullValue))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value of k is null");
            assertThatThrownBy(() -> Bodies.writeRequestPrefix(out, 1, 0, nullKey))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key is null");
            assertThat(out.readableBytes()).isZero();
        } finally {
            out.release();
        }
    }

    @Test
    void aCountPromisingMoreThanTheBodyHoldsIsRefusedBeforeTheMapIsSized() {
        ByteBuf in = Unpooled.buffer().writeShort(64).writeShort(1).writeByte('k');
        try {
            assertThatThrownBy(() -> Bodies.readAttachments(in)).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("too short");
        } finally {
            in.release();
        }
    }
}
