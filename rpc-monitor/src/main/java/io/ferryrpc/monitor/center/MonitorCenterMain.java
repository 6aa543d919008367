package io.ferryrpc.monitor.center;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link MonitorCenter} until the process is stopped:
 * {@code java io.ferryrpc.monitor.center.MonitorCenterMain --registry zookeeper://zk:2181 --http-port 8090}.
 *
 * <p>Options: {@code --registry URL}, {@code --bind ADDRESS}, {@code --host HOST}, {@code --rpc-port N},
 * {@code --http-bind ADDRESS}, {@code --http-port N}, {@code --slot SECONDS}, {@code --history MINUTES}.
 */
public final class MonitorCenterMain {

    private MonitorCenterMain() {}

    /** Starts the center with the given options and waits for the process to be stopped. */
    public static void main(String[] args) throws InterruptedException {
        MonitorCenter.Builder builder = MonitorCenter.builder();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                usage();
                return;
            }
            if (i + 1 >= args.length) {
                fail("option " + option + " needs a value");
            }
            String value = args[++i];
            try {
                switch (option) {
                    case "--registry" -> builder.registry(value);
                    case "--bind" -> builder.bindAddress(value);
                    case "--host" -> builder.host(value);
                    case "--rpc-port" -> builder.rpcPort(Integer.parseInt(value));
                    case "--http-bind" -> builder.httpBindAddress(value);
                    case "--http-port" -> builder.httpPort(Integer.parseInt(value));
                    case "--slot" -> builder.slot(Duration.ofSeconds(Long.parseLong(value)));
                    case "--history" -> builder.history(Duration.ofMinutes(Long.parseLong(value)));
                    default -> fail("unknown option " + option);
                }
            } catch (IllegalArgumentException e) {
                fail(option + ": " + e.getMessage());
            }
        }
        MonitorCenter center = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            center.close();
            stopped.countDown();
        }, "ferry-monitor-shutdown"));
        System.out.println("ferry monitor center: http port " + center.httpPort() + ", ferry port "
                + center.rpcPort());
        stopped.await();
    }

    private static void usage() {
        System.out.println("usage: MonitorCenterMain [--registry URL] [--bind ADDRESS] [--host HOST] "
                + "[--rpc-port N] [--http-bind ADDRESS] [--http-port N] [--slot SECONDS] [--history MINUTES]");
    }

    private static void fail(String message) {
        System.err.println(message);
        usage();
        System.exit(2);
    }
}
