// Batches: placeholder until the batch API lands (issue 7).
import { $, h } from "./dom.js";

export function initBatches() {
  $("#batches-root").replaceChildren(h("p.note", { text: "Batch transcription is coming soon." }));
  return null;
}
