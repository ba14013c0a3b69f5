package io.seqgate.transform;

import java.util.List;

/**
 * Names a transform, declares its settings and makes it: what seqgate finds with
 * {@link java.util.ServiceLoader}, among its own and in the jars of {@code SEQGATE_TRANSFORM_PATH}. A
 * plugin jar lists its providers' class names in {@code META-INF/services/io.seqgate.transform.TransformProvider};
 * each needs a public constructor without parameters, which should do nothing that can fail (do it in
 * {@link #create}).
 */
public interface TransformProvider {

    /**
     * What {@code SEQGATE_TRANSFORM} names it by: lower-case letters, digits and dashes, starting with a
     * letter, e.g. {@code thumbnail}. Its settings are {@code SEQGATE_TRANSFORM_<NAME>_<SETTING>}, the name
     * in upper case with dashes as underscores.
     */
    String name();

    /**
     * The version of what it makes, e.g. {@code 1}: letters, digits, dots, dashes and underscores. Every
     * output records {@code name/version}, and an output of another version counts as out of date, so
     * change it whenever the same input would give other output bytes ({@code seqgate reconcile} then
     * derives every output again), and only then.
     */
    String version();

    /** One line saying what it makes, for the list of transforms an unknown name is answered with. */
    String description();

    /**
     * The settings it reads, each from {@code SEQGATE_TRANSFORM_<NAME>_<SETTING>}. seqgate validates them
     * at start, before {@link #create}, and refuses to start on a bad or missing value, naming the variable.
     */
    default List<TransformSetting> settings() {
        return List.of();
    }

    /**
     * Makes the transform, once, at start. Throwing refuses the start: the message is shown with the
     * transform's name and the jar it came from.
     *
     * @param settings the declared settings' values, validated, and seqgate's limits
     */
    Transform create(TransformSettings settings) throws Exception;
}
