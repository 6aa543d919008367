package io.ferryrpc.examples.shop.order;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.RpcClient;
import io.ferryrpc.examples.shop.api.InsufficientFundsException;
import io.ferryrpc.examples.shop.api.PaymentReceipt;
import io.ferryrpc.examples.shop.api.PaymentRequest;
import io.ferryrpc.examples.shop.api.PaymentService;
import io.ferryrpc.examples.shop.payment.PaymentProviderMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The minimal demo of the seed's story: this JVM is machine A (the order system); it starts machine B (the payment
 * system) as a separate JVM, places orders locally and pays for them remotely, as if the payment service were local.
 */
public final class QuickDemo {

    private QuickDemo() {}

    /** Runs the demo; exits 0 when every order ended in a known state. */
    public static void main(String[] args) throws Exception {
        Process machineB = startPaymentMachine();
        Runtime.getRuntime().addShutdownHook(new Thread(machineB::destroyForcibly));
        try (RpcClient client = RpcClient.builder().applicationName("order").build()) {
            String port = readPort(machineB);
            PaymentService payments = client.proxy(PaymentService.class, "127.0.0.1:" + port);
            say("machine A: order system up; payment system (machine B, pid %d) at 127.0.0.1:%s", machineB.pid(), port);
            int paid = 0;
            int refused = 0;
            BigDecimal[] amounts = {new BigDecimal("19.90"), new BigDecimal("45.50"), new BigDecimal("12.00"),
                new BigDecimal("30.00"), new BigDecimal("5.25")};
            for (int i = 0; i < amounts.length; i++) {
                String orderId = "order-" + (i + 1);
                say("machine A: [local]  placed %s for %s, status CREATED", orderId, amounts[i]);
                long start = System.nanoTime();
                try {
                    PaymentReceipt receipt = payments.pay(new PaymentRequest(orderId, "alice", amounts[i]));
                    say("machine A: [remote] %s paid on %s in %.2f ms, balance left %s", orderId,
                            receipt.processedBy(), (System.nanoTime() - start) / 1e6, receipt.balanceAfter());
                    say("machine A: [local]  %s status PAID", orderId);
                    paid++;
                } catch (InsufficientFundsException e) {
                    say("machine A: [remote] %s refused: %s", orderId, e.getMessage());
                    say("machine A: [local]  %s status PAYMENT_FAILED", orderId);
                    refused++;
                } catch (RpcException e) {
                    say("machine A: [remote] %s could not be paid (%s): %s", orderId, e.code(), e.getMessage());
                    refused++;
                }
            }
            say("summary: %d orders placed, %d paid, %d payment failed", amounts.length, paid, refused);
        } finally {
            machineB.getOutputStream().close();
            if (!machineB.waitFor(10, TimeUnit.SECONDS)) {
                machineB.destroyForcibly();
            }
        }
    }

    private static Process startPaymentMachine() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PaymentProviderMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static String readPort(Process process) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("PORT=")) {
                return line.substring(5);
            }
        }
        throw new IllegalStateException("payment machine exited before listening");
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(format, args));
    }
}
