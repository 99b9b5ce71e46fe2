// Runs on the audio thread: hands the microphone's first channel to the page in blocks of about 85 ms.
class PcmCapture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.block = new Float32Array(4096);
    this.filled = 0;
    // "flush": hand over what is buffered now (the end of a recording); "reset": drop it (a new recording starts)
    this.port.onmessage = (e) => {
      if (e.data === "flush" && this.filled > 0) {
        this.port.postMessage(this.block.slice(0, this.filled));
      }
      if (e.data === "flush" || e.data === "reset") {
        this.filled = 0;
      }
    };
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) {
      let offset = 0;
      while (offset < channel.length) {
        const n = Math.min(channel.length - offset, this.block.length - this.filled);
        this.block.set(channel.subarray(offset, offset + n), this.filled);
        this.filled += n;
        offset += n;
        if (this.filled === this.block.length) {
          this.port.postMessage(this.block);
          this.block = new Float32Array(4096);
          this.filled = 0;
        }
      }
    }
    return true;
  }
}

registerProcessor("pcm-capture", PcmCapture);
