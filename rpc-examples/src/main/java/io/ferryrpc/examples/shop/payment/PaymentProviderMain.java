package io.ferryrpc.examples.shop.payment;

import io.ferryrpc.core.RpcServer;
import io.ferryrpc.examples.shop.api.PaymentService;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Machine B: provides {@link PaymentService} until its standard input closes (or the process is stopped).
 *
 * <p>Arguments: {@code [--host H] [--port P]}; defaults {@code 127.0.0.1} and an ephemeral port. Prints
 * {@code PORT=<n>} once it listens, so a launcher can find it.
 */
public final class PaymentProviderMain {

    private PaymentProviderMain() {}

    /** Starts the provider. */
    public static void main(String[] args) throws IOException {
        String host = "127.0.0.1";
        int port = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--host" -> host = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try (RpcServer server = RpcServer.builder().bindAddress(host).host(host).port(port)
                .applicationName("payment").build()) {
            server.export(PaymentService.class, new PaymentServiceImpl("machine-B(pid " + ProcessHandle.current().pid()
                    + ")", new BigDecimal("100.00")));
            server.start();
            System.out.println("PORT=" + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Runs until the launcher closes our standard input.
            }
        }
    }
}
