package io.seqgate.streams.serde;

import java.util.HashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The byte each constant of an enum is stored as. The codes are part of the stored format: a constant
 * keeps its code for good (never renumber one, never reuse the code of a constant that was removed),
 * and a new constant takes an unused code. They are given as an exhaustive {@code switch}, so that a
 * constant added to the enum does not compile until it has a code; two constants of one code are
 * refused when the class is loaded.
 *
 * @param <E> the enum
 */
final class StoredCodes<E extends Enum<E>> {

    private final String what;
    private final int[] byOrdinal;
    private final Map<Integer, E> byCode = new HashMap<>();

    /**
     * @param what names a constant in messages, e.g. {@code decision}
     * @param code each constant's code, from 0 to 127
     */
    StoredCodes(String what, Class<E> type, ToIntFunction<E> code) {
        this.what = what;
        E[] constants = type.getEnumConstants();
        this.byOrdinal = new int[constants.length];
        for (E constant : constants) {
            int n = code.applyAsInt(constant);
            if (n < 0 || n > Byte.MAX_VALUE) {
                throw new IllegalArgumentException(what + " " + constant + ": code " + n + " is not from 0 to 127");
            }
            E before = byCode.putIfAbsent(n, constant);
            if (before != null) {
                throw new IllegalArgumentException(what + "s " + before + " and " + constant + " share the code " + n);
            }
            byOrdinal[constant.ordinal()] = n;
        }
    }

    int code(E constant) {
        return byOrdinal[constant.ordinal()];
    }

    /** @throws IllegalArgumentException when no constant has the code */
    E of(int code) {
        E constant = byCode.get(code);
        if (constant == null) {
            throw new IllegalArgumentException("unknown " + what + " code " + code);
        }
        return constant;
    }
}
