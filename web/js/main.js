// The page's shell: views by URL fragment (#chat, #voice, #jobs, #batches, #operators), the settings dialog with the
// API key, and the key's state in the top bar.
import { getJson, onSettingsChange, settings } from "./api.js";
import { $, $$, announce } from "./dom.js";
import { initChat } from "./chat.js";
import { initVoice } from "./voice.js";
import { initJobs } from "./jobs.js";
import { initBatches } from "./batches.js";
import { initOperators } from "./operators.js";

const VIEWS = ["chat", "voice", "jobs", "batches", "operators"];
const shown = new Map();
let keyRefused = false;

function viewFromHash() {
  const name = window.location.hash.replace(/^#/, "").split("/")[0];
  return VIEWS.includes(name) ? name : "chat";
}

function show(name, { focus = true } = {}) {
  for (const section of $$("section.view")) {
    section.hidden = section.dataset.view !== name;
  }
  for (const link of $$(".tabs a")) {
    if (link.dataset.view === name) {
      link.setAttribute("aria-current", "page");
    } else {
      link.removeAttribute("aria-current");
    }
  }
  document.title = `${name.charAt(0).toUpperCase()}${name.slice(1)} · AI Gateway`;
  shown.get(name)?.();
  if (focus) {
    $(`#${name}-title`)?.focus({ preventScroll: true });
  }
}

function renderKeyState() {
  const button = $("#open-settings");
  const state = keyRefused ? "refused" : settings.key ? "set" : "none";
  button.dataset.state = state;
  $("#key-state").textContent =
    state === "refused" ? "Key refused" : state === "set" ? `Key …${settings.key.slice(-4)}` : "API key";
  const banner = $("#key-banner");
  banner.hidden = !keyRefused;
  $("#key-banner-text").textContent = settings.key
    ? "The gateway did not accept your API key."
    : "This gateway needs an API key.";
}

function initSettings() {
  const dialog = $("#settings");
  const key = $("#settings-key");
  const base = $("#settings-base");
  const status = $("#settings-status");
  const open = () => {
    key.value = settings.key;
    base.value = settings.savedBase;
    status.textContent = "";
    dialog.showModal();
    key.focus();
  };
  $("#open-settings").addEventListener("click", open);
  $("#key-banner-open").addEventListener("click", open);
  $("#settings-cancel").addEventListener("click", () => dialog.close());
  $("#settings-show").addEventListener("click", (e) => {
    const showing = key.type === "text";
    key.type = showing ? "password" : "text";
    e.currentTarget.textContent = showing ? "Show" : "Hide";
    e.currentTarget.setAttribute("aria-pressed", String(!showing));
  });
  $("#settings-forget").addEventListener("click", () => {
    key.value = "";
    settings.key = "";
    keyRefused = false;
    renderKeyState();
    status.textContent = "The key was removed from this browser.";
  });
  $("#settings-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    if (base.value && !base.checkValidity()) {
      status.textContent = "The gateway address must be a full URL, such as https://gateway.example.com.";
      base.focus();
      return;
    }
    settings.base = base.value;
    settings.key = key.value;
    keyRefused = false;
    status.textContent = "Checking…";
    try {
      await getJson("/v1/registry");
      dialog.close();
      announce(settings.key ? "Saved. The gateway accepts this key." : "Saved.");
      shown.get(viewFromHash())?.();
      loadChoices();
    } catch (error) {
      status.textContent = `Saved, but: ${error.message}`;
    }
    renderKeyState();
  });
}

/** Fills the model and voice pickers from the registry; quietly leaves the defaults when it cannot be read. */
async function loadChoices() {
  try {
    const registry = await getJson("/v1/registry");
    const models = (registry.routes || []).map((r) => r.model);
    fill($("#chat-model"), models, "Gateway default");
    const voices = (registry.capabilities?.tts || [])
      .filter((p) => p.status === "ready")
      .flatMap((p) => p.voices || []);
    fill($("#voice-voice"), [...new Set(voices)], "Default");
  } catch {
    // the views report errors when they are used
  }
}

function fill(select, values, defaultLabel) {
  const current = select.value;
  select.replaceChildren(new Option(defaultLabel, ""), ...values.map((v) => new Option(v, v)));
  if (values.includes(current)) {
    select.value = current;
  }
}

onSettingsChange((detail) => {
  if (detail.unauthorized) {
    keyRefused = true;
  }
  renderKeyState();
});

const views = {
  chat: initChat,
  voice: initVoice,
  jobs: initJobs,
  batches: initBatches,
  operators: initOperators,
};
for (const [name, init] of Object.entries(views)) {
  const onShow = init();
  if (onShow) {
    shown.set(name, onShow);
  }
}
initSettings();
renderKeyState();
window.addEventListener("hashchange", () => show(viewFromHash()));
show(viewFromHash(), { focus: false });
loadChoices();
document.documentElement.dataset.ready = "true";
