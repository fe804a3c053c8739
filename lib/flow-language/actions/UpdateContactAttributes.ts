import { defineAction } from './action.ts';
import { issue, objectAt, oneOf, only, param, reference, required, type SpecIssue } from './rules.ts';

/** Contact attributes may hold 32,768 UTF-8 bytes in all; an update past it fails whole. */
const ATTRIBUTES_LIMIT_BYTES = 32_768;

export default defineAction({
  type: 'UpdateContactAttributes',
  block: 'Set contact attributes',
  source: reference('contact-actions-updatecontactattributes'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  parameters: (a) => {
    const attributes = objectAt(param(a, 'Attributes'));
    const issues: SpecIssue[] = [
      ...required(a, 'Attributes'),
      ...oneOf(a, 'TargetContact', ['Current', 'Related']),
    ];
    if (attributes && Object.keys(attributes).length === 0) {
      issues.push(
        issue('parameters/required', 'Parameters.Attributes', 'Attributes must set at least one attribute'),
      );
    }
    for (const key of Object.keys(attributes ?? {})) {
      const literal = key.replace(/\$\.[A-Za-z]+(\.[A-Za-z0-9_-]+|\.\['[^']*'\])*/g, '');
      if (!/^[A-Za-z0-9_-]*$/.test(literal)) {
        issues.push(
          issue(
            'parameters/attribute-key',
            `Parameters.Attributes.${key}`,
            `attribute key ${JSON.stringify(key)} may hold only letters, digits, - and _ (and embedded JSONPath)`,
          ),
        );
      }
    }
    return issues;
  },
  run: (a, rt) => {
    const set: Record<string, string> = {};
    for (const [k, v] of Object.entries(objectAt(a.Parameters.Attributes) ?? {})) {
      const key = rt.resolveText(k);
      // A key given by a JSONPath that resolves to nothing names no attribute: it sets nothing
      // (the rules engine sets up to 200 keys this way, as many as its function returned).
      if (key === '') continue;
      set[key] = rt.resolveValue(v);
    }
    const next = { ...rt.contact.attributes, ...set };
    const bytes = Object.entries(next).reduce(
      (n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v),
      0,
    );
    if (bytes > ATTRIBUTES_LIMIT_BYTES) return rt.fail(a, 'NoMatchingError');
    Object.assign(rt.contact.attributes, set);
    rt.emit({ type: 'attributes', set });
    return rt.next(a);
  },
  detail: (a) => Object.keys(objectAt(a.Parameters.Attributes) ?? {}).join(', '),
});
