package io.ferryrpc.core.fuzz;

import io.ferryrpc.core.internal.protocol.FrameHeader;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of valid frames or bodies: bit flips, byte edits, inserts, deletes, truncation, splices of two
 * inputs, length fields set to telling values, varints claiming 2 GiB, and header fields (type, serializer, status,
 * request id, call ID) set at random. Everything it does follows from its {@link Random}, so a seed and an
 * iteration number reproduce an input.
 */
final class Mutator {

    private static final int[] TELLING_INTS = {0, 1, -1, 2, 7, 8, 9, 17, 18, 64, 65, 255, 256, 4096, 65_535,
        65_536, 1 << 20, 8 * 1024 * 1024, 8 * 1024 * 1024 + 1, Integer.MAX_VALUE, Integer.MIN_VALUE};
    private static final byte[] VARINT_2_GIB = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};

    private final List<byte[]> pool;
    private final int[] callIds;

    /** Creates a mutator splicing from {@code pool} and choosing call IDs among {@code callIds}. */
    Mutator(List<byte[]> pool, int[] callIds) {
        this.pool = pool;
        this.callIds = callIds;
    }

    /**
     * Returns a mutation of {@code input}; {@code frame} says whether it starts with a frame header (else it is a
     * request or response body).
     */
    byte[] mutate(Random random, byte[] input, boolean frame) {
        byte[] b = input.clone();
        int operations = 1 + random.nextInt(4);
        for (int op = 0; op < operations; op++) {
            b = once(random, b, frame);
        }
        return b;
    }

    private byte[] once(Random random, byte[] b, boolean frame) {
        int bodyStart = frame ? FrameHeader.LENGTH : 0;
        switch (random.nextInt(12)) {
            case 0 -> {
                if (b.length > 0) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> {
                if (b.length > 0) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            case 2 -> {
                int at = random.nextInt(b.length + 1);
                byte[] inserted = new byte[1 + random.nextInt(8)];
                random.nextBytes(inserted);
                b = splice(Arrays.copyOf(b, at), inserted, Arrays.copyOfRange(b, at, b.length));
            }
            case 3 -> {
                if (b.length > 0) {
                    int at = random.nextInt(b.length);
                    int n = 1 + random.nextInt(Math.min(16, b.length - at));
                    b = splice(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + n, b.length));
                }
            }
            case 4 -> b = Arrays.copyOf(b, random.nextInt(b.length + 1));
            case 5 -> {
                byte[] other = pool.get(random.nextInt(pool.size()));
                b = splice(Arrays.copyOf(b, random.nextInt(b.length + 1)),
                        Arrays.copyOfRange(other, random.nextInt(other.length + 1), other.length));
            }
            case 6 -> {
                // A length field set to a telling value: the frame's own, or any four bytes of the body.
                int at = frame && random.nextBoolean() ? FrameHeader.BODY_LENGTH_OFFSET
                        : random.nextInt(Math.max(1, b.length));
                int value = random.nextInt(3) == 0 ? b.length - bodyStart + random.nextInt(5) - 2
                        : TELLING_INTS[random.nextInt(TELLING_INTS.length)];
                if (random.nextBoolean()) {
                    putInt(b, at, value);
                } else if (at + 2 <= b.length) {
                    b[at] = (byte) (value >> 8);
                    b[at + 1] = (byte) value;
                }
            }
            case 7 -> {
                int at = random.nextInt(b.length + 1);
                b = random.nextBoolean()
                        ? splice(Arrays.copyOf(b, at), VARINT_2_GIB, Arrays.copyOfRange(b, at, b.length))
                        : overwrite(b, at, VARINT_2_GIB);
            }
            case 8 -> {
                if (frame && b.length >= FrameHeader.LENGTH) {
                    switch (random.nextInt(4)) {
                        case 0 -> b[3] = (byte) random.nextInt(9);
                        case 1 -> b[4] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 1);
                        case 2 -> b[5] = (byte) random.nextInt(256);
                        default -> putLong(b, 6, random.nextLong());
                    }
                }
            }
            case 9 -> putInt(b, bodyStart, random.nextInt(4) == 0 ? random.nextInt()
                    : callIds[random.nextInt(callIds.length)]);
            case 10 -> {
                if (b.length < 64 * 1024) {
                    b = splice(b, b);
                }
            }
            default -> {
                // A nested-message marker: start or end group of a low field, where a value was.
                if (b.length > bodyStart) {
                    int at = bodyStart + random.nextInt(b.length - bodyStart);
                    int field = 1 + random.nextInt(4);
                    b[at] = (byte) (field << 3 | (random.nextBoolean() ? 3 : 4));
                }
            }
        }
        return b;
    }

    private static void putInt(byte[] b, int at, int value) {
        for (int i = 0; i < 4 && at + i < b.length; i++) {
            b[at + i] = (byte) (value >> (24 - 8 * i));
        }
    }

    private static void putLong(byte[] b, int at, long value) {
        for (int i = 0; i < 8 && at + i < b.length; i++) {
            b[at + i] = (byte) (value >> (56 - 8 * i));
        }
    }

    private static byte[] overwrite(byte[] b, int at, byte[] with) {
        byte[] result = Arrays.copyOf(b, Math.max(b.length, at + with.length));
        System.arraycopy(with, 0, result, at, with.length);
        return result;
    }

    private static byte[] splice(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
