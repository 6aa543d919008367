package io.ferryrpc.benchmark.runner;

import java.util.concurrent.CountDownLatch;

/**
 * A stand-in server JVM for {@link ScenarioRunnerTest}, taking the real server's arguments; {@code --option
 * server=MODE} picks its behaviour: {@code ok} prints {@code LISTENING 40123} and exits when its input closes,
 * {@code silent} never prints and never reads, {@code exit} ends at once with code 2, {@code stubborn} prints
 * {@code LISTENING} but ignores its input closing.
 */
public final class FakeServerMain {

    private FakeServerMain() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        String mode = FakeClientMain.option(args, "server", "ok");
        switch (mode) {
            case "exit" -> {
                System.err.println("fake server: refusing to start");
                System.exit(2);
            }
            case "silent", "stubborn" -> {
                if (mode.equals("stubborn")) {
                    System.out.println("LISTENING 40123");
                    System.out.flush();
                }
                // Blocks until the runner kills this JVM.
                new CountDownLatch(1).await();
            }
            default -> {
                System.out.println("some start-up chatter");
                System.out.println("LISTENING 40123");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // Nothing is written to a server; end of input is the signal to stop.
                }
                System.exit(0);
            }
        }
    }
}
