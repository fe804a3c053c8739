import type { APIGatewayProxyEventV2 } from 'aws-lambda';

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
