package io.ferryrpc.core.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A plain socket to a provider on 127.0.0.1 with a reader thread that collects every frame it receives and notes
 * when the provider closes the connection: for tests that play a misbehaving consumer.
 */
public final class RawConnection implements AutoCloseable {

    private final Socket socket;
    private final long connectedNanos = System.nanoTime();
    private final BlockingQueue<RawFrames.Received> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Long> closedAtNanos = new CompletableFuture<>();

    private Thread reader;

    /** Connects to {@code port} on 127.0.0.1 and starts reading. */
    public RawConnection(int port) throws IOException {
        this(port, true);
    }

    /** Connects to {@code port} on 127.0.0.1, and starts reading now or when {@link #startReading()} says so. */
    public RawConnection(int port, boolean read) throws IOException {
        this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
        if (read) {
            startReading();
        }
    }

    /** Starts the reader thread, for a connection made without it. */
    public synchronized void startReading() {
        if (reader == null) {
            reader = new Thread(this::readAll, "raw-connection-reader");
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void readAll() {
        try {
            while (true) {
                received.add(RawFrames.read(socket.getInputStream()));
            }
        } catch (IOException | RuntimeException e) {
            // EOF, reset or a local close: the connection is over either way.
            closedAtNanos.complete(System.nanoTime());
        }
    }

    /** Writes {@code bytes}; returns false if the connection is already broken. */
    public boolean write(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Returns whether the connection has ended (closed by the provider, or reset). */
    public boolean isClosed() {
        return closedAtNanos.isDone();
    }

    /** Returns the milliseconds from connecting to the end of the connection; the connection must have ended. */
    public long millisOpen() {
        return (closedAtNanos.join() - connectedNanos) / 1_000_000;
    }

    /** Returns the frames received so far, in order; the caller may take from it. */
    public BlockingQueue<RawFrames.Received> received() {
        return received;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
