package io.ferryrpc.core.internal.invoke;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.internal.descriptor.CallIds;
import io.ferryrpc.core.internal.descriptor.MethodDescriptor;
import io.ferryrpc.core.internal.protocol.Bodies;
import io.ferryrpc.core.internal.protocol.Frame;
import io.ferryrpc.core.internal.protocol.ProtocolException;
import io.ferryrpc.core.internal.protocol.Status;
import java.lang.reflect.Constructor;

/**
 * Turns a response frame into the caller's result or exception, on the caller's side of the IO thread.
 *
 * <p>An exception thrown by the provider's method comes back as text. It is re-thrown as its own type when that
 * type is on the consumer's classpath and is declared by the method or is a {@code RuntimeException} (an
 * {@code Error} only if declared); everything else becomes {@code RpcException(REMOTE_ERROR)}. The class is looked
 * up without initialization and only instantiated once it has passed those checks; no exception object is ever
 * deserialized.
 */
public final class Replies {

    private Replies() {}

    /** Returns the result carried by {@code frame}, or throws what it carries; always releases the frame. */
    public static Object read(Frame frame, MethodDescriptor method, String provider) throws Throwable {
        try {
            var body = frame.body();
            Bodies.ensure(body, 8, "processing time");
            body.skipBytes(8);
            if (frame.status() == Status.OK) {
                return method.resultCodec().decode(body)[0];
            }
            String type = Bodies.readStr16(body);
            String message = Bodies.readStr32(body);
            String trace = Bodies.readStr32(body);
            if (frame.status() == Status.APPLICATION_ERROR) {
                throw rebuild(type, message, trace, method, provider);
            }
            RpcException.Code code = RpcException.Code.fromWireValue(frame.status());
            if (code == RpcException.Code.INCOMPATIBLE_INTERFACE) {
                message = "provider " + provider + " has no method " + method.signature() + " (call ID "
                        + CallIds.format(method.callId()) + "): " + message;
            } else {
                message = message + " (provider " + provider + ")";
            }
            throw new RpcException(code, message);
        } catch (ProtocolException e) {
            throw new RpcException(RpcException.Code.PROTOCOL, "malformed response from " + provider + " to "
                    + method.signature() + ": " + e.getMessage());
        } finally {
            frame.release();
        }
    }

    /** Returns the processing time the provider reported in a response frame (without consuming it), or -1. */
    public static long processingNanos(Frame frame) {
        var body = frame.body();
        return body.readableBytes() >= 8 ? body.getLong(body.readerIndex()) : -1;
    }

    private static Throwable rebuild(String type, String message, String trace, MethodDescriptor method,
            String provider) {
        Throwable rebuilt = instantiate(type, message, method);
        RemoteStackTrace remote = new RemoteStackTrace(provider, trace);
        if (rebuilt == null) {
            return new RpcException(RpcException.Code.REMOTE_ERROR,
                    type + (message.isEmpty() ? "" : ": " + message) + " (thrown by " + method.signature()
                            + " on " + provider + ")", remote);
        }
        if (rebuilt.getCause() == null) {
            rebuilt.initCause(remote);
        } else {
            rebuilt.addSuppressed(remote);
        }
        return rebuilt;
    }

    private static Throwable instantiate(String type, String message, MethodDescriptor method) {
        Class<?> service = method.owner();
        try {
            Class<?> cls = Class.forName(type, false, service.getClassLoader());
            if (!Throwable.class.isAssignableFrom(cls) || !method.mayThrow(cls)) {
                return null;
            }
            try {
                Constructor<?> withMessage = cls.getConstructor(String.class);
                return (Throwable) withMessage.newInstance(message.isEmpty() ? null : message);
            } catch (NoSuchMethodException e) {
                return (Throwable) cls.getConstructor().newInstance();
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** The provider's stack trace, attached as the cause of a re-thrown remote exception. */
    static final class RemoteStackTrace extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RemoteStackTrace(String provider, String trace) {
            super("remote stack trace from provider " + provider + ":\n" + trace, null, false, false);
        }
    }
}
