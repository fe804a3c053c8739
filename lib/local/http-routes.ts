import type { Context } from 'hono';
import { constructIdOf, type Handler, type Templates } from './lambda-runtime.ts';

/** A route of the app's HTTP API (API Gateway v2) and the function behind it. */
export interface LocalHttpRoute {
  /** `POST` */
  readonly method: string;
  /** As API Gateway writes it: `/chat/start`, `/customers/{id}/messages`. */
  readonly path: string;
  /** The function's construct id, e.g. `ChatStart`. */
  readonly functionName: string;
  /** `NONE` or `AWS_IAM`. */
  readonly authorization: string;
}

/**
 * The HTTP API routes the synthesized app deploys, each with its Lambda proxy integration's
 * function: the twin serves exactly these, through the same handlers, with the same event shape.
 */
export function localHttpRoutes(templates: Templates): LocalHttpRoute[] {
  const routes: LocalHttpRoute[] = [];
  for (const [stack, template] of templates) {
    const resources = template.Resources;
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (resource.Type !== 'AWS::ApiGatewayV2::Route') continue;
      const properties = resource.Properties ?? {};
      const [method, path] = String(properties.RouteKey ?? '').split(' ');
      const integrationId = refIn(properties.Target);
      const integration = integrationId ? resources[integrationId] : undefined;
      const uri = integration?.Properties?.IntegrationUri as { 'Fn::GetAtt'?: unknown[] } | undefined;
      const functionId = String(uri?.['Fn::GetAtt']?.[0] ?? '');
      const fn = resources[functionId];
      if (!method || !path || integration?.Properties?.IntegrationType !== 'AWS_PROXY' || !fn) {
        throw new Error(`${stack}: route ${logicalId} is not a Lambda proxy route the twin can serve`);
      }
      routes.push({
        method,
        path,
        functionName: constructIdOf(fn) ?? functionId,
        authorization: String(properties.AuthorizationType ?? 'NONE'),
      });
    }
  }
  return routes;
}

/** The integration a route's `Target` (`integrations/<Ref>`) points at. */
function refIn(target: unknown): string | undefined {
  const parts = (target as { 'Fn::Join'?: [string, unknown[]] } | undefined)?.['Fn::Join']?.[1] ?? [];
  const ref = parts.find((p): p is { Ref: string } => typeof (p as { Ref?: unknown })?.Ref === 'string');
  return ref?.Ref;
}

/** The route's path for Hono: `{id}` → `:id`. */
export const honoPath = (path: string) => path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');

const TEXT_TYPES = /^(text\/|application\/(json|x-www-form-urlencoded|xml)|multipart\/form-data)/i;

/**
 * Serves a request the way API Gateway's HTTP API hands it to a Lambda proxy integration (payload
 * format 2.0), and turns the function's answer back into an HTTP response.
 */
export async function invokeHttpRoute(
  c: Context,
  route: LocalHttpRoute,
  handler: Handler,
  context: unknown,
): Promise<Response> {
  const url = new URL(c.req.url);
  const headers: Record<string, string> = {};
  c.req.raw.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    // API Gateway joins repeated parameters with commas.
    query[name] = name in query ? `${query[name]},${value}` : value;
  }
  const bytes = Buffer.from(await c.req.arrayBuffer());
  const text = TEXT_TYPES.test(headers['content-type'] ?? '');
  const routeKey = `${route.method} ${route.path}`;
  const event = {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(url.search ? { queryStringParameters: query } : {}),
    ...(Object.keys(c.req.param()).length > 0 ? { pathParameters: c.req.param() } : {}),
    requestContext: {
      http: {
        method: c.req.method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: crypto.randomUUID(),
      routeKey,
      stage: '$default',
      timeEpoch: Date.now(),
    },
    ...(bytes.length > 0
      ? { body: text ? bytes.toString('utf8') : bytes.toString('base64'), isBase64Encoded: !text }
      : { isBase64Encoded: false }),
  };
  const result = (await handler(event, context)) as
    | string
    | {
        statusCode?: number;
        headers?: Record<string, string | number | boolean>;
        body?: string;
        isBase64Encoded?: boolean;
      };
  // A bare value is JSON with 200, as API Gateway reads a v2 answer without a statusCode.
  if (typeof result !== 'object' || result === null || result.statusCode === undefined) {
    return new Response(typeof result === 'string' ? result : JSON.stringify(result), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }
  const body =
    result.body === undefined ? '' : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  return new Response(body.length > 0 ? body : null, {
    status: result.statusCode,
    headers: Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)])),
  });
}
