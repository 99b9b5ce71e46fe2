// Jobs: the jobs this browser sent (and any looked up by id), each read from GET /v1/jobs/{id}: route, status, each
// step's provider and time, the error in plain words, and what it produced.
import { fetchJobAudio, getJson, GatewayError } from "./api.js";
import { $, formatMillis, formatTime, h, showError } from "./dom.js";
import { forgetJobs, onRecentChange, recentJobs, rememberJob } from "./recent.js";
import { explainError, STATUS_WORDS, STEP_NAMES } from "./words.js";

const REFRESH_MS = 2000;

export function initJobs() {
  const list = $("#jobs-list");
  const errorBox = $("#jobs-error");
  const open = new Set();
  let timer = null;
  let visible = false;

  async function render() {
    clearTimeout(timer);
    showError(errorBox, null);
    const jobs = recentJobs();
    if (jobs.length === 0) {
      list.replaceChildren(
        h("div.empty", {}, h("p", {}, "No jobs yet. Ask something under Chat or Voice, or look up a job by its id.")),
      );
      return;
    }
    const states = await Promise.all(
      jobs.map((job) =>
        getJson(`/v1/jobs/${encodeURIComponent(job.jobId)}`).then(
          (state) => ({ job, state }),
          (error) => ({ job, error }),
        ),
      ),
    );
    const refused = states.find((s) => s.error && s.error.status !== 404);
    if (refused && states.every((s) => s.error)) {
      showError(errorBox, refused.error);
    }
    list.replaceChildren(...states.map((s) => card(s, open)));
    if (visible && states.some((s) => s.state && (s.state.status === "queued" || s.state.status === "running"))) {
      timer = setTimeout(render, REFRESH_MS);
    }
  }

  $("#jobs-refresh").addEventListener("click", render);
  $("#jobs-clear").addEventListener("click", () => {
    forgetJobs();
  });
  $("#jobs-lookup").addEventListener("submit", async (e) => {
    e.preventDefault();
    const id = $("#jobs-id").value.trim();
    if (!id) {
      return;
    }
    try {
      await getJson(`/v1/jobs/${encodeURIComponent(id)}`);
      open.add(id);
      rememberJob({ jobId: id, kind: "Looked up", label: id });
      $("#jobs-id").value = "";
    } catch (error) {
      showError(
        errorBox,
        error instanceof GatewayError && error.status === 404
          ? new Error(`No job ${id} (it does not exist, belongs to another tenant, or has expired).`)
          : error,
      );
    }
  });
  onRecentChange(() => visible && render());
  window.addEventListener("hashchange", () => {
    visible = window.location.hash.startsWith("#jobs");
    if (!visible) {
      clearTimeout(timer);
    }
  });

  return () => {
    visible = true;
    render();
  };
}

function card({ job, state, error }, open) {
  const details = h("details.card.job", { open: open.has(job.jobId) });
  details.addEventListener("toggle", () => (details.open ? open.add(job.jobId) : open.delete(job.jobId)));
  const status = state?.status || (error?.status === 404 ? "unknown" : "error");
  const route = state?.steps?.length ? state.steps.map((s) => s.step) : job.route || [];
  details.append(
    h(
      "summary.job-summary",
      {},
      h("span.job-title", {}, `${job.kind}: `, job.label || job.jobId),
      h("span.badge", { class: `badge ${status}` }, STATUS_WORDS[status] || (status === "unknown" ? "Not found" : "Error")),
      h(
        "span.job-sub",
        {},
        h("span.mono", { text: job.jobId }),
        route.length ? h("span.route", { "aria-label": `route ${route.join(", ")}` }, route.map((s) => h("span", { text: s }))) : null,
        h("span", { text: formatTime(state?.createdAt || job.at) }),
        totalTime(state),
      ),
    ),
  );
  const body = h("div.job-body");
  if (error) {
    body.append(
      h(
        "p.job-error",
        {},
        error.status === 404
          ? "The gateway no longer knows this job (it expired, or it belongs to another tenant)."
          : error.message,
      ),
    );
  }
  if (state) {
    if (state.error) {
      body.append(h("div.job-error", {}, explainError(state.error), h("small", { text: `${state.error.code}: ${state.error.message}` })));
    }
    if (state.steps?.length) {
      body.append(
        h(
          "table.step-table",
          {},
          h("caption.sr-only", { text: "Steps" }),
          h("thead", {}, h("tr", {}, h("th", { text: "Step" }), h("th", { text: "Provider" }), h("th", { text: "Status" }), h("th", { text: "Time" }))),
          h(
            "tbody",
            {},
            state.steps.map((s) =>
              h(
                "tr",
                {},
                h("td", { text: STEP_NAMES[s.step] || s.step }),
                h("td.mono", { text: s.provider || "" }),
                h("td", {}, h("span", { class: `badge ${s.status}`, text: STATUS_WORDS[s.status] || s.status })),
                h("td", { text: formatMillis(s.durationMillis) }),
              ),
            ),
          ),
        ),
      );
    }
    body.append(...outputs(job, state));
    body.append(
      h(
        "dl.kv",
        {},
        h("dt", { text: "Correlation id" }),
        h("dd.mono", { text: state.correlationId || "" }),
        h("dt", { text: "Created" }),
        h("dd", { text: state.createdAt ? new Date(state.createdAt).toLocaleString() : "" }),
        h("dt", { text: "Updated" }),
        h("dd", { text: state.updatedAt ? new Date(state.updatedAt).toLocaleString() : "" }),
      ),
    );
  }
  details.append(body);
  return details;
}

function totalTime(state) {
  if (!state?.createdAt || !state.updatedAt || state.status === "queued" || state.status === "running") {
    return null;
  }
  const ms = new Date(state.updatedAt) - new Date(state.createdAt);
  return Number.isFinite(ms) ? h("span", { text: `took ${formatMillis(ms)}` }) : null;
}

function outputs(job, state) {
  const r = state.result || {};
  const parts = [];
  if (r.transcript?.text !== undefined) {
    parts.push(h("div", {}, h("div.card-title", { text: "Transcript" }), h("p.job-output", { text: r.transcript.text || "(no words)" })));
  }
  if (r.answer?.text) {
    const usage = [r.answer.model, r.answer.completionTokens && `${r.answer.completionTokens} tokens`, r.answer.finishReason]
      .filter(Boolean)
      .join(" · ");
    parts.push(
      h("div", {}, h("div.card-title", { text: "Answer" }), h("p.job-output", { text: r.answer.text }), usage ? h("p.meta", { text: usage }) : null),
    );
  }
  if (r.passages?.length) {
    parts.push(
      h(
        "div",
        {},
        h("div.card-title", { text: `Sources (${r.passages.length})` }),
        h("p.meta", { text: r.passages.map((p) => p.title || p.documentId).join(" · ") }),
      ),
    );
  }
  if (r.audio) {
    const player = h("audio", { controls: true, "aria-label": "Audio the job produced" });
    const load = h("button.button.small", { type: "button" }, "Load audio");
    load.addEventListener("click", async () => {
      try {
        const blob = await fetchJobAudio(job.jobId);
        player.src = URL.createObjectURL(blob);
        load.replaceWith(player);
        player.play().catch(() => {});
      } catch (error) {
        load.textContent = error.message;
      }
    });
    parts.push(h("div", {}, h("div.card-title", { text: "Audio" }), load));
  }
  return parts;
}
