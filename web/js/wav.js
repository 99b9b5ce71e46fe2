// 16 kHz mono 16-bit WAV from the browser's samples: the gateway's speech engines want 16 kHz, and sending it already
// at that rate keeps uploads small (32 KB a second).

export const TARGET_RATE = 16000;

/**
 * Resamples mono float samples from one rate to another with a windowed-sinc low-pass filter (Hann window, cut off
 * just below the new Nyquist frequency), so that speech above 8 kHz does not fold back as noise.
 */
export function resample(samples, fromRate, toRate = TARGET_RATE) {
  if (fromRate === toRate) {
    return Float32Array.from(samples);
  }
  const ratio = fromRate / toRate;
  const length = Math.floor(samples.length / ratio);
  const out = new Float32Array(length);
  // cut-off in cycles per input sample: 0.45 of the output rate, or of the input rate when upsampling
  const cutoff = (0.45 * Math.min(fromRate, toRate)) / fromRate;
  const half = Math.ceil(8 * Math.max(ratio, 1));
  for (let i = 0; i < length; i++) {
    const center = i * ratio;
    const first = Math.max(0, Math.ceil(center - half));
    const last = Math.min(samples.length - 1, Math.floor(center + half));
    let sum = 0;
    let weight = 0;
    for (let j = first; j <= last; j++) {
      const x = j - center;
      const window = 0.5 + 0.5 * Math.cos((Math.PI * x) / half);
      const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
      const k = sinc * window;
      sum += samples[j] * k;
      weight += k;
    }
    out[i] = weight === 0 ? 0 : sum / weight;
  }
  return out;
}

/** A WAV file (RIFF, PCM, 16-bit little-endian, one channel) of float samples in [-1, 1]. */
export function encodeWav(samples, sampleRate = TARGET_RATE) {
  const bytes = samples.length * 2;
  const buffer = new ArrayBuffer(44 + bytes);
  const view = new DataView(buffer);
  const ascii = (offset, text) => {
    for (let i = 0; i < text.length; i++) {
      view.setUint8(offset + i, text.charCodeAt(i));
    }
  };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + bytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // bytes per second
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, "data");
  view.setUint32(40, bytes, true);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    view.setInt16(44 + i * 2, s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff), true);
  }
  return new Blob([buffer], { type: "audio/wav" });
}

/** Joins recorded chunks into one array. */
export function concat(chunks) {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Float32Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
