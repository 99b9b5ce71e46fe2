// The jobs this browser submitted, newest first, with what they were ("Chat" and the question): the Jobs view lists the
// tenant's jobs from the gateway and titles the ones it finds here.
const KEY = "gateway.recentJobs";
const MAX = 50;
const listeners = new Set();

export function recentJobs() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) || "[]");
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

/** Remembers a job: {jobId, kind, label}. */
export function rememberJob(job) {
  const list = recentJobs().filter((j) => j.jobId !== job.jobId);
  list.unshift({ ...job, at: new Date().toISOString() });
  localStorage.setItem(KEY, JSON.stringify(list.slice(0, MAX)));
  listeners.forEach((l) => l());
}

export function onRecentChange(listener) {
  listeners.add(listener);
}
