package io.aigateway.ingress.speech;

import io.aigateway.audio.NormalizedAudio;
import io.aigateway.schemas.job.BlobRef;

/** An upload after it was checked, converted to 16 kHz mono WAV and stored once: its reference and what it was. */
public record StoredAudio(BlobRef ref, NormalizedAudio audio) {}
