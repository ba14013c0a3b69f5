package io.seqgate.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code SEQGATE_SINK_MEMORY}: how much of the heap the sink's jobs may hold at once — inputs, decoded
 * images, outputs (docs/sizing.md) — as a share of the heap ({@code 50%}) or a size ({@code 2g},
 * {@code 512m}, {@code 1073741824}).
 *
 * @param percentOfHeap the share of the maximum heap, 1 to 100; 0 when {@code bytes} is given
 * @param bytes         the size in bytes; 0 when a share is given
 */
public record MemoryBudget(int percentOfHeap, long bytes) {

    /**
     * Half the heap: the rest is Kafka Streams' buffers and caches, the S3 client's, and the garbage
     * collector's room to work, which it needs most when large images come and go.
     */
    public static final MemoryBudget DEFAULT = new MemoryBudget(50, 0);

    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})([kmg]?)");

    public MemoryBudget {
        if ((percentOfHeap == 0) == (bytes == 0)) {
            throw new IllegalArgumentException("either a share of the heap or a size, not both nor neither");
        }
        if (percentOfHeap < 0 || percentOfHeap > 100 || bytes < 0) {
            throw new IllegalArgumentException("a share from 1% to 100%, or a positive size");
        }
    }

    /** Reads {@code 50%}, {@code 2g}, {@code 512m}, {@code 65536k} or a number of bytes. */
    static MemoryBudget parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.endsWith("%")) {
            int percent;
            try {
                percent = Integer.parseInt(text.substring(0, text.length() - 1).trim());
            } catch (NumberFormatException e) {
                percent = -1;
            }
            if (percent < 1 || percent > 100) {
                throw new IllegalArgumentException("expected a share of the heap from 1% to 100%, got '" + value + "'");
            }
            return new MemoryBudget(percent, 0);
        }
        Matcher size = SIZE.matcher(text);
        long bytes = -1;
        if (size.matches()) {
            int shift = switch (size.group(2)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                default -> 0;
            };
            try {
                long number = Long.parseLong(size.group(1));
                bytes = number > Long.MAX_VALUE >> shift ? -1 : number << shift;
            } catch (NumberFormatException e) {
                bytes = -1;
            }
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException(
                    "expected a share of the heap like 50% or a size like 2g, 512m or 1073741824 (bytes), got '" + value
                            + "'");
        }
        return new MemoryBudget(0, bytes);
    }

    /** The budget in bytes in a JVM whose maximum heap is {@code maxHeap} bytes. */
    public long bytesOf(long maxHeap) {
        return percentOfHeap == 0 ? bytes : maxHeap / 100 * percentOfHeap + maxHeap % 100 * percentOfHeap / 100;
    }

    @Override
    public String toString() {
        return percentOfHeap == 0 ? bytes + " bytes" : percentOfHeap + "% of the heap";
    }
}
