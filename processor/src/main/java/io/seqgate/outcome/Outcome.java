package io.seqgate.outcome;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One record on the outcomes topic: what seqgate decided for one object event, and why. Times are
 * ISO-8601 instants; absent fields are left out of the JSON.
 *
 * @param bucket      bucket name
 * @param key         decoded object key (null for a notice that names no object, e.g. the S3 test event)
 * @param versionId   the event's version id
 * @param sequencer   the event's sequencer
 * @param event       the event name without "s3:"
 * @param decision    the decision
 * @param reason      why, in words
 * @param instance    the seqgate instance that decided
 * @param eventTime   when S3 says the event happened
 * @param decidedAt   when the gate decided
 * @param completedAt when the sink finished (accepted events only)
 * @param outputKey   the output object written or deleted
 * @param outputETag  the eTag of the output written
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Outcome(
        String bucket,
        String key,
        String versionId,
        String sequencer,
        String event,
        Decision decision,
        String reason,
        String instance,
        String eventTime,
        String decidedAt,
        String completedAt,
        String outputKey,
        String outputETag) {}
