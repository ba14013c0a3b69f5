package io.seqgate.event;

/**
 * Where a value sits in the message, for error messages: {@code Records[0].s3.object.key}, or after a
 * shape prefix ending in a space, {@code EventBridge event: detail.object.key}. One link per level,
 * spelled out only when an error names it: building every path up front cost a tenth of the time
 * of parsing a valid message.
 */
final class At {

    static final At TOP = new At(null, "", -1);
    static final At SNS_MESSAGE = new At(null, "SNS Message: ", -1);
    static final At EVENTBRIDGE = new At(null, "EventBridge event: ", -1);
    static final At WHOLE_MESSAGE = new At(null, "message", -1);
    static final At SNS_ENVELOPE_MESSAGE = new At(null, "SNS envelope: Message", -1);
    static final At EVENTBRIDGE_NAME =
            new At(null, "EventBridge event name (detail-type, detail.reason and detail.deletion-type)", -1);

    private final At parent;
    private final String name;
    private final int index;

    private At(At parent, String name, int index) {
        this.parent = parent;
        this.name = name;
        this.index = index;
    }

    At field(String field) {
        return new At(this, field, -1);
    }

    At element(String array, int i) {
        return new At(this, array, i);
    }

    // A root that is empty or ends in a space is a prefix: its first field follows without a dot.
    private boolean isPrefix() {
        return parent == null && (name.isEmpty() || name.endsWith(" "));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(64);
        appendTo(text);
        return text.toString();
    }

    private void appendTo(StringBuilder text) {
        if (parent != null) {
            parent.appendTo(text);
            if (!parent.isPrefix()) {
                text.append('.');
            }
        }
        text.append(name);
        if (index >= 0) {
            text.append('[').append(index).append(']');
        }
    }
}
