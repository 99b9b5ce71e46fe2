// Voice: hold to talk, or click to start and click again to send. The recording goes to POST /v1/voice as 16 kHz WAV (stt, rag, llm, tts); the steps light up
// from the job's events, the transcript and the answer appear as they come, and the spoken answer plays.
import { fetchJobAudio, followEvents, request } from "./api.js";
import { $, $$, showError } from "./dom.js";
import { rememberJob } from "./recent.js";
import { Recorder } from "./recorder.js";
import { explainError } from "./words.js";

const STATE_WORDS = { active: "in progress", done: "done", failed: "failed", "": "waiting" };
const MIN_SECONDS = 0.4;
// a press shorter than this is a click: the recording goes on until the next press
const CLICK_MS = 350;

export function initVoice() {
  const talk = $("#talk");
  const label = $("#talk-label");
  const status = $("#voice-status");
  const errorBox = $("#voice-error");
  const level = $("#voice-level");
  const result = $("#voice-result");
  const transcript = $("#voice-transcript");
  const answer = $("#voice-answer");
  const audio = $("#voice-audio");
  const metaLine = $("#voice-meta");
  const voice = $("#voice-voice");
  const recorder = new Recorder({ onLevel: (v) => (level.style.width = `${Math.round(v * 100)}%`) });
  let starting = null;
  let recording = false;
  /** While recording: "hold" (ends on release) or "toggle" (started by a click, ends on the next press). */
  let mode = null;
  let pressedAt = 0;
  let turn = null;
  let audioUrl = null;

  const setStep = (step, state) => {
    const item = $(`#voice-steps li[data-step="${step}"]`);
    if (item) {
      item.dataset.state = state;
      $(".step-state", item).textContent = STATE_WORDS[state] ?? state;
    }
  };
  const resetSteps = () => $$("#voice-steps li").forEach((li) => setStep(li.dataset.step, ""));

  async function begin() {
    if (recording || starting) {
      return;
    }
    if (!Recorder.supported()) {
      showError(errorBox, new Error("This browser cannot record audio here. Send a recording file instead."));
      return;
    }
    turn?.abort();
    audio.pause();
    showError(errorBox, null);
    recording = true;
    talk.setAttribute("aria-pressed", "true");
    label.textContent = "Listening… release to send";
    status.textContent = "Listening";
    starting = recorder.start().catch((error) => {
      recording = false;
      mode = null;
      talk.setAttribute("aria-pressed", "false");
      label.textContent = "Hold to talk";
      status.textContent = "";
      showError(errorBox, microphoneError(error));
      throw error;
    });
    try {
      await starting;
    } catch {
      // shown above
    } finally {
      starting = null;
    }
  }

  async function end() {
    if (!recording) {
      return;
    }
    if (starting) {
      try {
        await starting;
      } catch {
        return;
      }
    }
    recording = false;
    mode = null;
    talk.setAttribute("aria-pressed", "false");
    label.textContent = "Hold to talk";
    const { wav, seconds } = await recorder.stop();
    if (seconds < MIN_SECONDS) {
      status.textContent = "That was too short. Hold the button while you speak, or click it once to start and again to send.";
      return;
    }
    await ask(wav, "audio/wav", `${seconds.toFixed(1)} s of speech`);
  }

  async function ask(body, type, what) {
    const controller = new AbortController();
    turn = controller;
    resetSteps();
    result.hidden = false;
    transcript.textContent = "";
    answer.textContent = "";
    metaLine.textContent = "";
    audio.removeAttribute("src");
    delete audio.dataset.jobId;
    status.textContent = `Sending ${what}…`;
    let answerText = "";
    let current = null;
    try {
      const query = new URLSearchParams();
      if (voice.value) {
        query.set("voice", voice.value);
      }
      const search = query.toString();
      const response = await request(`/v1/voice${search ? `?${search}` : ""}`, {
        method: "POST",
        body,
        headers: { "Content-Type": type },
        signal: controller.signal,
      });
      const accepted = await response.json();
      rememberJob({ jobId: accepted.jobId, kind: "Voice", label: what });
      status.textContent = "Working on it…";
      let completed = null;
      await followEvents(accepted.links?.events || `/v1/jobs/${accepted.jobId}/events`, {
        signal: controller.signal,
        onEvent: (kind, event) => {
          if (kind === "step_started") {
            current = event.step;
            setStep(event.step, "active");
          } else if (kind === "step_completed") {
            setStep(event.step, "done");
            if (event.step === "stt" && event.output?.transcript) {
              transcript.textContent = event.output.transcript.text || "(no words recognized)";
            } else if (event.step === "llm" && event.output?.answer) {
              answerText = event.output.answer.text || answerText;
              answer.textContent = answerText;
            }
          } else if (kind === "delta") {
            if (event.step === "stt") {
              transcript.textContent = event.text;
            } else if (event.step === "llm") {
              answerText += event.text;
              answer.textContent = answerText;
            }
          } else if (kind === "completed") {
            completed = event;
          } else if (kind === "failed") {
            if (current) {
              setStep(current, "failed");
            }
            throw Object.assign(new Error(explainError(event.error)), { code: event.error?.code });
          } else if (kind === "cancelled") {
            throw new Error("The job was cancelled.");
          }
        },
      });
      const r = completed?.result || {};
      if (r.transcript?.text !== undefined) {
        transcript.textContent = r.transcript.text || "(no words recognized)";
      }
      if (r.answer?.text) {
        answer.textContent = r.answer.text;
      }
      metaLine.textContent = [accepted.jobId, r.answer?.model].filter(Boolean).join(" · ");
      status.textContent = "Fetching the spoken answer…";
      const spoken = await fetchJobAudio(accepted.jobId, { signal: controller.signal });
      if (audioUrl) {
        URL.revokeObjectURL(audioUrl);
      }
      audioUrl = URL.createObjectURL(spoken);
      audio.src = audioUrl;
      audio.dataset.jobId = accepted.jobId;
      try {
        await audio.play();
        status.textContent = "Speaking the answer.";
      } catch {
        status.textContent = "The answer is ready: press play to hear it.";
      }
    } catch (error) {
      if (controller.signal.aborted) {
        return;
      }
      status.textContent = "";
      showError(errorBox, error);
    } finally {
      if (turn === controller) {
        turn = null;
      }
    }
  }

  audio.addEventListener("ended", () => {
    status.textContent = "Done. Hold or click the button to ask again.";
  });

  // A press starts recording; its release sends, unless it was a click (shorter than CLICK_MS): then the recording
  // goes on until the next press. So the button works held (mouse, finger, Space or Enter) and clicked, for anyone who
  // cannot hold a key or a finger down.
  function press() {
    if (mode === "toggle" && recording) {
      end();
      return;
    }
    pressedAt = performance.now();
    mode = "hold";
    begin();
  }
  function release() {
    if (mode !== "hold") {
      return;
    }
    if (!recording) {
      mode = null; // nothing started (no microphone, or it was refused): the next press starts afresh
      return;
    }
    if (performance.now() - pressedAt < CLICK_MS) {
      mode = "toggle";
      label.textContent = "Listening… press again to send";
      status.textContent = "Listening: press the button again to send.";
      return;
    }
    end();
  }
  // a hold that is interrupted (the pointer lost, focus moved away) sends what was said; a click-started one goes on
  function interrupted() {
    if (mode === "hold") {
      end();
    }
  }

  talk.addEventListener("pointerdown", (e) => {
    if (e.button !== 0) {
      return;
    }
    e.preventDefault();
    talk.setPointerCapture?.(e.pointerId);
    press();
  });
  talk.addEventListener("pointerup", () => release());
  for (const type of ["pointercancel", "lostpointercapture"]) {
    talk.addEventListener(type, () => interrupted());
  }
  talk.addEventListener("contextmenu", (e) => e.preventDefault());
  talk.addEventListener("keydown", (e) => {
    if (e.key === " " || e.key === "Enter") {
      e.preventDefault();
      if (!e.repeat) {
        press();
      }
    }
  });
  talk.addEventListener("keyup", (e) => {
    if (e.key === " " || e.key === "Enter") {
      e.preventDefault();
      release();
    }
  });
  talk.addEventListener("blur", () => interrupted());
  // a click with no pointer or key behind it (detail 0: a screen reader's activation) toggles
  talk.addEventListener("click", (e) => {
    if (e.detail !== 0) {
      return;
    }
    if (recording) {
      end();
    } else {
      mode = "toggle";
      begin().then(() => {
        if (recording) {
          label.textContent = "Listening… press again to send";
        }
      });
    }
  });

  $("#voice-file").addEventListener("change", async (e) => {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file) {
      return;
    }
    turn?.abort();
    showError(errorBox, null);
    await ask(file, file.type || "application/octet-stream", file.name);
  });

  return () => talk.focus({ preventScroll: true });
}

function microphoneError(error) {
  if (error?.name === "NotAllowedError" || error?.name === "SecurityError") {
    return new Error("The browser did not allow the microphone. Allow it for this site and try again.");
  }
  if (error?.name === "NotFoundError") {
    return new Error("No microphone was found. Connect one, or send a recording file instead.");
  }
  return new Error(`The microphone could not be started: ${error?.message || error}`);
}


