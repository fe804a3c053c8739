import type { FlowAction } from '../model.ts';
import type { FlowRuntime, Step } from '../simulation-model.ts';
import { defineAction } from './action.ts';
import { issue, objectAt, oneOf, only, param, range, reference, required, text } from './rules.ts';

/** Connect waits at most 8 s for a function called from a flow (the reference). */
const LAMBDA_LIMIT_SECONDS = 8;
/** An asynchronous call may be given up to 60 s (the AWS Lambda function block's page). */
const ASYNC_LIMIT_SECONDS = 60;
/** A response over 32 KB fails the call. */
const RESPONSE_LIMIT_BYTES = 32 * 1024;

export default defineAction({
  type: 'InvokeLambdaFunction',
  block: 'Invoke Lambda',
  source: reference('interactions-invokelambdafunction'),
  errors: only('NoMatchingError'),
  // Functions time out and throw: a flow without this branch drops the caller when one does.
  likelyErrors: only('NoMatchingError'),
  conditions: 'none',
  parameters: (a) => {
    const validation = objectAt(param(a, 'ResponseValidation'));
    return [
      ...required(a, 'LambdaFunctionARN'),
      ...range(
        a,
        'InvocationTimeLimitSeconds',
        1,
        param(a, 'InvocationType') === 'ASYNCHRONOUS' ? ASYNC_LIMIT_SECONDS : LAMBDA_LIMIT_SECONDS,
      ),
      ...oneOf(a, 'InvocationType', ['SYNCHRONOUS', 'ASYNCHRONOUS']),
      ...(validation && !['STRING_MAP', 'JSON'].includes(String(validation.ResponseType))
        ? [
            issue(
              'parameters/enum',
              'Parameters.ResponseValidation.ResponseType',
              `ResponseType must be STRING_MAP or JSON, got ${JSON.stringify(validation.ResponseType)}`,
            ),
          ]
        : []),
    ];
  },
  run: invoke,
  detail: (a) => text(a.Parameters.LambdaFunctionARN).split(':').pop() ?? '',
});

async function invoke(a: FlowAction, rt: FlowRuntime): Promise<Step> {
  const p = a.Parameters;
  // A JSONPath ARN ($.FlowAttributes.fn, set earlier in the flow) is resolved when the block runs.
  const arn = rt.resolveValue(p.LambdaFunctionARN);
  const name = arn.split(':').pop() ?? arn;
  const parameters: Record<string, string> = {};
  for (const [k, v] of Object.entries(objectAt(p.LambdaInvocationAttributes) ?? {})) {
    parameters[k] = rt.resolveValue(v);
  }
  const asked = Number(p.InvocationTimeLimitSeconds ?? LAMBDA_LIMIT_SECONDS);
  const limit =
    Number.isFinite(asked) && asked > 0 ? Math.min(asked, LAMBDA_LIMIT_SECONDS) : LAMBDA_LIMIT_SECONDS;
  const responseType = String(objectAt(p.ResponseValidation)?.ResponseType ?? 'STRING_MAP');

  const failed = (error: string) => {
    // $.External holds only the latest call's result: a failed call leaves it empty.
    rt.contact.external = {};
    rt.emit({ type: 'lambda', function: name, parameters, error });
    return rt.fail(a, 'NoMatchingError');
  };
  const call = await rt.callLambda(arn, parameters, limit);
  if ('error' in call) return failed(call.error);
  const { response } = call;
  if (Buffer.byteLength(JSON.stringify(response ?? null), 'utf8') > RESPONSE_LIMIT_BYTES) {
    return failed('the response is over 32 KB');
  }
  if (responseType === 'STRING_MAP' && !isStringMap(response)) {
    return failed('STRING_MAP response must be a flat object of string values');
  }
  rt.contact.external = (response ?? {}) as Record<string, unknown>;
  rt.emit({ type: 'lambda', function: name, parameters, response });
  return rt.next(a);
}

function isStringMap(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
