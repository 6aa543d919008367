package io.ferryrpc.registry.zookeeper;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Copies what is written to {@code System.err} (where slf4j-simple logs) so a test can check a log line. */
final class StderrCapture implements AutoCloseable {

    private static final int MAX_CHARS = 4 * 1024 * 1024;

    private final PrintStream original = System.err;
    private final StringBuffer text = new StringBuffer();

    StderrCapture() {
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                if (text.length() < MAX_CHARS) {
                    text.append(new String(b, off, len, StandardCharsets.UTF_8));
                }
            }

            @Override
            public void flush() {
                original.flush();
            }
        }, true, StandardCharsets.UTF_8));
    }

    /** Returns the lines captured so far that contain {@code fragment}. */
    java.util.List<String> lines(String fragment) {
        return text.toString().lines().filter(l -> l.contains(fragment)).toList();
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
