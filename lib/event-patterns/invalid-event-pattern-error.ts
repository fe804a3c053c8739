/**
 * A pattern EventBridge would refuse (`InvalidEventPatternException` on PutRule or
 * TestEventPattern). `reason` is the service's own wording where it is known, so a local refusal
 * reads like the deployed one; `at` says where in the pattern the problem is.
 */
export class InvalidEventPatternError extends Error {
  override readonly name = 'InvalidEventPatternError';
  /** What is wrong, in EventBridge's words, e.g. `Empty arrays are not allowed`. */
  readonly reason: string;
  /** Where, as a path into the pattern, e.g. `detail.state[0].anything-but`; empty for the whole pattern. */
  readonly at: string;

  constructor(reason: string, at: string) {
    super(`Event pattern is not valid. Reason: ${reason} (at ${at === '' ? 'the pattern itself' : at})`);
    this.reason = reason;
    this.at = at;
  }
}
