// Operators: the provider registry (GET /v1/registry: every capability's providers with their status over the running
// instances) and the LLM routes of the caller's tenant. The run-time configuration (GET /v1/admin/config) is shown to
// admin keys; every other key sees this view read-only.
import { getJson, GatewayError, request } from "./api.js";
import { $, formatTime, h, showError } from "./dom.js";
import { STEP_NAMES } from "./words.js";

const CAPABILITY_ORDER = ["stt", "rag", "llm", "tts"];

export function initOperators() {
  const root = $("#operators-root");
  const errorBox = $("#operators-error");

  async function render() {
    showError(errorBox, null);
    root.setAttribute("aria-busy", "true");
    try {
      const [registry, use, config] = await Promise.all([getJson("/v1/registry"), usage(), adminConfig()]);
      root.replaceChildren(
        h("h2.section-title", { text: "Providers" }),
        h("p.meta", { text: `As announced by the running instances; read at ${formatTime(registry.at)}.` }),
        h("div.grid-2", {}, capabilities(registry.capabilities || {})),
        h("h2.section-title", { text: "Routes" }),
        routes(registry.routes || []),
        h("h2.section-title", { text: "Use against limits" }),
        use,
        h("h2.section-title", { text: "Run-time configuration" }),
        config,
      );
    } catch (error) {
      root.replaceChildren();
      showError(errorBox, error);
    } finally {
      root.setAttribute("aria-busy", "false");
    }
  }

  $("#operators-refresh").addEventListener("click", render);
  return render;
}

function capabilities(all) {
  const names = [...CAPABILITY_ORDER.filter((c) => all[c]), ...Object.keys(all).filter((c) => !CAPABILITY_ORDER.includes(c))];
  if (names.length === 0) {
    return [h("p.note", { text: "No instance has announced its providers yet. They do within seconds of starting." })];
  }
  return names.map((name) =>
    h(
      "section.card",
      { "aria-label": STEP_NAMES[name] || name },
      h("h3.card-title", {}, STEP_NAMES[name] || name, " ", h("span.tag", { text: name })),
      all[name].map((p) =>
        h(
          "div.provider",
          {},
          h(
            "div.provider-head",
            {},
            h("span.provider-name", { text: p.name }),
            h("span", { class: `badge ${p.status}`, text: statusWords(p) }),
          ),
          tagRow("models", p.models),
          tagRow("voices", p.voices),
          tagRow("languages", p.languages),
          (p.details || []).length ? h("div.provider-detail", { text: p.details.join("; ") }) : null,
        ),
      ),
    ),
  );
}

function statusWords(provider) {
  const counts = Object.entries(provider.instances || {})
    .map(([state, n]) => `${n} ${state}`)
    .join(", ");
  return counts ? `${provider.status} · ${counts}` : provider.status;
}

function tagRow(label, values) {
  if (!values || values.length === 0) {
    return null;
  }
  return h("div.tags", { "aria-label": label }, values.map((v) => h("span.tag", { text: v })));
}

function routes(list) {
  if (list.length === 0) {
    return h("p.note", { text: "No LLM routes are configured for your tenant." });
  }
  return h(
    "div.card.table-wrap",
    {},
    h(
      "table.items",
      {},
      h("caption.sr-only", { text: "LLM routes" }),
      h(
        "thead",
        {},
        h("tr", {}, ["Model", "Providers, in order", "Retrieval", "Scope"].map((t) => h("th", { scope: "col", text: t }))),
      ),
      h(
        "tbody",
        {},
        list.map((r) =>
          h(
            "tr",
            {},
            h("td.mono", { text: r.model }),
            h("td", {}, h("span.route", {}, (r.providers || []).map((p) => h("span", { text: p })))),
            h("td", { text: r.retrieval ? "Yes: searches the knowledge base first" : "No" }),
            h("td", { text: r.tenantSpecific ? "Your tenant" : "All tenants" }),
          ),
        ),
      ),
    ),
  );
}

/** Each tenant's use against its limits (operator and admin keys), or a note. */
async function usage() {
  let body;
  try {
    body = await getJson("/v1/ops/usage");
  } catch (error) {
    if (error instanceof GatewayError && (error.status === 403 || error.status === 401)) {
      return h("p.note", { text: "Read-only: each tenant's use against its limits is shown to operator and admin keys." });
    }
    return h("p.note", { text: `Use could not be read: ${error.message}` });
  }
  const tenants = body.tenants || [];
  if (tenants.length === 0) {
    return h("p.note", { text: "No tenant has used the gateway recently." });
  }
  const of = (used, limit, format = (n) => String(n)) =>
    `${format(used || 0)} of ${limit === undefined || limit === null ? "no limit" : format(limit)}`;
  const bytes = (n) => (n < 1024 * 1024 ? `${Math.round(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);
  return h(
    "div.card.table-wrap",
    {},
    h(
      "table.items",
      { id: "usage-table" },
      h("caption.sr-only", { text: "Use against limits per tenant" }),
      h(
        "thead",
        {},
        h("tr", {}, ["Tenant", "Jobs last minute", "Running", "LLM tokens last minute", "Uploads last hour"].map((t) => h("th", { scope: "col", text: t }))),
      ),
      h(
        "tbody",
        {},
        tenants.map((t) =>
          h(
            "tr",
            {},
            h("td.mono", { text: t.tenant }),
            h("td", { text: of(t.usage?.jobsLastMinute, t.limits?.requestsPerMinute) }),
            h("td", { text: of(t.usage?.running, t.limits?.concurrentJobs) }),
            h("td", { text: of(t.usage?.tokensLastMinute, t.limits?.tokensPerMinute) }),
            h("td", { text: of(t.usage?.uploadBytesLastHour, t.limits?.uploadBytesPerHour, bytes) }),
          ),
        ),
      ),
    ),
  );
}

/** The admin configuration (editable: the whole document, saved with the version it was read at), or a note. */
async function adminConfig() {
  let response;
  try {
    response = await request("/v1/admin/config");
  } catch (error) {
    if (error instanceof GatewayError && (error.status === 403 || error.status === 401)) {
      return h("p.note", {
        text: "Read-only: the run-time configuration (routes, limits, PII redaction) is shown to admin keys only. This key may read the registry and routes above.",
      });
    }
    return h("p.note", { text: `The configuration could not be read: ${error.message}` });
  }
  const config = await response.json();
  const etag = response.headers.get("ETag") || `"${config.version}"`;
  const updated = config.updatedAt ? ` by key ${config.updatedBy || "?"} at ${new Date(config.updatedAt).toLocaleString()}` : "";
  const editor = h("textarea.config", {
    id: "config-editor",
    spellcheck: "false",
    "aria-describedby": "config-help",
  });
  editor.value = JSON.stringify({ llm: config.llm, limits: config.limits, pii: config.pii }, null, 2);
  const status = h("p.status-line", { role: "status", "aria-live": "polite" });
  const problem = h("div.alert", { role: "alert", hidden: true });
  const save = h("button.button.primary", { type: "button" }, "Save configuration");
  save.addEventListener("click", async () => {
    showError(problem, null);
    let change;
    try {
      change = JSON.parse(editor.value);
    } catch (e) {
      showError(problem, new Error(`That is not valid JSON: ${e.message}`));
      editor.focus();
      return;
    }
    save.disabled = true;
    status.textContent = "Saving…";
    try {
      const saved = await getJson("/v1/admin/config", { method: "PUT", json: change, headers: { "If-Match": etag } });
      status.textContent = `Saved as version ${saved.version}. Every service reads it within seconds.`;
      setTimeout(() => document.getElementById("operators-refresh")?.click(), 1200);
    } catch (error) {
      status.textContent = "";
      showError(problem, error);
      if (error.errors?.length) {
        problem.append(h("ul", {}, error.errors.map((e) => h("li", { text: `${e.field}: ${e.message}` }))));
      }
    } finally {
      save.disabled = false;
    }
  });
  return h(
    "div.card",
    {},
    h("p.meta", { id: "config-help", text: `Version ${config.version}${updated}. Your key is an admin key: you may change it. The whole document is replaced; a change made meanwhile by someone else is refused, not overwritten.` }),
    h("label", { for: "config-editor", text: "Routes, limits and PII redaction (JSON)" }),
    editor,
    problem,
    h("div.form-row", {}, save, status),
  );
}
