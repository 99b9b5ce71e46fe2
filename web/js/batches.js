// Batches: many recordings at once, uploaded (multipart) or by URL (JSON), to POST /v1/batches; progress from the
// batch's events; results as JSON Lines for the batch and SRT or WebVTT per item, downloaded with the API key.
import { followEvents, GatewayError, getJson, request } from "./api.js";
import { $, announce, formatMillis, h, showError } from "./dom.js";
import { explainError, STATUS_WORDS } from "./words.js";

const RECENT = "gateway.recentBatches";
const RESULTS_EVERY_MS = 1500;

export function initBatches() {
  const root = $("#batches-root");
  const files = [];
  const fileInput = h("input", { type: "file", id: "batch-files", multiple: true, accept: "audio/*,.wav,.mp3,.ogg,.opus,.webm,.m4a,.flac", class: "sr-only" });
  const fileList = h("ul.file-list", { "aria-live": "polite" });
  const dropzone = h(
    "label.dropzone",
    { for: "batch-files", tabindex: "0", id: "batch-dropzone" },
    h("strong", { text: "Drop recordings here" }),
    h("span", { text: "or press to choose files (WAV; MP3, Ogg, WebM, M4A and FLAC where the gateway has ffmpeg)" }),
  );
  const urls = h("textarea", { id: "batch-urls", rows: "4", spellcheck: "false", placeholder: "https://media.example.com/calls/001.wav" });
  const language = h("input", { id: "batch-language", placeholder: "en-US", autocomplete: "off", size: "8" });
  const wordTimings = h("input", { type: "checkbox", id: "batch-words", checked: true });
  const summary = h("input", { type: "checkbox", id: "batch-summary" });
  const redact = h("input", { type: "checkbox", id: "batch-redact" });
  const webhook = h("input", { type: "url", id: "batch-webhook", placeholder: "https://hooks.example.com/batches", autocomplete: "off" });
  const submit = h("button.button.primary", { type: "submit", id: "batch-submit" }, "Start batch");
  const clear = h("button.button.ghost", { type: "button" }, "Clear");
  const errorBox = h("div.alert", { role: "alert", hidden: true, id: "batch-error" });
  const current = h("div", { id: "batch-current" });
  const earlier = h("div", { id: "batch-earlier" });

  const renderFiles = () => {
    fileList.replaceChildren(...files.map((f) => h("li", { text: `${f.name} (${size(f.size)})` })));
  };
  const addFiles = (list) => {
    for (const file of list) {
      files.push(file);
    }
    renderFiles();
  };
  fileInput.addEventListener("change", () => {
    addFiles(fileInput.files);
    fileInput.value = "";
  });
  dropzone.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      fileInput.click();
    }
  });
  for (const type of ["dragenter", "dragover"]) {
    dropzone.addEventListener(type, (e) => {
      e.preventDefault();
      dropzone.classList.add("over");
    });
  }
  for (const type of ["dragleave", "drop"]) {
    dropzone.addEventListener(type, () => dropzone.classList.remove("over"));
  }
  dropzone.addEventListener("drop", (e) => {
    e.preventDefault();
    addFiles(e.dataTransfer?.files || []);
  });
  clear.addEventListener("click", () => {
    files.length = 0;
    urls.value = "";
    renderFiles();
    showError(errorBox, null);
  });

  const form = h(
    "form.batch-form.card",
    { id: "batch-form", novalidate: true },
    fileInput,
    dropzone,
    fileList,
    h("div", {}, h("label", { for: "batch-urls", text: "Or audio URLs, one per line" }), urls,
      h("p.hint", { text: "The gateway fetches only from hosts its operators allowed (gateway.ingress.batches.fetch.allowed-hosts)." })),
    h(
      "div.form-row",
      {},
      h("label.inline-field", { for: "batch-language" }, "Language", language),
      h("label.inline-field", { for: "batch-words" }, wordTimings, "Word timings"),
      h("label.inline-field", { for: "batch-summary" }, summary, "Summary and action items"),
      h("label.inline-field", { for: "batch-redact" }, redact, "Redact personal data"),
    ),
    h("div", {}, h("label", { for: "batch-webhook", text: "Webhook when done (optional)" }), webhook),
    h("div.form-row", {}, submit, clear),
  );
  webhook.style.width = "100%";

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    showError(errorBox, null);
    const list = urls.value
      .split(/\s+/)
      .map((u) => u.trim())
      .filter(Boolean);
    if (files.length === 0 && list.length === 0) {
      showError(errorBox, new Error("Add at least one recording: drop files, or paste their URLs."));
      return;
    }
    if (files.length > 0 && list.length > 0) {
      showError(errorBox, new Error("Send either files or URLs in one batch, not both. Clear one of them."));
      return;
    }
    if (webhook.value && !webhook.checkValidity()) {
      showError(errorBox, new Error("The webhook must be a full URL (https://...)."));
      webhook.focus();
      return;
    }
    submit.disabled = true;
    try {
      let response;
      if (files.length > 0) {
        const body = new FormData();
        files.forEach((f) => body.append("file", f, f.name));
        if (language.value.trim()) {
          body.append("language", language.value.trim());
        }
        body.append("wordTimings", String(wordTimings.checked));
        body.append("redactPii", String(redact.checked));
        if (summary.checked) {
          body.append("postCall", "summary");
        }
        if (webhook.value) {
          body.append("webhookUrl", webhook.value);
        }
        response = await request("/v1/batches", { method: "POST", body });
      } else {
        response = await request("/v1/batches", {
          method: "POST",
          json: {
            urls: list,
            language: language.value.trim() || undefined,
            wordTimings: wordTimings.checked,
            redactPii: redact.checked,
            postCall: summary.checked ? "summary" : undefined,
            webhookUrl: webhook.value || undefined,
          },
        });
      }
      const accepted = await response.json();
      remember(accepted, files.length ? files.map((f) => f.name) : list);
      files.length = 0;
      urls.value = "";
      renderFiles();
      announce(`Batch started: ${accepted.total} recording${accepted.total === 1 ? "" : "s"}.`);
      if (accepted.webhook?.secret) {
        announce("Keep the webhook secret shown with the batch: it is shown only once.");
      }
      watch(current, accepted.batchId, accepted);
      renderEarlier(earlier, current);
    } catch (error) {
      showError(errorBox, error);
      if (error instanceof GatewayError && error.errors?.length) {
        errorBox.append(h("ul", {}, error.errors.map((x) => h("li", { text: `${x.field}: ${x.message}` }))));
      }
    } finally {
      submit.disabled = false;
    }
  });

  root.replaceChildren(form, errorBox, current, earlier);
  return () => renderEarlier(earlier, current);
}

function size(bytes) {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function recentBatches() {
  try {
    const list = JSON.parse(localStorage.getItem(RECENT) || "[]");
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

function remember(accepted, names) {
  const list = recentBatches().filter((b) => b.batchId !== accepted.batchId);
  list.unshift({ batchId: accepted.batchId, total: accepted.total, label: names.slice(0, 3).join(", "), at: new Date().toISOString() });
  localStorage.setItem(RECENT, JSON.stringify(list.slice(0, 20)));
}

function renderEarlier(container, current) {
  const list = recentBatches();
  if (list.length === 0) {
    container.replaceChildren();
    return;
  }
  container.replaceChildren(
    h("h2.section-title", { text: "Earlier batches" }),
    h(
      "ul.file-list",
      {},
      list.map((b) =>
        h(
          "li",
          {},
          h("button.button.ghost.small", { type: "button", onclick: () => watch(current, b.batchId) }, b.batchId),
          ` ${b.total} recording${b.total === 1 ? "" : "s"}: ${b.label} (${new Date(b.at).toLocaleString()})`,
        ),
      ),
    ),
  );
}

let watching = null;

/** Shows one batch and follows it until it completes. */
async function watch(container, batchId, accepted) {
  watching?.abort();
  const controller = new AbortController();
  watching = controller;
  const view = batchView(batchId, accepted);
  container.replaceChildren(view.root);
  view.root.scrollIntoView({ behavior: "smooth", block: "start" });
  let lastResults = 0;
  const refreshResults = async (force) => {
    if (!force && Date.now() - lastResults < RESULTS_EVERY_MS) {
      return;
    }
    lastResults = Date.now();
    try {
      const text = await (await request(`/v1/batches/${batchId}/results`, { signal: controller.signal })).text();
      view.items(text.split("\n").filter(Boolean).map((line) => JSON.parse(line)));
    } catch {
      // the results are read again on the next progress
    }
  };
  try {
    const state = await getJson(`/v1/batches/${batchId}`, { signal: controller.signal });
    view.progress(state);
    refreshResults(true);
    if (state.status !== "completed") {
      await followEvents(`/v1/batches/${batchId}/events`, {
        signal: controller.signal,
        isLast: (type, data) => data?.status === "completed",
        onEvent: (type, data) => {
          if (data && data.batchId) {
            view.progress(data);
            refreshResults(data.status === "completed");
          }
        },
      });
    }
    await refreshResults(true);
  } catch (error) {
    if (!controller.signal.aborted) {
      view.error(error);
    }
  }
}

function batchView(batchId, accepted) {
  const percent = h("span.percent", { text: "0%" });
  const bar = h("span");
  const progress = h("div.progress", {
    role: "progressbar",
    "aria-label": "Batch progress",
    "aria-valuemin": "0",
    "aria-valuemax": "100",
    "aria-valuenow": "0",
    id: "batch-progress",
  }, bar);
  const badge = h("span.badge.queued", { text: "Queued" });
  const counts = h("div.counts", { "aria-live": "polite" });
  const downloads = h("div.downloads");
  const errorBox = h("div.alert", { role: "alert", hidden: true });
  const tbody = h("tbody");
  const secret = accepted?.webhook?.secret
    ? h("p.note", {}, "Webhook secret (shown only now, keep it to verify deliveries): ", h("code", { text: accepted.webhook.secret }))
    : null;
  const root = h(
    "section.card.batch-card",
    { "aria-label": `Batch ${batchId}`, id: "batch-card", dataset: { batchId } },
    h("div.batch-head", {}, h("div", {}, h("h2.card-title", { text: "Batch" }), h("span.mono", { text: batchId })), h("div", {}, badge, " ", percent)),
    progress,
    counts,
    secret,
    downloads,
    errorBox,
    h(
      "div.table-wrap",
      {},
      h(
        "table.items",
        {},
        h("caption.sr-only", { text: "Recordings" }),
        h("thead", {}, h("tr", {}, ["#", "Recording", "Status", "Transcript", "Subtitles"].map((t) => h("th", { scope: "col", text: t })))),
        tbody,
      ),
    ),
  );
  if (accepted?.items) {
    tbody.replaceChildren(...accepted.items.map((item) => row(batchId, item)));
  }
  let completed = false;
  return {
    root,
    progress(state) {
      const value = Math.round((state.progress || 0) * 100);
      percent.textContent = `${value}%`;
      bar.style.width = `${value}%`;
      progress.setAttribute("aria-valuenow", String(value));
      progress.setAttribute("aria-valuetext", `${state.done || 0} of ${state.total} recordings done`);
      badge.className = `badge ${state.status}`;
      badge.textContent = STATUS_WORDS[state.status] || state.status;
      const c = state.counts || {};
      const parts = [
        `${state.done || 0} of ${state.total} done`,
        `${c.completed || 0} transcribed`,
        c.failed ? `${c.failed} failed` : null,
        c.running ? `${c.running} running` : null,
        state.audioSecondsDone ? `${state.audioSecondsDone.toFixed(1)} s of audio` : null,
        state.status !== "completed" && state.estimatedSecondsLeft !== undefined ? `about ${formatMillis(state.estimatedSecondsLeft * 1000)} left` : null,
        state.webhook?.delivered ? "webhook delivered" : null,
      ];
      counts.replaceChildren(...parts.filter(Boolean).map((p) => h("span", { text: p })));
      if (state.status === "completed" && !completed) {
        completed = true;
        downloads.replaceChildren(
          ...[
            download("Download JSON Lines", `/v1/batches/${batchId}/results`, `${batchId}.jsonl`),
            c.failed ? download("Failed items only", `/v1/batches/${batchId}/results?status=failed`, `${batchId}-failed.jsonl`) : null,
            c.failed ? retryButton(batchId, root) : null,
          ].filter(Boolean),
        );
      }
    },
    items(results) {
      tbody.replaceChildren(...results.map((item) => row(batchId, item)));
    },
    error(error) {
      showError(errorBox, error);
    },
  };
}

function row(batchId, item) {
  const status = item.status || "queued";
  let text = "";
  if (item.error) {
    text = `${explainError(item.error)} (${item.error.code})`;
  } else if (item.transcript) {
    text = item.transcript.text || "(no words)";
    if (item.summary) {
      text += `\nSummary: ${item.summary}`;
    }
  }
  const subtitles = item.transcript
    ? h(
        "div.downloads",
        {},
        download("SRT", `/v1/batches/${batchId}/items/${item.index}/srt`, `${batchId}-${item.index}.srt`, true),
        download("WebVTT", `/v1/batches/${batchId}/items/${item.index}/vtt`, `${batchId}-${item.index}.vtt`, true),
      )
    : "";
  return h(
    "tr",
    { dataset: { index: String(item.index) } },
    h("td", { text: String(item.index + 1) }),
    h("td", { text: item.name || "" }),
    h("td", {}, h("span", { class: `badge ${status}`, text: STATUS_WORDS[status] || status })),
    h("td.text", { text }),
    h("td", {}, subtitles),
  );
}

/** A button that downloads with the API key (a plain link could not send it). */
function download(label, path, filename, small = false) {
  const button = h(`button.button${small ? ".small" : ""}`, { type: "button", dataset: { download: filename } }, label);
  button.addEventListener("click", async () => {
    const original = button.textContent;
    button.disabled = true;
    try {
      const blob = await (await request(path)).blob();
      const url = URL.createObjectURL(blob);
      const link = h("a", { href: url, download: filename, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (error) {
      announce(error.message);
    } finally {
      button.disabled = false;
      button.textContent = original;
    }
  });
  return button;
}

function retryButton(batchId, root) {
  const button = h("button.button", { type: "button" }, "Retry failed items");
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await request(`/v1/batches/${batchId}/retry`, { method: "POST", json: {} });
      announce("Retrying the failed items.");
      watch(root.parentElement, batchId);
    } catch (error) {
      announce(error.message);
      button.disabled = false;
    }
  });
  return button;
}
