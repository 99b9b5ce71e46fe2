// A few helpers for building the page without a framework. Text always goes in as text (never as HTML).

/** h("li.step", {dataset: {step: "stt"}}, "Transcribing", child...) */
export function h(tag, attributes = {}, ...children) {
  const [name, ...classes] = tag.split(".");
  const element = document.createElement(name || "div");
  if (classes.length) {
    element.className = classes.join(" ");
  }
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === "dataset") {
      Object.assign(element.dataset, value);
    } else if (key.startsWith("on") && typeof value === "function") {
      element.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "text") {
      element.textContent = value;
    } else if (key in element && typeof value !== "string") {
      element[key] = value;
    } else {
      element.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

/** Shows an error (a GatewayError or any Error) in an element with role=alert; empty hides it. */
export function showError(element, error) {
  element.replaceChildren();
  if (!error) {
    element.hidden = true;
    return;
  }
  element.hidden = false;
  element.append(h("strong", {}, error.message || String(error)));
  const reference = [error.code, error.correlationId].filter(Boolean).join(" · ");
  if (reference) {
    element.append(h("span.reference", {}, ` (${reference})`));
  }
}

export function formatMillis(ms) {
  if (ms === undefined || ms === null) {
    return "";
  }
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

export function formatTime(iso) {
  if (!iso) {
    return "";
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** A short-lived message for everyone (role=status). */
export function announce(text) {
  const toast = $("#toast");
  toast.textContent = text;
  toast.hidden = false;
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => {
    toast.hidden = true;
  }, 4000);
}
