package io.seqgate.cli;

import io.seqgate.config.SeqgateConfig;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The kinds of value seqgate's options take beyond what picocli converts itself. Each refuses a bad
 * value with what it expected; picocli puts the option's name in front ("Invalid value for option
 * '--duplicates': expected a probability between 0 and 1, got '1.5'") and the command exits 2.
 * Use one with {@code @Option(converter = OptionTypes.Probability.class)}.
 */
public final class OptionTypes {

    private OptionTypes() {}

    /**
     * A duration as the settings take it ({@link SeqgateConfig#duration}: {@code 250ms}, {@code 30s},
     * {@code 5m}, {@code 1h}, {@code 7d}, {@code PT30S}); no option takes a negative one. {@link Main}
     * registers it for every {@link Duration} option, so none names a converter.
     */
    static Duration duration(String value) {
        Duration d;
        try {
            d = SeqgateConfig.duration(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
        if (d.isNegative()) {
            throw new TypeConversionException("must not be negative, got '" + value + "'");
        }
        return d;
    }

    /** A chance from 0 to 1. */
    public static final class Probability implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                double p = Double.parseDouble(value.trim());
                if (p >= 0 && p <= 1) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("expected a probability between 0 and 1, got '" + value + "'");
        }
    }

    /** A whole number of at least 1: a count of things there must be some of. */
    public static final class AtLeastOne implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return whole(value, 1, Integer.MAX_VALUE);
        }
    }

    /** A whole number of at least 0. */
    public static final class NotNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return whole(value, 0, Integer.MAX_VALUE);
        }
    }

    /** A TCP port; 0 asks for any free one. */
    public static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return whole(value, 0, 65535);
        }
    }

    private static int whole(String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TypeConversionException("expected a whole number from " + min
                + (max == Integer.MAX_VALUE ? " up" : " to " + max) + ", got '" + value + "'");
    }
}
