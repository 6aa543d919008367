package io.ferryrpc.core.internal.transport;

import io.ferryrpc.core.internal.protocol.ProtocolException;
import io.ferryrpc.core.internal.tls.TlsFailures;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import org.slf4j.Logger;

/** What both sides do with an exception on a connection: log it at the level it deserves, then close. */
final class ChannelFailures {

    private ChannelFailures() {}

    /** Logs why {@code ctx}'s channel closes and closes it; returns whether the peer broke the protocol. */
    static boolean closeOn(ChannelHandlerContext ctx, Throwable cause, String peer, Logger log) {
        if (TlsFailures.isTls(cause)) {
            // A refused certificate or a peer without TLS: worth one line, never a stack trace.
            log.warn("closing {}: {}", ctx.channel(), TlsFailures.describe(cause, peer));
            ctx.close();
            return false;
        }
        boolean violation = cause instanceof ProtocolException || cause instanceof DecoderException;
        if (violation) {
            log.warn("closing {}: protocol violation by the {}: {}", ctx.channel(), peer, cause.getMessage());
        } else if (cause instanceof IOException) {
            log.debug("closing {}: {}", ctx.channel(), cause.toString());
        } else {
            log.warn("closing {} after an unexpected error", ctx.channel(), cause);
        }
        ctx.close();
        return violation;
    }
}
