import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';

/** A request header, by its lower-case name: HTTP APIs lower-case them; the twin and tests may not. */
export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

/** Whether a Content-Type is JSON (`application/json`, with or without parameters). */
export const isJson = (contentType: string | undefined): boolean =>
  contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType.trim());

/** The request body as bytes, whether API Gateway passed it as text or base64. */
export const rawBody = (event: APIGatewayProxyEventV2): Buffer =>
  Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');

/** The request's method (`GET`), as API Gateway's payload v2 gives it. */
export const methodOf = (event: APIGatewayProxyEventV2): string | undefined =>
  event.requestContext?.http?.method?.toUpperCase();

/** A JSON answer no browser or proxy keeps (some carry credentials: participant tokens). */
export function jsonResponse(
  statusCode: number,
  body: object,
  headers: Record<string, string> = {},
): APIGatewayProxyResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

export type JsonPost =
  | { readonly ok: true; readonly body: unknown }
  | { readonly ok: false; readonly response: APIGatewayProxyResultV2 };

/**
 * The body of a JSON POST, or the answer that refuses it: 405 for another method, 415 without a
 * JSON content type, 413 over `maxBytes`, 400 when it does not parse.
 */
export function readJsonPost(event: APIGatewayProxyEventV2, maxBytes: number): JsonPost {
  const refuse = (status: number, error: string, message: string, headers?: Record<string, string>) => ({
    ok: false as const,
    response: jsonResponse(status, { error, message }, headers),
  });
  const method = methodOf(event);
  if (method !== undefined && method !== 'POST') {
    return refuse(405, 'method-not-allowed', 'use POST', { allow: 'POST' });
  }
  if (!isJson(header(event, 'content-type'))) {
    return refuse(415, 'unsupported-media-type', 'send the body as application/json');
  }
  const raw = rawBody(event);
  if (raw.length > maxBytes)
    return refuse(413, 'body-too-large', `the body may be at most ${maxBytes} bytes`);
  try {
    return { ok: true, body: JSON.parse(raw.toString()) };
  } catch {
    return refuse(400, 'invalid-json', 'the body must be a JSON object');
  }
}
