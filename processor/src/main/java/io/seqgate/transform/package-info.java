/**
 * The transform SPI: what a plugin implements to make seqgate run its own work — a thumbnail, a format
 * conversion, a virus scan, a call to a service — on the newest version of each object, once.
 *
 * <p>A plugin is a jar with a {@link io.seqgate.transform.TransformProvider} and a
 * {@code META-INF/services/io.seqgate.transform.TransformProvider} file naming it, put in the directory
 * {@code SEQGATE_TRANSFORM_PATH} names; {@code SEQGATE_TRANSFORM} chooses a transform by its
 * {@linkplain io.seqgate.transform.TransformProvider#name() name}. seqgate finds providers with
 * {@link java.util.ServiceLoader}, over one class loader for the directory's jars whose parent is
 * seqgate's own (so a plugin sees these types and seqgate's libraries, and brings any other library in a
 * jar of its own in the same directory). The built-in transforms ({@code invert}, {@code thumbnail},
 * {@code copy}, {@code http}) are providers like any other.
 *
 * <p>These types depend on nothing but the JDK. What seqgate asks of a transform, so that its guarantees
 * (the output shows the newest version, never goes back to an older one, one outcome per event) hold:
 * <ul>
 *   <li><b>Deterministic</b>: the same input bytes give the same output. seqgate may run a transform
 *       more than once for one version (after a crash, a lost race, a reconcile), and cannot tell two
 *       runs' outputs apart.</li>
 *   <li><b>No side effects on the output bucket</b>: seqgate alone writes there, by compare-and-swap; a
 *       transform that writes there itself can overwrite a newer output with an older one.</li>
 *   <li><b>A new version whenever the output changes</b>: every output records
 *       {@code name/version} (and the settings that shape the output), and an output of another
 *       identity counts as out of date, so that {@code seqgate reconcile} derives it again.</li>
 *   <li><b>Refuse, do not fail, what it cannot handle</b>: {@link io.seqgate.transform.UnsupportedObjectException}
 *       ends the event UNSUPPORTED (the output of an older version is removed);
 *       {@link io.seqgate.transform.TransientTransformException} asks for a retry within the sink's
 *       retry budget; anything else thrown is a bug, and ends the event FAILED with a dead letter.</li>
 *   <li><b>Thread-safe</b>: one instance serves every worker at once.</li>
 * </ul>
 * docs/transforms.md has an example and the built-ins' settings.
 */
package io.seqgate.transform;
