// Jobs: the tenant's jobs from GET /v1/jobs, newest first, a page at a time, optionally of one status: route, status,
// each step's provider and time, the error in plain words; opening a job reads GET /v1/jobs/{id} for what it produced.
// Cards are kept by job id and updated in place, so a refresh moves no focus and a status change is announced once.
import { fetchJobAudio, getJson, GatewayError } from "./api.js";
import { $, formatMillis, formatTime, h, showError } from "./dom.js";
import { onRecentChange, recentJobs, rememberJob } from "./recent.js";
import { explainError, STATUS_WORDS, STEP_NAMES } from "./words.js";

const REFRESH_MS = 2000;
const PAGE = 20;
const MAX_PAGE = 100;

export function initJobs() {
  const list = $("#jobs-list");
  const errorBox = $("#jobs-error");
  const more = $("#jobs-more");
  const filter = $("#jobs-status");
  const cards = new Map();
  let next = null;
  let loaded = 0;
  let timer = null;
  let visible = false;
  let generation = 0;

  const pageUrl = (limit, before) => {
    const query = new URLSearchParams({ limit: String(limit) });
    if (filter.value) {
      query.set("status", filter.value);
    }
    if (before) {
      query.set("before", before);
    }
    return `/v1/jobs?${query}`;
  };

  /** Puts a page's jobs into the list: known ones updated where they are, new ones after the job before them. */
  function place(jobs, { atEnd }) {
    let previous = null;
    for (const summary of jobs) {
      let card = cards.get(summary.jobId);
      if (card) {
        card.update(summary);
      } else {
        card = jobCard(summary);
        cards.set(summary.jobId, card);
        if (atEnd) {
          list.append(card.element);
        } else if (previous) {
          previous.element.after(card.element);
        } else {
          list.prepend(card.element);
        }
      }
      previous = card;
    }
    if (cards.size === 0) {
      list.replaceChildren(
        h(
          "div.empty",
          {},
          h("p", {}, filter.value ? `No ${STATUS_WORDS[filter.value]?.toLowerCase() || filter.value} jobs.` : "No jobs yet. Ask something under Chat or Voice, or look up a job by its id."),
        ),
      );
    } else {
      list.querySelector(":scope > .empty")?.remove();
    }
  }

  function scheduleRefresh() {
    clearTimeout(timer);
    const busy = [...cards.values()].some((c) => c.status === "queued" || c.status === "running");
    if (visible && busy) {
      timer = setTimeout(refresh, REFRESH_MS);
    }
  }

  /** The first pages again, as many jobs as are shown (at most a hundred): new jobs on top, the others updated. */
  async function refresh() {
    clearTimeout(timer);
    const asked = generation;
    try {
      const page = await getJson(pageUrl(Math.min(MAX_PAGE, Math.max(PAGE, loaded))));
      if (asked !== generation) {
        return;
      }
      showError(errorBox, null);
      place(page.jobs, { atEnd: false });
      if (loaded <= MAX_PAGE && loaded <= page.jobs.length) {
        next = page.next;
      }
      loaded = Math.max(loaded, page.jobs.length);
      more.hidden = !next;
    } catch (error) {
      if (asked === generation) {
        showError(errorBox, error);
      }
    }
    scheduleRefresh();
  }

  /** From the first page, after the filter changed or at the first visit. */
  async function reload() {
    generation++;
    cards.clear();
    list.replaceChildren();
    next = null;
    loaded = 0;
    more.hidden = true;
    await refresh();
  }

  async function loadMore() {
    if (!next) {
      return;
    }
    const asked = generation;
    more.disabled = true;
    try {
      const page = await getJson(pageUrl(PAGE, next));
      if (asked !== generation) {
        return;
      }
      showError(errorBox, null);
      place(page.jobs, { atEnd: true });
      loaded += page.jobs.length;
      next = page.next;
      more.hidden = !next;
    } catch (error) {
      showError(errorBox, error);
    } finally {
      more.disabled = false;
    }
    scheduleRefresh();
  }

  $("#jobs-refresh").addEventListener("click", refresh);
  filter.addEventListener("change", reload);
  more.addEventListener("click", loadMore);
  $("#jobs-lookup").addEventListener("submit", async (e) => {
    e.preventDefault();
    const id = $("#jobs-id").value.trim();
    if (!id) {
      return;
    }
    try {
      const state = await getJson(`/v1/jobs/${encodeURIComponent(id)}`);
      showError(errorBox, null);
      if (!recentJobs().some((j) => j.jobId === id)) {
        rememberJob({ jobId: id, kind: "Looked up", label: id });
      }
      let card = cards.get(id);
      if (!card) {
        card = jobCard(state);
        cards.set(id, card);
        list.querySelector(":scope > .empty")?.remove();
        list.prepend(card.element);
      }
      card.element.open = true;
      card.element.querySelector("summary").focus();
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
  onRecentChange(() => visible && refresh());
  window.addEventListener("hashchange", () => {
    visible = window.location.hash.startsWith("#jobs");
    if (!visible) {
      clearTimeout(timer);
    }
  });

  let first = true;
  return () => {
    visible = true;
    if (first) {
      first = false;
      reload();
    } else {
      refresh();
    }
  };
}

/**
 * One job's card. The summary line is written once and then only its changed parts; the status sits in its own polite
 * live region, so a screen reader hears a change of status and nothing else. Opening the card reads the whole job
 * (GET /v1/jobs/{id}), again whenever its summary changed while open.
 */
function jobCard(first) {
  const jobId = first.jobId;
  const element = h("details.card.job", { dataset: { jobId } });
  const badge = h("span.badge");
  const liveStatus = h("span.job-status", { "aria-live": "polite", "aria-atomic": "true" }, badge);
  const title = h("span.job-title");
  const route = h("span.route");
  const created = h("span");
  const took = h("span");
  const body = h("div.job-body");
  element.append(
    h("summary.job-summary", {}, title, liveStatus, h("span.job-sub", {}, h("span.mono", { text: jobId }), route, created, took)),
    body,
  );
  const card = { element, status: null, update };
  let shown = "";
  let detailed = null;

  function set(node, text) {
    if (node.textContent !== text) {
      node.textContent = text;
    }
  }

  function update(summary) {
    const key = JSON.stringify([summary.status, summary.steps, summary.error, summary.updatedAt]);
    if (key === shown) {
      return;
    }
    shown = key;
    card.status = summary.status;
    const known = recentJobs().find((j) => j.jobId === jobId);
    set(title, known ? `${known.kind}: ${known.label || jobId}` : summary.batchId ? `Batch item of ${summary.batchId}` : "Job");
    badge.className = `badge ${summary.status}`;
    set(badge, STATUS_WORDS[summary.status] || summary.status);
    const steps = (summary.steps || []).map((s) => s.step);
    if (route.dataset.steps !== steps.join(",")) {
      route.dataset.steps = steps.join(",");
      route.setAttribute("aria-label", `route ${steps.join(", ")}`);
      route.replaceChildren(...steps.map((s) => h("span", { text: s })));
    }
    set(created, formatTime(summary.createdAt));
    set(took, totalTime(summary) || "");
    if (element.open) {
      detail();
    }
  }

  async function detail() {
    const wanted = shown;
    if (detailed === wanted) {
      return;
    }
    detailed = wanted;
    try {
      const state = await getJson(`/v1/jobs/${encodeURIComponent(jobId)}`);
      body.replaceChildren(...details(state));
    } catch (error) {
      detailed = null;
      body.replaceChildren(
        h(
          "p.job-error",
          {},
          error.status === 404 ? "The gateway no longer knows this job (it expired, or it belongs to another tenant)." : error.message,
        ),
      );
    }
  }

  element.addEventListener("toggle", () => element.open && detail());
  update(first);
  return card;
}

/** What an opened card shows of the whole job: the error, each step, what it produced, its ids and times. */
function details(state) {
  const parts = [];
  if (state.error) {
    parts.push(h("div.job-error", {}, explainError(state.error), h("small", { text: `${state.error.code}: ${state.error.message}` })));
  }
  if (state.steps?.length) {
    parts.push(
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
  parts.push(...outputs(state));
  parts.push(
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
  return parts;
}

function totalTime(state) {
  if (!state?.createdAt || !state.updatedAt || state.status === "queued" || state.status === "running") {
    return null;
  }
  const ms = new Date(state.updatedAt) - new Date(state.createdAt);
  return Number.isFinite(ms) ? `took ${formatMillis(ms)}` : null;
}

function outputs(state) {
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
        const blob = await fetchJobAudio(state.jobId);
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
