package io.seqgate.bench;

/** One part of the bench: runs its measurements and adds its tables and targets to the report. */
interface Section {

    /** The name {@code --only} takes. */
    String name();

    /** Heading in BENCHMARKS.md. */
    String title();

    void run(BenchContext context) throws Exception;
}
