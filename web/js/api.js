// The gateway's HTTP API as the page uses it: the API key on every request, problem details turned into sentences a
// person can act on, and job events followed over fetch() with resumption (Last-Event-ID) when the stream drops.
import { config } from "../config.js";
import { readEvents } from "./sse.js";

const KEY = "gateway.apiKey";
const BASE = "gateway.apiBase";

/** The API key and address, remembered in this browser (localStorage). */
export const settings = {
  get key() {
    return localStorage.getItem(KEY) || "";
  },
  set key(value) {
    const key = (value || "").trim();
    if (key) {
      localStorage.setItem(KEY, key);
    } else {
      localStorage.removeItem(KEY);
    }
    notify();
  },
  get base() {
    const saved = localStorage.getItem(BASE);
    return (saved !== null ? saved : config.apiBase || "").trim().replace(/\/+$/, "");
  },
  set base(value) {
    const base = (value || "").trim();
    if (base) {
      localStorage.setItem(BASE, base);
    } else {
      localStorage.removeItem(BASE);
    }
    notify();
  },
  get savedBase() {
    return localStorage.getItem(BASE) || "";
  },
};

const listeners = new Set();

/** Called whenever the key or the address changes, and when the gateway refuses the key. */
export function onSettingsChange(listener) {
  listeners.add(listener);
}

function notify(detail = {}) {
  for (const listener of listeners) {
    listener(detail);
  }
}

/** An error worth showing: message is a sentence for the user; the rest is for the details line. */
export class GatewayError extends Error {
  constructor(message, { status = 0, code = "", detail = "", correlationId = "", retryAfter = null, errors = [] } = {}) {
    super(message);
    this.name = "GatewayError";
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.correlationId = correlationId;
    this.retryAfter = retryAfter;
    this.errors = errors;
  }
}

export function apiUrl(path) {
  return settings.base + path;
}

function describeBase() {
  return settings.base || window.location.origin;
}

/** fetch() with the key; answers the response when it is 2xx (or 304), throws a GatewayError otherwise. */
export async function request(path, { method = "GET", json, body, headers = {}, signal } = {}) {
  const sent = new Headers(headers);
  if (settings.key) {
    sent.set("Authorization", `Bearer ${settings.key}`);
  }
  if (json !== undefined) {
    sent.set("Content-Type", "application/json");
    body = JSON.stringify(json);
  }
  let response;
  try {
    response = await fetch(apiUrl(path), { method, headers: sent, body, signal, cache: "no-store" });
  } catch (e) {
    if (e.name === "AbortError") {
      throw e;
    }
    throw new GatewayError(
      `Cannot reach the gateway at ${describeBase()}. Check that it is running and, under Settings, its address.`,
      { code: "network", detail: String(e.message || e) },
    );
  }
  if (!response.ok && response.status !== 304) {
    throw await errorOf(response);
  }
  return response;
}

export async function getJson(path, options) {
  return (await request(path, options)).json();
}

export async function postJson(path, json, options = {}) {
  return (await request(path, { ...options, method: "POST", json })).json();
}

/** Reads an error answer: an RFC 9457 problem, OpenAI's {"error":{...}}, or anything else. */
export async function errorOf(response) {
  let text = "";
  try {
    text = await response.text();
  } catch {
    // the body is optional
  }
  let body = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = {};
  }
  const problem = body && typeof body.error === "object" && body.error ? body.error : body;
  const code = problem.code || "";
  const detail = problem.detail || problem.message || "";
  const correlationId = problem.correlationId || response.headers.get("X-Correlation-Id") || "";
  const retryAfter = Number.parseInt(response.headers.get("Retry-After") || "", 10);
  const wait = Number.isFinite(retryAfter) ? retryAfter : null;
  const message = sentenceFor(response.status, code, detail || problem.title || "", wait);
  if (response.status === 401) {
    notify({ unauthorized: true });
  }
  const errors = Array.isArray(problem.errors) ? problem.errors : [];
  return new GatewayError(message, { status: response.status, code, detail, correlationId, retryAfter: wait, errors });
}

function sentenceFor(status, code, detail, wait) {
  const later = wait !== null ? ` Try again in ${wait} second${wait === 1 ? "" : "s"}.` : " Try again in a moment.";
  switch (status) {
    case 401:
      return settings.key
        ? "The gateway did not accept this API key (unknown, revoked or expired). Enter a valid key under Settings."
        : "This gateway needs an API key. Enter yours under Settings.";
    case 403:
      return `Your API key may not do this. ${capitalize(detail) || "Its role is too low."}`;
    case 413:
      return capitalize(detail) || "That is too large for the gateway.";
    case 429:
      return `Too many requests for your tenant right now.${later}`;
    case 503:
      return code === "broker_unavailable" || code === "result_store_unavailable"
        ? `The gateway is starting up or busy and could not take this.${later}`
        : `The gateway is unavailable right now.${later}`;
    case 504:
      return "The gateway gave up waiting for an answer.";
    default:
      if (detail) {
        return capitalize(detail.endsWith(".") ? detail : `${detail}.`);
      }
      return status >= 500
        ? `The gateway had a problem (HTTP ${status}).${later}`
        : `The gateway refused the request (HTTP ${status}).`;
  }
}

function capitalize(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : "";
}

const TERMINAL = new Set(["completed", "failed", "cancelled"]);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Follows a Server-Sent Events stream (a job's or a batch's) until its last event. onEvent(type, data) gets each event
 * once; when the connection drops early it reconnects with Last-Event-ID, so nothing is missed or repeated.
 */
export async function followEvents(path, { onEvent, signal, isLast = (type) => TERMINAL.has(type) }) {
  let lastId = null;
  let failures = 0;
  for (;;) {
    const headers = { Accept: "text/event-stream" };
    if (lastId !== null) {
      headers["Last-Event-ID"] = lastId;
    }
    // one controller per connection, so that an error in onEvent also closes the stream
    const connection = new AbortController();
    const abort = () => connection.abort();
    signal?.addEventListener("abort", abort);
    let finished = false;
    let handlerError = null;
    try {
      const response = await request(path, { headers, signal: connection.signal });
      await readEvents(response.body, (event) => {
        if (event.id !== undefined) {
          lastId = event.id;
        }
        failures = 0;
        let data = null;
        try {
          data = event.data ? JSON.parse(event.data) : null;
        } catch {
          data = { text: event.data };
        }
        if (isLast(event.event, data)) {
          finished = true;
        }
        try {
          onEvent(event.event, data);
        } catch (e) {
          handlerError = e;
          connection.abort();
          throw e;
        }
      });
    } catch (e) {
      if (handlerError) {
        throw handlerError;
      }
      if (signal?.aborted || e.name === "AbortError") {
        throw e;
      }
      if (e instanceof GatewayError && e.status >= 400 && e.status < 500 && e.status !== 429) {
        throw e;
      }
      if (failures >= 5) {
        throw e;
      }
    } finally {
      signal?.removeEventListener("abort", abort);
    }
    if (finished) {
      return;
    }
    failures += 1;
    if (failures > 5) {
      throw new GatewayError("The event stream kept closing before the work finished. Look it up under Jobs.");
    }
    await sleep(400 * failures);
  }
}

/**
 * The audio a job produced, as a Blob. The job's state (which the audio endpoint reads) can trail its `completed`
 * event by a moment, so 409 audio_not_ready is asked again, as its Retry-After says, for up to about ten seconds.
 */
export async function fetchJobAudio(jobId, { signal } = {}) {
  const deadline = Date.now() + 10000;
  for (;;) {
    try {
      return await (await request(`/v1/jobs/${encodeURIComponent(jobId)}/audio`, { signal })).blob();
    } catch (e) {
      if (!(e instanceof GatewayError) || e.status !== 409 || Date.now() > deadline) {
        throw e;
      }
      await sleep(Math.min(1000, (e.retryAfter ?? 1) * 1000) / 2);
    }
  }
}
