// Records the microphone with the Web Audio API and gives back a 16 kHz mono 16-bit WAV, encoded here in JavaScript
// (MediaRecorder would give Opus in WebM, which the gateway can only read where ffmpeg is installed).
import { concat, encodeWav, resample, TARGET_RATE } from "./wav.js";

export class Recorder {
  /** onLevel(0..1) is called about 12 times a second while recording, for a level meter. */
  constructor({ onLevel = () => {} } = {}) {
    this.onLevel = onLevel;
    this.chunks = [];
  }

  static supported() {
    return Boolean(navigator.mediaDevices?.getUserMedia && (window.AudioContext || window.webkitAudioContext));
  }

  async start() {
    this.chunks = [];
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
    const Context = window.AudioContext || window.webkitAudioContext;
    this.context = new Context();
    if (this.context.state === "suspended") {
      await this.context.resume();
    }
    this.source = this.context.createMediaStreamSource(this.stream);
    // a muted sink keeps the graph pulled without playing the microphone back
    this.sink = this.context.createGain();
    this.sink.gain.value = 0;
    this.sink.connect(this.context.destination);
    const take = (block) => {
      this.chunks.push(block);
      let peak = 0;
      for (let i = 0; i < block.length; i += 8) {
        peak = Math.max(peak, Math.abs(block[i]));
      }
      this.onLevel(Math.min(1, peak * 1.5));
    };
    if (this.context.audioWorklet) {
      await this.context.audioWorklet.addModule(new URL("./recorder-worklet.js", import.meta.url));
      this.node = new AudioWorkletNode(this.context, "pcm-capture");
      this.node.port.onmessage = (e) => take(e.data);
    } else {
      // older browsers: the deprecated ScriptProcessorNode does the same on the main thread
      this.node = this.context.createScriptProcessor(4096, 1, 1);
      this.node.onaudioprocess = (e) => take(new Float32Array(e.inputBuffer.getChannelData(0)));
    }
    this.source.connect(this.node);
    this.node.connect(this.sink);
  }

  /** Stops and answers {wav: Blob, seconds}. */
  async stop() {
    const rate = this.context?.sampleRate || TARGET_RATE;
    // let the last block through the audio thread
    await new Promise((resolve) => setTimeout(resolve, 120));
    this.release();
    const samples = resample(concat(this.chunks), rate, TARGET_RATE);
    this.chunks = [];
    return { wav: encodeWav(samples, TARGET_RATE), seconds: samples.length / TARGET_RATE };
  }

  release() {
    try {
      this.source?.disconnect();
      this.node?.disconnect();
      if (this.node?.port) {
        this.node.port.onmessage = null;
      }
    } catch {
      // already disconnected
    }
    this.stream?.getTracks().forEach((t) => t.stop());
    this.context?.close();
    this.stream = null;
    this.context = null;
    this.onLevel(0);
  }
}
