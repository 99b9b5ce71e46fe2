package io.aigateway.schemas.batch;

import io.aigateway.schemas.event.ErrorInfo;
import io.aigateway.schemas.job.BlobRef;

/**
 * One recording of a batch as the manifest lists it.
 *
 * @param index its place in the batch, from 0; with the batch id it names the item's jobs and correlation id
 * @param name the upload's file name or the last part of its URL, for people
 * @param sourceUrl the URL it was fetched from; null for uploads
 * @param audio the stored audio (16 kHz mono WAV), by reference; null when it could not be had
 * @param audioSeconds the audio's length
 * @param error why the item could not be had (a refused or failed download, audio that is not audio); it then never
 *     becomes a job and counts as failed from the start
 */
public record BatchItem(int index, String name, String sourceUrl, BlobRef audio, Double audioSeconds, ErrorInfo error) {

    public BatchItem {
        if (index < 0) {
            throw new IllegalArgumentException("item index must not be negative: " + index);
        }
        if ((audio == null) == (error == null)) {
            throw new IllegalArgumentException("an item has either audio or an error, not both or neither");
        }
    }
}
