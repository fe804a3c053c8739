import { defineAction } from './action.ts';
import { isJsonPath, issue, only, reference, text } from './rules.ts';

export default defineAction({
  type: 'UpdateContactData',
  block: 'Set contact data',
  source: reference('contact-actions-updatecontactdata'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  parameters: (a) => {
    const code = a.Parameters.LanguageCode;
    return code === undefined ||
      isJsonPath(code) ||
      (typeof code === 'string' && /^[a-z]{2,3}-[A-Z0-9]{2,3}(-[A-Z]{3})?$/.test(code))
      ? []
      : [
          issue(
            'parameters/enum',
            'Parameters.LanguageCode',
            `LanguageCode must look like ja-JP, en-US or en-GB-WLS, got ${JSON.stringify(code)}`,
          ),
        ];
  },
  run: (a, rt) => {
    const code = a.Parameters.LanguageCode;
    if (typeof code === 'string') {
      rt.contact.languageCode = rt.resolveValue(code);
      rt.emit({ type: 'language', languageCode: rt.contact.languageCode });
    }
    return rt.next(a);
  },
  detail: (a) => text(a.Parameters.LanguageCode),
});
