package io.seqgate.config;

import io.seqgate.event.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where input comes from and where output goes. Refuses an output that seqgate would read back as
 * input: every output it writes would raise a notification, hence a new output, forever.
 *
 * @param inputs {@code SEQGATE_INPUT_LOCATIONS}: the locations input may come from; empty for any bucket
 * @param output {@code SEQGATE_OUTPUT_BUCKET} and {@code SEQGATE_OUTPUT_PREFIX}, or null when not set
 *               (replay needs none)
 */
public record Locations(List<Location> inputs, Location output) {

    public Locations {
        inputs = List.copyOf(inputs);
        List<String> problems = new ArrayList<>();
        if (output != null) {
            for (Location in : inputs) {
                if (in.overlaps(output)) {
                    problems.add("SEQGATE_OUTPUT_BUCKET/SEQGATE_OUTPUT_PREFIX (" + output + ") overlaps the input "
                            + "location " + in
                            + " in SEQGATE_INPUT_LOCATIONS: seqgate would process its own output forever");
                }
            }
            if (inputs.isEmpty() && output.prefix().isEmpty()) {
                problems.add(
                        "SEQGATE_INPUT_LOCATIONS is empty (every bucket is input) and the output is the whole bucket "
                                + output + ": set SEQGATE_INPUT_LOCATIONS, or an output prefix SEQGATE_OUTPUT_PREFIX");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    /**
     * The buckets input may come from, or empty when any bucket may. Unless it is exactly one, the
     * output key carries the input bucket, so objects of different buckets never share an output.
     */
    public Set<String> inputBuckets() {
        return inputs.stream().map(Location::bucket).collect(Collectors.toCollection(TreeSet::new));
    }
}
