package io.aigateway.pipeline.blob;

/** The blob a reference names is not in the store. */
public class BlobNotFoundException extends RuntimeException {

    public BlobNotFoundException(String uri) {
        super("blob not found: " + uri);
    }
}
