package io.seqgate.sink;

import io.seqgate.event.LogSafe;
import io.seqgate.event.ObjectEvent;
import io.seqgate.event.Sequencers;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * What an output records about its source, in its user metadata: the sequencer of the event that
 * wrote it, the eTag and version id of the input version it was made from, and the transform that made
 * it. The compare-and-swap orders writes by the sequencer; the source tells a rerun of the same event
 * from another write; source and transform together tell a reconcile pass whether the output is in sync.
 */
public final class OutputMetadata {

    /** Output user metadata keys; lower case as S3 returns them, but read in any case another server may send. */
    public static final String SOURCE_SEQUENCER = "seqgate-source-sequencer";

    public static final String SOURCE_ETAG = "seqgate-source-etag";
    public static final String SOURCE_VERSION_ID = "seqgate-source-version-id";
    /** The identity of the transform that wrote the output (a name/version, {@code runtime.Transforms}). */
    public static final String TRANSFORM = "seqgate-transform";

    private static final Logger log = LoggerFactory.getLogger(OutputMetadata.class);

    private final RecentKeys reportedForeign;

    /** @param remembered how many outputs to remember as reported foreign, to report each once */
    OutputMetadata(int remembered) {
        this.reportedForeign = new RecentKeys(remembered);
    }

    /**
     * What an output's metadata says about its source.
     *
     * @param sequencer the recorded sequencer, or null when no valid one is recorded (written by
     *                  something else, or by a reconcile of an object the gate held no state for)
     * @param eTag      the source's eTag, or null when none is recorded (not written by seqgate)
     * @param versionId the source's version, or null
     * @param transform the transform that wrote it, or null when not recorded
     */
    public record Recorded(String sequencer, String eTag, String versionId, String transform) {

        /** Whether the output was made from {@code input}: the same eTag and the same version (or none). */
        boolean isFrom(Input input) {
            return input.eTag() != null && input.eTag().equals(eTag) && Objects.equals(input.versionId(), versionId);
        }

        /**
         * Whether the output was made by {@code transformIdentity} from the input version of {@code eTag}
         * and, when it is not null, {@code inputVersionId}.
         */
        public boolean shows(String inputETag, String inputVersionId, String transformIdentity) {
            return inputETag != null
                    && inputETag.equals(eTag)
                    && (inputVersionId == null || inputVersionId.equals(versionId))
                    && transformIdentity.equals(transform);
        }
    }

    /**
     * The metadata an output written for {@code event} from {@code source} by {@code transform} records.
     * A reconcile record the gate held no state for carries no sequencer, and none is recorded: such an
     * output counts as older than any event.
     */
    static Map<String, String> of(ObjectEvent event, Input source, String transform) {
        Map<String, String> metadata = new HashMap<>();
        if (event.sequencer() != null) {
            metadata.put(SOURCE_SEQUENCER, event.sequencer());
        }
        putIfNotNull(metadata, SOURCE_ETAG, source.eTag() != null ? source.eTag() : event.eTag());
        putIfNotNull(metadata, SOURCE_VERSION_ID, source.versionId() != null ? source.versionId() : event.versionId());
        metadata.put(TRANSFORM, transform);
        return metadata;
    }

    /** What the metadata of an output records, as it is; an invalid sequencer reads as none. */
    public static Recorded read(HeadObjectResponse head) {
        Map<String, String> metadata = head.hasMetadata() ? head.metadata() : Map.of();
        String sequencer = value(metadata, SOURCE_SEQUENCER);
        return new Recorded(
                Sequencers.isValid(sequencer) ? sequencer : null,
                value(metadata, SOURCE_ETAG),
                value(metadata, SOURCE_VERSION_ID),
                value(metadata, TRANSFORM));
    }

    /**
     * What the output {@code head} describes records. An output with no valid sequencer counts as older
     * than any event; when it records no source either, something other than seqgate wrote it, and it is
     * reported once (per output this instance remembers).
     */
    Recorded recorded(HeadObjectResponse head, String outputUrl) {
        Recorded recorded = read(head);
        if (recorded.sequencer() == null && recorded.eTag() == null) {
            // A value that is not hex would sort above every real sequencer (letters G-Z come after
            // the hex digits) and freeze the output for good; whatever wrote it was not seqgate.
            if (reportedForeign.add(outputUrl)) {
                String sequencer = value(head.hasMetadata() ? head.metadata() : Map.of(), SOURCE_SEQUENCER);
                log.warn(
                        "Output {} was not written by seqgate ({} {}), so it counts as older than any event"
                                + " (reported once per output)",
                        LogSafe.of(outputUrl),
                        SOURCE_SEQUENCER,
                        sequencer == null ? "missing" : "is '" + LogSafe.of(sequencer) + "', not a sequencer");
            }
        }
        return recorded;
    }

    /**
     * The SDK keeps user metadata keys in the case the server sent them. S3, MinIO and S3Proxy send
     * lower case; a server or proxy that sends {@code X-Amz-Meta-Seqgate-Source-Sequencer} must not make
     * the recorded sequencer look absent, or an older event could overwrite a newer output.
     */
    private static String value(Map<String, String> metadata, String key) {
        String exact = metadata.get(key);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static void putIfNotNull(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
