// Server-Sent Events over fetch(): EventSource cannot send an Authorization header, so the page reads the stream
// itself. The parser follows the WHATWG event-stream rules (fields id, event, data, retry; comments; CR, LF, CRLF).

/** Splits an event stream into events; push() text as it arrives, each complete event goes to onEvent. */
export class SseParser {
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buffer = "";
    this.pendingCr = false;
    this.lastEventId = undefined;
    this.#reset();
  }

  #reset() {
    this.type = "";
    this.data = [];
    this.hasData = false;
  }

  push(text) {
    if (this.pendingCr && text.startsWith("\n")) {
      text = text.slice(1);
    }
    this.pendingCr = text.endsWith("\r");
    this.buffer += text;
    const lines = this.buffer.split(/\r\n|\r|\n/);
    this.buffer = lines.pop();
    for (const line of lines) {
      this.#line(line);
    }
  }

  #line(line) {
    if (line === "") {
      if (this.hasData) {
        this.onEvent({ id: this.lastEventId, event: this.type || "message", data: this.data.join("\n") });
      }
      this.#reset();
      return;
    }
    if (line.startsWith(":")) {
      return; // a comment: the gateway's heartbeat
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) {
      value = value.slice(1);
    }
    if (field === "event") {
      this.type = value;
    } else if (field === "data") {
      this.data.push(value);
      this.hasData = true;
    } else if (field === "id" && !value.includes("\0")) {
      this.lastEventId = value;
    }
  }
}

/** Reads a fetch() response body as events; resolves when the server closes the stream. */
export async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser(onEvent);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      parser.push(value);
    }
  } finally {
    reader.releaseLock();
  }
}
