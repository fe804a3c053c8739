// AWS services deliver the same event in more than one spelling: EventBridge's `detail-type`, the
// SDK's and some consoles' `DetailType`, Connect's `AgentInfo` / `agentInfo`, SES's `Bounce` when
// re-published. tsunagu's event readers normalize keys once, here, and then read one spelling.

/** A string with something in it, trimmed; undefined for anything else (absent, blank, a number). */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `AgentInfo` → `agentInfo`, `detail-type` / `Detail-Type` → `detailType`, at every depth; values untouched. */
export function lowerCamelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerCamelKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k.replace(/^[A-Z]/, (c) => c.toLowerCase()).replace(/-([a-zA-Z])/g, (_, c: string) => c.toUpperCase()),
      lowerCamelKeys(v),
    ]),
  );
}

/** An object, or a JSON string holding one (a `detail` passed on as text), with its keys in lower camel case. */
export function objectOrJson(value: unknown): Record<string, unknown> | undefined {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const normalized = lowerCamelKeys(parsed);
  return isObject(normalized) ? normalized : undefined;
}
