import { defineAction } from './action.ts';
import { isJsonPath, issue, oneOf, only, param, reference, required, type SpecIssue, text } from './rules.ts';

const ENGINES = ['standard', 'neural', 'long-form', 'generative'];

export default defineAction({
  type: 'UpdateContactTextToSpeechVoice',
  block: 'Set voice',
  source: reference('contact-actions-updatecontacttexttospeechvoice'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  parameters: (a) => {
    const engine = param(a, 'TextToSpeechEngine');
    const issues: SpecIssue[] = [
      ...required(a, 'TextToSpeechVoice'),
      ...oneOf(a, 'TextToSpeechStyle', ['None', 'Conversational', 'Newscaster']),
    ];
    if (engine !== undefined) {
      const lower = typeof engine === 'string' ? engine.toLowerCase() : '';
      if (typeof engine !== 'string' || isJsonPath(engine)) {
        // A JSONPath is read at run time.
      } else if (!ENGINES.includes(lower)) {
        // Connect adds engines (working flows use "connect:agentic"): an unknown one is a warning.
        issues.push(
          issue(
            'parameters/enum',
            'Parameters.TextToSpeechEngine',
            `TextToSpeechEngine is usually standard, neural, long-form or generative, got ${JSON.stringify(engine)}: check the voice supports it`,
            'warning',
          ),
        );
      } else if (engine !== lower) {
        // Exports from working instances hold "Neural"; recent API checks want lower case.
        issues.push(
          issue(
            'parameters/case',
            'Parameters.TextToSpeechEngine',
            `write TextToSpeechEngine in lower case ("${lower}"); recent API checks reject "${engine}"`,
            'warning',
          ),
        );
      }
    }
    return issues;
  },
  run: (a, rt) => {
    const p = a.Parameters;
    if (p.TextToSpeechVoice !== undefined) rt.contact.voice = rt.resolveValue(p.TextToSpeechVoice);
    rt.emit({
      type: 'voice',
      voice: rt.contact.voice,
      ...(typeof p.TextToSpeechEngine === 'string' ? { engine: p.TextToSpeechEngine } : {}),
    });
    return rt.next(a);
  },
  detail: (a) =>
    [text(a.Parameters.TextToSpeechVoice), text(a.Parameters.TextToSpeechEngine)].filter(Boolean).join(' '),
});
