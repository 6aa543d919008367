package io.ferryrpc.examples.shop.node;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The demo's readable account of who did what, printed to standard output: it is the demo's user interface, not a
 * library log (Ferry itself logs through SLF4J). One line per event, prefixed with the time and the machine.
 */
public final class FlowLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
    private final String machine;
    private final PrintStream out;

    /** Creates a log that prints to standard output as {@code machine}. */
    public FlowLog(String machine) {
        this(machine, System.out);
    }

    /** Creates a log that prints to {@code out} as {@code machine}. */
    public FlowLog(String machine, PrintStream out) {
        this.machine = machine;
        this.out = out;
    }

    /** Prints one line; {@code format} as in {@link String#format}, in the root locale. */
    public void say(String format, Object... args) {
        String line = TIME.format(LocalTime.now()) + " [" + machine + "] " + String.format(Locale.ROOT, format, args);
        // Whole lines only: several threads print, and a launcher reads child output line by line.
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    /** Prints a line without the time and machine prefix (for machine-readable lines such as {@code READY}). */
    public void raw(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
