import { FlowBuildError } from './build-error.ts';
import { actionDefinition } from './catalog.ts';
import { type Condition, type ConditionOperator, type Parameters, scalar } from './model.ts';

/**
 * The blocks a FlowBuilder creates: one class per kind of action, each with only the branches its
 * action can take. A branch that several kinds share (onError with continueTo, onNoMatch) is
 * written once, in a mixin; `otherwise` once for all, from the catalog's error types. Each block
 * records its branches, and `build()` reads them through INTERNALS.
 */

export type DtmfKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#';
export type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/**
 * A branch target: a block, or the name of a block, created before or after (resolved by
 * `build()`, which reports a name no block has). A name lets a flow be written in the order the
 * caller meets it, each block pointing forward at the next: `.next('main-menu')`.
 */
export type Target = Block | BlockRef | string;

/** A block named before it exists (`b.ref('main-menu')`); the same as giving the name. */
export class BlockRef {
  constructor(readonly name: string) {}
}

/** A branch as set: the call that set it (`next`, `onTimeout`, `when("1")`, for messages) and the name of its target. */
export interface Edge {
  readonly branch: string;
  readonly target: string;
}
export interface ErrorEdge extends Edge {
  readonly errorType: string;
}
export interface ConditionEdge extends Edge {
  readonly condition: Condition;
}

export interface BlockInit {
  /** The FlowBuilder creating the block: its branches may only go to that builder's blocks. */
  readonly owner: object;
  readonly method: string;
  readonly name: string;
  readonly type: string;
  readonly parameters: Parameters;
}

/** What `build()` reads from a block. */
export interface BlockState {
  readonly owner: object;
  /** The builder method that created it, for messages: `getInput`. */
  readonly method: string;
  readonly name: string;
  readonly type: string;
  readonly parameters: Parameters;
  readonly next: Edge | undefined;
  readonly errors: readonly ErrorEdge[];
  readonly conditions: readonly ConditionEdge[];
  /** The calls that would give the block its NextAction; undefined for a block that ends the flow. */
  readonly nextHint: string | undefined;
}

/**
 * How a block gets its NextAction: from `.next(block)` (unless `viaNext` is false: a queue
 * transfer leaves the flow on success), or else, as console exports write it, from the target of
 * the first `fallback` branch that is set.
 */
interface NextRule {
  readonly fallback: readonly FallbackBranch[];
  readonly viaNext: boolean;
}

/** The branches NextAction may default to, by the method that sets them: the error or condition each writes. */
const FALLBACKS = {
  onNoMatch: { errorType: 'NoMatchingCondition' },
  onError: { errorType: 'NoMatchingError' },
  onAtCapacity: { errorType: 'QueueAtCapacity' },
  onClosed: { operand: 'False' },
  onDone: { operand: 'DoneLooping' },
} as const;
type FallbackBranch = keyof typeof FALLBACKS;

/** Keys a block's state: only the flow-language modules import it, so authors see the branch methods alone. */
export const INTERNALS = Symbol('flow-builder.internals');

/** One action of the flow. Create blocks with FlowBuilder methods, never with `new`. */
export abstract class Block {
  /** The action's `Identifier`. */
  readonly name: string;
  /** The action's `Type`. */
  readonly type: string;
  protected readonly owner: object;
  protected readonly method: string;
  protected readonly parameters: Parameters;
  #next: Edge | undefined;
  readonly #errors: ErrorEdge[] = [];
  readonly #conditions: ConditionEdge[] = [];

  /** How the block gets its NextAction; undefined for a block that ends the flow. */
  protected readonly nextRule: NextRule | undefined = { fallback: [], viaNext: true };

  constructor(init: BlockInit) {
    this.owner = init.owner;
    this.method = init.method;
    this.name = init.name;
    this.type = init.type;
    this.parameters = init.parameters;
  }

  [INTERNALS](): BlockState {
    return {
      owner: this.owner,
      method: this.method,
      name: this.name,
      type: this.type,
      parameters: this.parameters,
      next: this.#next ?? this.#fallbackNext(),
      errors: this.#errors,
      conditions: this.#conditions,
      nextHint: this.#nextHint(),
    };
  }

  /** A mistake in a branch call: the message names the branch, so no path precedes it. */
  protected fail(rule: string, path: string, message: string): never {
    throw new FlowBuildError(`${this.method} "${this.name}": ${message}`, [
      { rule, severity: 'error', action: this.name, path, message },
    ]);
  }

  protected setNext(branch: string, target: Target): this {
    return this.connect(branch, target, { next: true, errorTypes: [] });
  }

  protected addError(errorType: string, branch: string, target: Target): this {
    return this.connect(branch, target, { next: false, errorTypes: [errorType] });
  }

  /**
   * Sets NextAction (with `next`) and each of `errorTypes` to `target`, for the call `branch`. All
   * or nothing: a branch set already fails the call and leaves the block as it was.
   */
  protected connect(
    branch: string,
    target: Target,
    set: { readonly next: boolean; readonly errorTypes: readonly string[] },
  ): this {
    const name = this.#targetName(branch, target);
    if (set.next && this.#next) {
      this.fail(
        'transition/duplicate',
        'Transitions.NextAction',
        `${branch} sets the next block, but ${this.#next.branch} already did (to "${this.#next.target}")`,
      );
    }
    for (const errorType of set.errorTypes) {
      const earlier = this.targetOfError(errorType);
      if (earlier) {
        this.fail(
          'errors/duplicate',
          'Transitions.Errors',
          `${branch} sets ${errorType}, but ${earlier.branch} already did (to "${earlier.target}"): each branch may be set once`,
        );
      }
    }
    if (set.next) this.#next = { branch, target: name };
    for (const errorType of set.errorTypes) this.#errors.push({ errorType, branch, target: name });
    return this;
  }

  /**
   * The error types the action may declare in its mode, as the catalog lists them, NoMatchingError
   * last (the order exports write them); undefined for a type the catalog does not know.
   */
  protected failureTypes(): readonly string[] | undefined {
    const spec = actionDefinition(this.type);
    if (!spec) return undefined;
    const types = spec.errors({
      Identifier: this.name,
      Type: this.type,
      Parameters: this.parameters,
      Transitions: {},
    });
    return [...types.filter((t) => t !== 'NoMatchingError'), ...types.filter((t) => t === 'NoMatchingError')];
  }

  /** An Equals condition, set by a `when(value, target)`. */
  protected addEquals(value: string | number, target: Target): this {
    return this.addCondition('Equals', value, `when(${JSON.stringify(String(value))})`, target);
  }

  protected addCondition(
    operator: ConditionOperator,
    operand: string | number,
    branch: string,
    target: Target,
  ): this {
    const name = this.#targetName(branch, target);
    const value = scalar(operand, () =>
      this.fail(
        'parameters/not-string',
        'Transitions.Conditions',
        `${branch}: the operand must be a finite number or a string`,
      ),
    );
    if (value === '') {
      this.fail(
        'parameters/empty-string',
        'Transitions.Conditions',
        `${branch}: an empty operand is rejected; use " " if you mean a blank`,
      );
    }
    if (
      this.#conditions.some((c) => c.condition.Operator === operator && c.condition.Operands[0] === value)
    ) {
      this.fail(
        'conditions/duplicate',
        'Transitions.Conditions',
        `${branch}: this block already branches on ${operator} ${JSON.stringify(value)}`,
      );
    }
    this.#conditions.push({ condition: { Operator: operator, Operands: [value] }, branch, target: name });
    return this;
  }

  protected targetOfError(errorType: string): Edge | undefined {
    return this.#errors.find((e) => e.errorType === errorType);
  }

  #fallbackNext(): Edge | undefined {
    for (const call of this.nextRule?.fallback ?? []) {
      const branch: { errorType: string } | { operand: string } = FALLBACKS[call];
      const edge =
        'errorType' in branch
          ? this.targetOfError(branch.errorType)
          : this.#conditions.find((c) => c.condition.Operands[0] === branch.operand);
      if (edge) return edge;
    }
    return undefined;
  }

  #nextHint(): string | undefined {
    if (!this.nextRule) return undefined;
    const calls = [...this.nextRule.fallback, ...(this.nextRule.viaNext ? ['next'] : [])];
    return calls.map((call) => `.${call}(block)`).join(' or ');
  }

  /** The name a branch goes to; a block of another builder is refused at the call. */
  #targetName(branch: string, target: Target): string {
    if (typeof target === 'string') return target;
    if (target instanceof Block && target.owner !== this.owner) {
      this.fail(
        'transition/unresolved',
        'Transitions',
        `${branch} targets block "${target.name}" of another FlowBuilder: a flow can only go to its own blocks (use transferToFlow or invokeModule)`,
      );
    }
    return target.name;
  }
}

// ---------------------------------------------------------------- shared branches

// biome-ignore lint/suspicious/noExplicitAny: TypeScript requires a mixin's base constructor to take `...args: any[]`
type BlockClass<B extends Block> = abstract new (...args: any[]) => B;

/** Adds the NoMatchingError branch, and `continueTo`: next and error to one block. */
function withErrorBranch<B extends BlockClass<StepBlock>>(Base: B) {
  abstract class ErrorBranch extends Base {
    /** NoMatchingError: where the contact goes when this block fails. */
    onError(target: Target): this {
      return this.addError('NoMatchingError', 'onError', target);
    }
    /**
     * The next block and the error branch both go to `target`: where the contact goes on whether
     * or not this block worked (`.next(x).onError(x)`), so a chain of steps reads top-down. Fails
     * if either is set already. (Named so, not `then`: a block with a `then` method would be a
     * thenable, and `await`ing one, or returning one from an async function, would never settle.)
     */
    continueTo(target: Target): this {
      return this.connect('continueTo', target, { next: true, errorTypes: ['NoMatchingError'] });
    }
  }
  return ErrorBranch;
}

/** Adds the NoMatchingCondition branch, which NextAction defaults to (as exports write it). */
function withNoMatch<B extends BlockClass<StepBlock>>(Base: B) {
  abstract class NoMatchBranch extends Base {
    /** NoMatchingCondition: no condition matched (conditions are tried in the order given; a menu: the caller pressed a key no `when` names). */
    onNoMatch(target: Target): this {
      return this.addError('NoMatchingCondition', 'onNoMatch', target);
    }
    protected override readonly nextRule: NextRule = { fallback: ['onNoMatch'], viaNext: true };
  }
  return NoMatchBranch;
}

// ---------------------------------------------------------------- the blocks

/** A block that ends the flow (Disconnect, End flow, Return): no branches. */
export class EndBlock extends Block {
  protected override readonly nextRule = undefined;
}

/** A block with a next block and no error branch (Set logging, Change routing priority). */
export class StepBlock extends Block {
  /**
   * NextAction: where the contact goes when this block is done. (Not `then`: a block with a `then`
   * method is a thenable, and `await`ing one, or returning one from an async fragment, would hang.)
   */
  next(target: Target): this {
    return this.setNext('next', target);
  }

  /**
   * Every failure branch this action has and that is not set yet goes to `target`: the timeout,
   * no-match, at-capacity, invalid-number and error branches the catalog lists for the action (in
   * its mode). The `else` of the branches set before it:
   * `menu.when('1', 'billing').onTimeout('menu-retry').otherwise('sorry')`. Fails if it would set
   * nothing.
   */
  otherwise(target: Target): this {
    const types = this.failureTypes();
    if (!types) {
      this.fail(
        'errors/unknown',
        'Transitions.Errors',
        `otherwise: the failure branches of ${this.type} are not known: set each with onErrorType`,
      );
    }
    const unset = types.filter((t) => !this.targetOfError(t));
    if (unset.length === 0) {
      this.fail(
        'errors/duplicate',
        'Transitions.Errors',
        types.length === 0
          ? `otherwise: ${this.type} has no failure branches`
          : `otherwise sets nothing: every failure branch (${types.join(', ')}) is set already`,
      );
    }
    return this.connect('otherwise', target, { next: false, errorTypes: unset });
  }
}

/** A block that can fail with NoMatchingError. */
export class ActionBlock extends withErrorBranch(StepBlock) {}

/** Get customer input, menu mode: one branch per key. NextAction defaults to the onNoMatch target. */
export class MenuBlock extends withNoMatch(ActionBlock) {
  /** The caller pressed `key`. */
  when(key: DtmfKey | Digit, target: Target): this {
    return this.addEquals(key, target);
  }
  /** InputTimeLimitExceeded: the caller pressed nothing. */
  onTimeout(target: Target): this {
    return this.addError('InputTimeLimitExceeded', 'onTimeout', target);
  }
}

/** Get customer input storing a phone number: InvalidPhoneNumber has its own branch. */
export class PhoneInputBlock extends ActionBlock {
  /** InvalidPhoneNumber: the digits are not a valid number in the expected format. */
  onInvalidNumber(target: Target): this {
    return this.addError('InvalidPhoneNumber', 'onInvalidNumber', target);
  }
}

/** A block that branches on values (Check contact attributes, Check queue status). NextAction defaults to the onNoMatch target. */
export abstract class BranchBlock extends withNoMatch(StepBlock) {
  /** The value equals `value`. */
  when(value: string | number, target: Target): this {
    return this.addEquals(value, target);
  }
  whenGreaterThan(value: number | string, target: Target): this {
    return this.addCondition('NumberGreaterThan', value, `whenGreaterThan(${value})`, target);
  }
  whenGreaterOrEqual(value: number | string, target: Target): this {
    return this.addCondition('NumberGreaterOrEqualTo', value, `whenGreaterOrEqual(${value})`, target);
  }
  whenLessThan(value: number | string, target: Target): this {
    return this.addCondition('NumberLessThan', value, `whenLessThan(${value})`, target);
  }
  whenLessOrEqual(value: number | string, target: Target): this {
    return this.addCondition('NumberLessOrEqualTo', value, `whenLessOrEqual(${value})`, target);
  }
}

/** Check contact attributes (Compare): Equals, text and number conditions on one JSONPath. */
export class AttributeCheckBlock extends BranchBlock {
  whenStartsWith(text: string, target: Target): this {
    return this.addCondition('TextStartsWith', text, `whenStartsWith(${JSON.stringify(text)})`, target);
  }
  whenEndsWith(text: string, target: Target): this {
    return this.addCondition('TextEndsWith', text, `whenEndsWith(${JSON.stringify(text)})`, target);
  }
  whenContains(text: string, target: Target): this {
    return this.addCondition('TextContains', text, `whenContains(${JSON.stringify(text)})`, target);
  }
}

/** Check queue status (CheckMetricData): number conditions; declare onNoMatch and onError (both required). */
export class QueueMetricsBlock extends withErrorBranch(BranchBlock) {}

/** Check hours of operation. NextAction defaults to the onError target, else the onClosed one. */
export class HoursBlock extends ActionBlock {
  /** True: the hours say open now. */
  onOpen(target: Target): this {
    return this.addCondition('Equals', 'True', 'onOpen', target);
  }
  /** False: closed now. */
  onClosed(target: Target): this {
    return this.addCondition('Equals', 'False', 'onClosed', target);
  }
  protected override readonly nextRule: NextRule = { fallback: ['onError', 'onClosed'], viaNext: true };
}

/** Set callback number: its two failure branches. */
export class CallbackNumberBlock extends StepBlock {
  /** InvalidCallbackNumber: the number is not a valid phone number. */
  onInvalidNumber(target: Target): this {
    return this.addError('InvalidCallbackNumber', 'onInvalidNumber', target);
  }
  /** CallbackNumberNotDialable: valid, but the instance may not dial it. */
  onNotDialable(target: Target): this {
    return this.addError('CallbackNumberNotDialable', 'onNotDialable', target);
  }
}

/** Transfer to queue: the contact leaves the flow on success. NextAction defaults to the onError target, else onAtCapacity. */
export class QueueTransferBlock extends ActionBlock {
  /** QueueAtCapacity: the working queue is full. */
  onAtCapacity(target: Target): this {
    return this.addError('QueueAtCapacity', 'onAtCapacity', target);
  }
  protected override readonly nextRule: NextRule = { fallback: ['onError', 'onAtCapacity'], viaNext: false };
}

/** Loop: counts visits. NextAction defaults to the onDone target. */
export class LoopBlock extends StepBlock {
  /** ContinueLooping: taken while the count is not reached. */
  onContinue(target: Target): this {
    return this.addCondition('Equals', 'ContinueLooping', 'onContinue', target);
  }
  /** DoneLooping: taken once the count is reached. */
  onDone(target: Target): this {
    return this.addCondition('Equals', 'DoneLooping', 'onDone', target);
  }
  protected override readonly nextRule: NextRule = { fallback: ['onDone'], viaNext: false };
}

/** Invoke module: `next` when the module returns; optional branches on its result. */
export class ModuleBlock extends withNoMatch(ActionBlock) {
  /** The module returned `result` (one of its Settings.Transitions reference names). */
  when(result: string, target: Target): this {
    return this.addEquals(result, target);
  }
}

/** An action type the builder has no method for (`b.action(...)`): any error type, any condition. */
export class CustomBlock extends StepBlock {
  onErrorType(errorType: string, target: Target): this {
    if (errorType === '')
      this.fail('parameters/empty-string', 'Transitions.Errors', 'the error type is empty');
    return this.addError(errorType, `onErrorType(${JSON.stringify(errorType)})`, target);
  }
  whenCondition(operator: ConditionOperator, operand: string | number, target: Target): this {
    return this.addCondition(
      operator,
      operand,
      `whenCondition(${operator}, ${JSON.stringify(operand)})`,
      target,
    );
  }
  protected override readonly nextRule: NextRule | undefined =
    actionDefinition(this.type) && !actionDefinition(this.type)?.terminal
      ? { fallback: [], viaNext: true }
      : undefined;
}
