package io.seqgate.devstack.demo;

import java.io.PrintStream;

/**
 * One line of progress: redrawn in place (carriage return) on a terminal; elsewhere (a pipe, a file,
 * a test) a plain line now and then, so logs do not fill with hundreds of near-identical lines.
 */
final class ProgressLine {

    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private long lastPlainNanos = Long.MIN_VALUE;
    private int lastLength;

    /** @param terminal whether {@code out} is a terminal that understands carriage returns */
    ProgressLine(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** True when {@code out} is this process's standard output and that is a terminal. */
    static boolean isTerminal(PrintStream out) {
        return out == System.out && System.console() != null;
    }

    void update(String text) {
        if (terminal) {
            redraw(text);
            out.flush();
            return;
        }
        long now = System.nanoTime();
        if (lastPlainNanos == Long.MIN_VALUE || now - lastPlainNanos >= PLAIN_EVERY_NANOS) {
            lastPlainNanos = now;
            out.println(text);
        }
    }

    /** The last state, always shown, and the line ended. */
    void finish(String text) {
        if (terminal) {
            redraw(text);
            out.println();
        } else {
            out.println(text);
        }
        out.flush();
    }

    private void redraw(String text) {
        // pad with spaces over what a longer previous line left on screen
        out.print("\r" + text + " ".repeat(Math.max(0, lastLength - text.length())));
        lastLength = text.length();
    }
}
