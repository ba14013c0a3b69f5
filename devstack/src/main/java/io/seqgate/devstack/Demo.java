package io.seqgate.devstack;

import java.io.PrintStream;

final class Demo {
    static int run(String[] args, PrintStream out) {
        throw new UnsupportedOperationException("placeholder until the demo branch lands");
    }
}
