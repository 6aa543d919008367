package io.ferryrpc.benchmark.runner;

import io.ferryrpc.benchmark.driver.RunResult;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in client JVM for {@link ScenarioRunnerTest}, taking the real client's arguments; {@code --option
 * client=MODE} picks its behaviour: {@code ok} prints a {@code RESULT} line built from its arguments (throughput is
 * the port, so the test sees the port got through), {@code crash} exits with code 3 and no result, {@code hang}
 * never ends, {@code partial} reports only the first of its scenarios.
 */
public final class FakeClientMain {

    private FakeClientMain() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        switch (option(args, "client", "ok")) {
            case "crash" -> {
                System.err.println("fake client: cannot connect");
                System.exit(3);
            }
            case "hang" -> new CountDownLatch(1).await();
            default -> {
                System.out.println("warming up");
                // The runner sends its scenarios as op@concurrency@payload items; "partial" reports only the first.
                String[] items = value(args, "--scenarios").split(",");
                int reported = option(args, "client", "ok").equals("partial") ? 1 : items.length;
                for (int i = 0; i < reported; i++) {
                    String[] item = items[i].split("@");
                    RunResult r = new RunResult(value(args, "--peer"), value(args, "--variant"), item[0],
                            Integer.parseInt(item[1]), Integer.parseInt(item[2]), 1000, 0, 0, 1.0,
                            Double.parseDouble(value(args, "--port")), 10, 20, 30, 40, 50, 5.5, null);
                    System.out.println(RunResult.LINE_PREFIX + r.toJson());
                }
                System.exit(0);
            }
        }
    }

    static String value(String[] args, String name) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        throw new IllegalArgumentException("missing " + name);
    }

    static String option(String[] args, String key, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--option") && args[i + 1].startsWith(key + "=")) {
                return args[i + 1].substring(key.length() + 1);
            }
        }
        return fallback;
    }
}
