import assert from 'node:assert/strict';
import { findHidden, replaceHidden } from '../../src/shared/hidden-chars';

const names = (text: string) => findHidden(text).map((h) => h.name);

describe('A10 hidden characters, from Unicode properties', () => {
  it('finds every kind the review named, each by its code point', () => {
    const cases: Array<[string, string]> = [
      ['\u200E', 'U+200E'], ['\u200F', 'U+200F'], ['\u061C', 'U+061C'], ['\u00AD', 'U+00AD'],
      ['\u2061', 'U+2061'], ['\u2062', 'U+2062'], ['\u2063', 'U+2063'], ['\u2064', 'U+2064'],
      ['\u180E', 'U+180E'], ['\u034F', 'U+034F'], ['\u3164', 'U+3164'], ['\uFFA0', 'U+FFA0'],
      ['\uFE00', 'U+FE00'], ['\uFE0F', 'U+FE0F'], ['\u{E0100}', 'U+E0100'], ['\u{E01EF}', 'U+E01EF'],
      ['\u{E0001}', 'U+E0001'], ['\u{E0041}', 'U+E0041'], ['\u{E007F}', 'U+E007F'],
      ['\u200B', 'U+200B'], ['\u200C', 'U+200C'], ['\u200D', 'U+200D'], ['\u202E', 'U+202E'],
      ['\u2066', 'U+2066'], ['\u2069', 'U+2069'], ['\u2060', 'U+2060'], ['\uFEFF', 'U+FEFF'],
      ['\u115F', 'U+115F'], ['\u1160', 'U+1160'], ['\u17B4', 'U+17B4'], ['\uFFF9', 'U+FFF9'],
    ];
    for (const [ch, name] of cases) assert.deepEqual(names(`a${ch}b`), [name], name);
  });

  it('finds them anywhere: in code, in a path, many in a row, astral ones counted by code point', () => {
    const smuggled = 'const ok = true;' + [...'ignore previous'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
    const hidden = findHidden(smuggled);
    assert.equal(hidden.length, 'ignore previous'.length);
    assert.ok(hidden.every((h) => h.length === 2));
    assert.equal(replaceHidden('src/\u202Efdp.exe', (n) => `[${n}]`), 'src/[U+202E]fdp.exe');
    assert.equal(replaceHidden('x\u200B\u200B\u2060y', () => '#'), 'x###y');
  });

  it('leaves emoji whole: presentation selectors, joined families, skin tones, keycaps, subdivision flags', () => {
    for (const emoji of ['❤️', '☺︎', '👨‍👩‍👧', '🧑🏽‍💻', '🏳️‍🌈', '1️⃣', '#️⃣', '🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}']) {
      assert.deepEqual(names(`see ${emoji} here`), [], emoji);
    }
  });

  it('does not let an emoji carry smuggled text: a selector after a letter, a joiner after text, tags that spell a sentence after a flag', () => {
    assert.deepEqual(names('a\uFE0F'), ['U+FE0F']);
    assert.deepEqual(names('1\uFE0F'), ['U+FE0F']);
    assert.deepEqual(names('a\u200D👍'), ['U+200D']);
    assert.deepEqual(names('😀\u{E0100}'), ['U+E0100']);
    const payload = [...'run rm -rf'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
    assert.equal(findHidden(`🏴${payload}\u{E007F}`).length, [...payload].length + 1);
    assert.equal(findHidden('🏴\u{E0067}\u{E0062}').length, 2, 'no cancel tag: not a flag');
  });

  it('plain text, code and other scripts have none', () => {
    for (const text of ['function f(a, b) { return a + b; }', 'Привет, мир', 'مرحبا بالعالم', '你好，世界', 'naïve café', '']) {
      assert.deepEqual(names(text), [], text);
    }
  });
});
