import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSmsLength, fitsSegments, smsSegments } from '../../lambdas/domain/messaging/sms-segments.ts';

const a = (n: number) => 'a'.repeat(n);
const kana = (n: number) => 'あ'.repeat(n);

describe('SMS segments', () => {
  it.each([
    // [what, body, encoding, units, segments, perSegment]
    ['an empty body', '', 'GSM-7', 0, 0, 160],
    ['160 ASCII characters', a(160), 'GSM-7', 160, 1, 160],
    ['161 ASCII characters', a(161), 'GSM-7', 161, 2, 153],
    ['153 × 2 ASCII characters', a(306), 'GSM-7', 306, 2, 153],
    ['153 × 2 + 1 ASCII characters', a(307), 'GSM-7', 307, 3, 153],
    ['accented letters and Greek in the GSM set', 'Ça va? Déjà vu. Δ ¿Año?', 'GSM-7', 23, 1, 160],
    // GSM has é, è, ù, ì, ò and à, but no á, í, ó or ú: one of them switches the whole body.
    ['an accent GSM lacks', 'Ñandú', 'UCS-2', 5, 1, 70],
    ['a line break', 'line one\nline two', 'GSM-7', 17, 1, 160],
    ['an extension character filling the 160th septet', `${a(158)}€`, 'GSM-7', 160, 1, 160],
    ['an extension character one septet over', `${a(159)}€`, 'GSM-7', 161, 2, 153],
    ['every extension character (2 septets each)', '^{}\\[~]|€', 'GSM-7', 18, 1, 160],
    ['an extension character ending a full part', `${a(151)}€${a(153)}`, 'GSM-7', 306, 2, 153],
    // The € would straddle septets 153/154, so it moves whole to part 2, which then overflows.
    ['an extension character straddling a part boundary', `${a(152)}€${a(152)}`, 'GSM-7', 306, 3, 153],
    ['70 Japanese characters', kana(70), 'UCS-2', 70, 1, 70],
    ['71 Japanese characters', kana(71), 'UCS-2', 71, 2, 67],
    ['67 × 2 Japanese characters', kana(134), 'UCS-2', 134, 2, 67],
    ['67 × 2 + 1 Japanese characters', kana(135), 'UCS-2', 135, 3, 67],
    ['one non-GSM letter in ASCII text', 'crêpe', 'UCS-2', 5, 1, 70],
    ['a full-width digit in 159 ASCII characters', `${a(159)}１`, 'UCS-2', 160, 3, 67],
    ['half-width katakana', 'ｶﾀｶﾅ', 'UCS-2', 4, 1, 70],
    ['70 half-width katakana', 'ｱ'.repeat(70), 'UCS-2', 70, 1, 70],
    ['71 half-width katakana', 'ｱ'.repeat(71), 'UCS-2', 71, 2, 67],
    ['35 emoji (surrogate pairs, 2 units each)', '😀'.repeat(35), 'UCS-2', 70, 1, 70],
    ['35 emoji and a letter', `${'😀'.repeat(35)}a`, 'UCS-2', 71, 2, 67],
    ['a kanji outside the BMP', '𠮷野家', 'UCS-2', 4, 1, 70],
    ['a surrogate pair ending a full part', `${kana(65)}😀${kana(67)}`, 'UCS-2', 134, 2, 67],
    ['a surrogate pair straddling a part boundary', `${kana(66)}😀${kana(66)}`, 'UCS-2', 134, 3, 67],
  ] as const)('%s', (_what, body, encoding, units, segments, perSegment) => {
    expect(smsSegments(body)).toEqual({ encoding, units, segments, perSegment });
  });

  it('counts a Japanese delivery notice with a link as two UCS-2 segments', () => {
    const body =
      '佐藤様、ご注文の商品を本日発送しました。お届けは11月25日の予定です。配送状況はこちら: https://example.com/o/12345';

    expect(smsSegments(body)).toEqual({ encoding: 'UCS-2', units: 73, segments: 2, perSegment: 67 });
    // Without the name it fits one: 69 of 70.
    expect(smsSegments(body.slice('佐藤様、'.length)).segments).toBe(1);
  });

  it('tells whether a body fits a number of segments', () => {
    expect(fitsSegments(kana(134), 2)).toBe(true);
    expect(fitsSegments(kana(135), 2)).toBe(false);
    expect(fitsSegments('', 1)).toBe(true);
  });

  it('accepts a body of exactly the stage maximum and refuses one segment more, saying by how much', () => {
    expect(checkSmsLength(kana(201), 3)).toEqual({ ok: true, segments: 3, encoding: 'UCS-2' });
    expect(checkSmsLength(kana(202), 3)).toEqual({
      ok: false,
      reason: 'too-long',
      segments: 4,
      max: 3,
      encoding: 'UCS-2',
    });
    expect(checkSmsLength(a(160), 1)).toEqual({ ok: true, segments: 1, encoding: 'GSM-7' });
    expect(checkSmsLength(a(161), 1)).toMatchObject({ ok: false, segments: 2, max: 1 });
  });

  // Characters chosen to hit every branch: basic GSM, extension, BMP non-GSM, astral.
  const anyChar = fc.oneof(
    fc.constantFrom('a', 'Z', '0', ' ', '@', 'é', 'Δ', '\n'),
    fc.constantFrom('€', '{', '^', '|'),
    fc.constantFrom('あ', '漢', 'ｶ', '１', 'ê'),
    fc.constantFrom('😀', '𠮷'),
  );
  const gsmChar = fc.constantFrom(
    ...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà^{}\\[~]|€',
  );

  it('never takes fewer segments when a body grows', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: anyChar, maxLength: 400 }),
        fc.string({ unit: anyChar, maxLength: 200 }),
        (body, more) => {
          expect(smsSegments(body + more).segments).toBeGreaterThanOrEqual(smsSegments(body).segments);
        },
      ),
    );
  });

  it('never reports UCS-2 for a body written only in the GSM alphabet', () => {
    fc.assert(
      fc.property(fc.string({ unit: gsmChar, maxLength: 500 }), (body) => {
        const { encoding, units } = smsSegments(body);
        expect(encoding).toBe('GSM-7');
        expect(units).toBeGreaterThanOrEqual(body.length);
      }),
    );
  });
});
