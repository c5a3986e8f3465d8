/** Limits of the logs feature, kept out of the wire schemas so the browser can import them without TypeBox. */
/** Hard limits the server applies to every log request (also stated in the UI). */
export const LOG_LIMITS = {
  /** Most lines a request may ask for from the end of the log. */
  maxTailLines: 100_000,
  /** Bytes one stream may carry before the server ends it (kube-apiserver's limitBytes). */
  maxBytes: 64 * 1024 * 1024,
  /** Log streams open at once across all browser tabs; more are refused with 429. */
  maxStreams: 32,
  /** Controller log lines scanned from the end when filtering to one object. */
  controllerScanLines: 20_000,
} as const;

/** Lines the browser's Logs tab holds; older lines are dropped (and counted) past this. */
export const BROWSER_LOG_LINES = 50_000;
