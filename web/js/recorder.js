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

  /**
   * The audio graph is made once and kept (suspended between recordings), so that a recording starts as soon as the
   * microphone opens and the first syllable is not lost while the worklet loads.
   */
  async #prepare() {
    if (this.context) {
      if (this.context.state === "suspended") {
        await this.context.resume();
      }
      return;
    }
    const Context = window.AudioContext || window.webkitAudioContext;
    const context = new Context();
    // a muted sink keeps the graph pulled without playing the microphone back
    const sink = context.createGain();
    sink.gain.value = 0;
    sink.connect(context.destination);
    const take = (block) => {
      if (!this.recording) {
        return;
      }
      this.chunks.push(block);
      let peak = 0;
      for (let i = 0; i < block.length; i += 8) {
        peak = Math.max(peak, Math.abs(block[i]));
      }
      this.onLevel(Math.min(1, peak * 1.5));
    };
    let node;
    if (context.audioWorklet) {
      await context.audioWorklet.addModule(new URL("./recorder-worklet.js", import.meta.url));
      node = new AudioWorkletNode(context, "pcm-capture");
      node.port.onmessage = (e) => take(e.data);
    } else {
      // older browsers: the deprecated ScriptProcessorNode does the same on the main thread
      node = context.createScriptProcessor(4096, 1, 1);
      node.onaudioprocess = (e) => take(new Float32Array(e.inputBuffer.getChannelData(0)));
    }
    node.connect(sink);
    this.context = context;
    this.node = node;
    if (context.state === "suspended") {
      await context.resume();
    }
  }

  async start() {
    this.chunks = [];
    await this.#prepare();
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
    this.source = this.context.createMediaStreamSource(this.stream);
    this.node.port?.postMessage("reset");
    this.recording = true;
    this.source.connect(this.node);
  }

  /** Stops and answers {wav: Blob, seconds}. */
  async stop() {
    const rate = this.context?.sampleRate || TARGET_RATE;
    // let the last samples through the audio thread
    this.node?.port?.postMessage("flush");
    await new Promise((resolve) => setTimeout(resolve, 120));
    this.release();
    const samples = resample(concat(this.chunks), rate, TARGET_RATE);
    this.chunks = [];
    return { wav: encodeWav(samples, TARGET_RATE), seconds: samples.length / TARGET_RATE };
  }

  release() {
    this.recording = false;
    try {
      this.source?.disconnect();
    } catch {
      // already disconnected
    }
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    this.source = null;
    this.context?.suspend();
    this.onLevel(0);
  }
}
