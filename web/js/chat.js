// Chat: a question goes to POST /v1/chat (retrieval, then the LLM) with the earlier turns; the answer streams in from
// the job's events (delta), its sources come with the retrieval step's output. Stop aborts the stream.
import { followEvents, postJson } from "./api.js";
import { $, h, showError } from "./dom.js";
import { rememberJob } from "./recent.js";
import { explainError } from "./words.js";

// What the ingress takes (gateway.ingress.max-messages and max-input-chars): at most 50 earlier messages, and 32,000
// characters of input in all, the question and the earlier messages together. The oldest turns are left out first, so
// a long conversation keeps getting answers instead of 400 input_too_long.
const MAX_MESSAGES = 50;
const MAX_INPUT_CHARS = 32000;

/** The most recent whole turns (a question and its answer) that fit beside the question. */
export function earlierTurns(turns, question) {
  let budget = MAX_INPUT_CHARS - question.length;
  const kept = [];
  for (let i = turns.length - 2; i >= 0; i -= 2) {
    const size = turns[i].content.length + turns[i + 1].content.length;
    if (kept.length + 2 > MAX_MESSAGES || size > budget) {
      break;
    }
    budget -= size;
    kept.unshift(turns[i], turns[i + 1]);
  }
  return kept;
}

export function initChat() {
  const log = $("#chat-log");
  const form = $("#chat-form");
  const input = $("#chat-input");
  const send = $("#chat-send");
  const stop = $("#chat-stop");
  const errorBox = $("#chat-error");
  const model = $("#chat-model");
  /** The conversation so far, as the API takes it: {role, content}. */
  let turns = [];
  let running = null;

  const grow = () => {
    input.style.height = "auto";
    input.style.height = `${Math.min(input.scrollHeight, window.innerHeight * 0.4)}px`;
  };
  input.addEventListener("input", grow);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  for (const chip of log.querySelectorAll("[data-suggestion]")) {
    chip.addEventListener("click", () => {
      input.value = chip.textContent;
      form.requestSubmit();
    });
  }
  $("#chat-new").addEventListener("click", () => {
    running?.abort();
    turns = [];
    for (const message of log.querySelectorAll(".message")) {
      message.remove();
    }
    $("#chat-empty").hidden = false;
    showError(errorBox, null);
    input.focus();
  });
  stop.addEventListener("click", () => running?.abort());

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const question = input.value.trim();
    if (!question || running) {
      return;
    }
    showError(errorBox, null);
    $("#chat-empty").hidden = true;
    input.value = "";
    grow();
    log.append(h("div.message.user", {}, h("div.bubble", { text: question })));
    const answer = answerElement();
    log.append(answer.root);
    answer.root.scrollIntoView({ block: "end", behavior: "smooth" });

    const controller = new AbortController();
    running = controller;
    send.hidden = true;
    stop.hidden = false;
    const earlier = earlierTurns(turns, question);
    let text = "";
    let answered = false;
    try {
      const options = model.value ? { model: model.value } : {};
      const accepted = await postJson(
        "/v1/chat",
        { message: question, messages: earlier, options },
        { signal: controller.signal },
      );
      rememberJob({ jobId: accepted.jobId, kind: "Chat", label: question });
      answer.root.dataset.jobId = accepted.jobId;
      await followEvents(accepted.links?.events || `/v1/jobs/${accepted.jobId}/events`, {
        signal: controller.signal,
        onEvent: (type, event) => {
          if (type === "delta" && event.step === "llm") {
            text += event.text;
            answer.text.textContent = text;
            keepInView(answer.root);
          } else if (type === "step_completed" && event.step === "rag") {
            answer.showSources(event.output?.passages);
          } else if (type === "completed") {
            answered = true;
            const result = event.result || {};
            if (result.answer?.text) {
              text = result.answer.text;
              answer.text.textContent = text;
            }
            answer.showSources(result.passages);
            answer.finish(meta(result.answer, event));
          } else if (type === "failed") {
            answer.fail(explainError(event.error), event.error);
          } else if (type === "cancelled") {
            answer.fail("The job was cancelled.");
          }
        },
      });
      // a turn is remembered only with its answer: a failed or empty one would only mislead the next answer
      if (answered && text) {
        turns.push({ role: "user", content: question }, { role: "assistant", content: text });
      }
    } catch (error) {
      if (controller.signal.aborted) {
        answer.stopped();
        if (text) {
          turns.push({ role: "user", content: question }, { role: "assistant", content: text });
        }
      } else {
        answer.fail("No answer.");
        showError(errorBox, error);
      }
    } finally {
      answer.done();
      running = null;
      send.hidden = false;
      stop.hidden = true;
      input.focus();
    }
  });

  return () => input.focus({ preventScroll: true });
}

function keepInView(element) {
  const rect = element.getBoundingClientRect();
  if (rect.bottom > window.innerHeight - 120) {
    window.scrollBy({ top: rect.bottom - window.innerHeight + 140 });
  }
}

function meta(answer, event) {
  if (!answer) {
    return "";
  }
  const parts = [];
  if (answer.model) {
    parts.push(answer.model);
  }
  if (answer.usage?.provider) {
    parts.push(`via ${answer.usage.provider}`);
  }
  if (answer.completionTokens) {
    parts.push(`${answer.completionTokens} tokens`);
  }
  if (event.jobId) {
    parts.push(event.jobId);
  }
  return parts.join(" · ");
}

/** One assistant message: the streamed text (aria-busy while it streams, so screen readers read it once whole). */
function answerElement() {
  const text = h("div.answer-text", { "aria-live": "polite", "aria-busy": "true" });
  const bubble = h("div.bubble", {}, text);
  const root = h("div.message.assistant.streaming", {}, bubble);
  let sources = null;
  return {
    root,
    text,
    showSources(passages) {
      if (!passages || passages.length === 0 || sources) {
        return;
      }
      sources = h(
        "details.sources",
        {},
        h("summary", {}, `Sources (${passages.length})`),
        h(
          "ol",
          {},
          passages.map((p) =>
            h(
              "li",
              {},
              h("div.source-title", { text: p.title || p.documentId }),
              h("div.source-text", { text: p.text || "" }),
              h("div.meta", { text: [p.documentId, p.source].filter(Boolean).join(" · ") }),
            ),
          ),
        ),
      );
      bubble.append(sources);
    },
    finish(line) {
      if (line) {
        root.append(h("p.meta", { text: line }));
      }
    },
    stopped() {
      root.classList.add("was-stopped");
      bubble.append(h("div.stopped", { text: "Stopped." }));
    },
    fail(message, error) {
      root.classList.add("was-failed");
      bubble.append(h("div.failed-note", { text: message, title: error?.message || "" }));
    },
    done() {
      root.classList.remove("streaming");
      text.setAttribute("aria-busy", "false");
    },
  };
}
