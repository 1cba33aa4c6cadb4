import assert from 'node:assert/strict';
import { looksBinary, looksMinified, truncate, truncationMarker } from '../../src/core/attachments';
import { precut } from '../../src/core/attachments/limits';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('attachments: limits (E5)', () => {
  it('E5 a file with a NUL byte in its first 8 KB is binary', () => {
    const bytes = utf8('PNG-ish header then text'.repeat(10));
    bytes[5] = 0;
    assert.equal(looksBinary(bytes), true);
  });

  it('E5 mostly invalid UTF-8 is binary; a few stray bytes are not', () => {
    const noise = Uint8Array.from({ length: 4096 }, (_, i) => 0x80 + (i % 0x40));
    assert.equal(looksBinary(noise), true);
    const latin1 = utf8('caf? '.repeat(200));
    for (let i = 3; i < latin1.length; i += 50) latin1[i] = 0xe9; // one stray Latin-1 byte per 50
    assert.equal(looksBinary(latin1), false);
  });

  it('E5 ordinary text, UTF-8 and an empty file are not binary', () => {
    assert.equal(looksBinary(utf8('const a = 1;\n\tconsole.log("héllo, 世界 🚀");\r\n')), false);
    assert.equal(looksBinary(new Uint8Array()), false);
  });

  it('E5 only the first 8 KB are sniffed, and a character cut at the boundary is not invalid', () => {
    const text = 'a'.repeat(8191) + 'é' + 'b'.repeat(100); // é straddles byte 8192
    assert.equal(looksBinary(utf8(text)), false);
    const lateNul = utf8('a'.repeat(10_000));
    lateNul[9_000] = 0;
    assert.equal(looksBinary(lateNul), false);
  });

  it('E5 a minified bundle (long lines) is recognised; ordinary code and short one-liners are not', () => {
    const bundle = '!function(e){' + 'var a=1,b=2;'.repeat(1_000) + '}();';
    assert.equal(looksMinified(bundle), true, 'one long line');
    const wide = Array.from({ length: 10 }, () => 'x'.repeat(600)).join('\n');
    assert.equal(looksMinified(wide), true, 'average line over 500');
    const withOneHugeLine = 'line\n'.repeat(2_000) + 'y'.repeat(5_001);
    assert.equal(looksMinified(withOneHugeLine), true, 'any line over 5,000');
    assert.equal(looksMinified('const a = 1;\n'.repeat(1_000)), false);
    assert.equal(looksMinified('x'.repeat(2_000)), false, 'short texts are never minified');
  });

  it('E5 truncate keeps short text as it is', () => {
    assert.equal(truncate('abc', 10), 'abc');
  });

  it('E5 truncate cuts at a line break, marks the cut and counts what was left out', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${String(i).padStart(3, '0')}`).join('\n');
    const cut = truncate(text, 300);
    assert.ok(cut.length <= 300, `${cut.length}`);
    const lines = cut.split('\n');
    const marker = lines.pop() ?? '';
    assert.match(marker, /^… \[truncated: [\d,]+ more characters not sent\]$/);
    assert.match(lines[lines.length - 1], /^line \d{3}$/, 'no half line before the marker');
    const kept = lines.join('\n');
    assert.ok(text.startsWith(kept));
    assert.equal(marker, truncationMarker(text.length - kept.length));
  });

  it('E5 truncate never splits a surrogate pair', () => {
    const text = '🚀'.repeat(1_000);
    const cut = truncate(text, 201);
    const kept = cut.split('\n')[0];
    assert.equal(kept.length % 2, 0);
    assert.ok(!/[\ud800-\udbff]$/.test(kept));
  });

  it('E5 truncate adds characters dropped earlier to the count', () => {
    assert.equal(truncate('short', 100, 50), `short\n${truncationMarker(50)}`);
  });

  it('E3 precut (the bound on redaction work) cuts at a line break, never inside a token', () => {
    const token = 'ghp_' + 'x'.repeat(36);
    const text = 'a = 1\n'.repeat(100) + `t = "${token}"\n` + 'b = 2\n'.repeat(100);
    const cutInToken = text.indexOf(token) + 10;
    const head = precut(text, cutInToken);
    assert.ok(!head.includes('ghp_'), 'the line with the token is left out whole');
    assert.ok(text.startsWith(head));
    const oneLine = 'word '.repeat(100) + token;
    assert.ok(!precut(oneLine, oneLine.length - 5).includes('ghp_'), 'without line breaks, cut before the token');
    assert.equal(precut('short', 100), 'short');
  });
});
