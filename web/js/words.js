// What the gateway's codes mean, in words a user can act on. The gateway's own message is shown beside them.

export const STEP_NAMES = {
  stt: "Speech to text",
  rag: "Search",
  llm: "LLM",
  tts: "Text to speech",
};

const JOB_ERRORS = {
  provider_rate_limited: "The AI provider is rate-limiting the gateway, even after retries. Try again in a minute.",
  provider_unavailable: "The AI provider could not be reached or kept failing. Try again shortly.",
  provider_timeout: "The AI provider did not answer in time.",
  provider_rejected: "The AI provider refused the request as invalid.",
  content_filtered: "The provider's content policy blocked this request.",
  content_filter: "The provider's content policy blocked this request.",
  provider_auth_failed: "The gateway's credentials for the provider were refused; an operator has to fix them.",
  stream_interrupted: "The answer broke off while it was streaming. Ask again.",
  invalid_input: "The input did not suit this step (for example a recording without speech).",
  deadline_exceeded: "The job ran out of time before it finished.",
  internal_error: "Something went wrong inside the gateway; the job was kept for the operators.",
  model_not_found: "No route offers the requested model.",
  empty_audio: "The recording was empty.",
  invalid_audio: "The recording could not be read.",
  not_audio: "That file is not audio.",
  unsupported_audio_format: "The gateway cannot read this audio format.",
  audio_too_long: "The recording is too long.",
};

/** One sentence for a failed job or item: {code, message}. */
export function explainError(error) {
  if (!error) {
    return "";
  }
  return JOB_ERRORS[error.code] || error.message || "It failed.";
}

export const STATUS_WORDS = {
  queued: "Queued",
  running: "Running",
  completed: "Completed",
  failed: "Failed",
  cancelled: "Cancelled",
};
