package io.aigateway.schemas;

/**
 * The version of the message contracts this jar writes. Readers accept any version and ignore fields they do not know,
 * so an old worker keeps running beside a newer ingress; a breaking change would need a new topic, not a new number.
 */
public final class SchemaVersion {

    public static final int CURRENT = 1;

    private SchemaVersion() {}
}
