import assert from 'node:assert/strict';
import {
  collectAttachments,
  MAX_FILE_BYTES,
  MAX_FILE_CHARS,
  MAX_TURN_CHARS,
  PathFilter,
  recordSent,
  SentFiles,
  UNCHANGED_TEXT,
  type Candidate,
  type CollectOptions,
} from '../../src/core/attachments';

const GITHUB_TOKEN = 'ghp_' + 'A1b2C3d4E5'.repeat(3) + 'f6G7h8';
const utf8 = (text: string) => new TextEncoder().encode(text);

function selection(path: string, text: string, extra: Partial<Candidate> = {}): Candidate {
  return { kind: 'selection', path, languageId: 'typescript', range: { startLine: 1, endLine: 3 }, text, explicit: true, ...extra };
}
function file(path: string, content: string | Uint8Array, extra: Partial<Candidate> = {}): Candidate {
  const body = typeof content === 'string' ? { text: content } : { bytes: content };
  return { kind: 'file', path, languageId: 'typescript', explicit: false, ...body, ...extra };
}
function options(extra: Partial<CollectOptions> = {}): CollectOptions {
  return { filter: new PathFilter(), trusted: true, sent: new SentFiles(), ...extra };
}
/** Code-like text of about `chars` characters with short lines (not minified). */
function code(chars: number, tag = 'x'): string {
  const line = `const ${tag} = compute(${tag}, 42); // ordinary line of code\n`;
  return line.repeat(Math.ceil(chars / line.length)).slice(0, chars);
}

describe('attachments: collect', () => {
  it('sends a selection and a file as attachments, selection first', () => {
    const result = collectAttachments([file('src/b.ts', 'export const b = 2;\n'), selection('src/a.ts', 'const a = 1;')], options());
    assert.deepEqual(result.attachments, [
      { kind: 'selection', path: 'src/a.ts', languageId: 'typescript', range: { startLine: 1, endLine: 3 }, text: 'const a = 1;' },
      { kind: 'file', path: 'src/b.ts', languageId: 'typescript', text: 'export const b = 2;\n' },
    ]);
    assert.deepEqual(result.refused, []);
    assert.deepEqual(result.notices, []);
    assert.deepEqual(result.unchanged, []);
  });

  it('E1 .env is never attached, even when open', () => {
    const result = collectAttachments([file('.env', 'DB_PASSWORD=x\n'), file('config/.env.local', 'A=1')], options());
    assert.deepEqual(result.attachments, []);
    assert.equal(result.refused.length, 2);
    assert.match(result.refused[0].reason, /default deny list: environment files/);
  });

  it('E1 an explicit selection inside a denied file is refused, naming the rule', () => {
    const result = collectAttachments([selection('.env', 'OPENAI_API_KEY=abc'), selection('deploy/server.pem', 'abc'), selection('.ssh/config', 'Host x')], options());
    assert.deepEqual(result.attachments, []);
    assert.deepEqual(result.refused.map((r) => r.path), ['.env', 'deploy/server.pem', '.ssh/config']);
    assert.match(result.refused[0].reason, /\.env/);
    assert.match(result.refused[1].reason, /\*\.pem/);
    assert.match(result.refused[2].reason, /\.ssh folder/);
  });

  it('E2 files and selections excluded by .assistantignore are refused', () => {
    const filter = new PathFilter('internal/\n');
    const result = collectAttachments([selection('internal/plan.md', 'secret plan'), file('internal/x.ts', 'x'), file('src/ok.ts', 'ok')], options({ filter }));
    assert.deepEqual(result.attachments.map((a) => a.path), ['src/ok.ts']);
    assert.deepEqual(result.refused.map((r) => [r.path, r.reason]), [
      ['internal/plan.md', 'it is excluded by .assistantignore (rule "internal/")'],
      ['internal/x.ts', 'it is excluded by .assistantignore (rule "internal/")'],
    ]);
  });

  it('refuses malformed paths', () => {
    const result = collectAttachments([file('../outside.ts', 'x'), selection('/etc/passwd', 'root')], options());
    assert.deepEqual(result.attachments, []);
    const reasons = Object.fromEntries(result.refused.map((r) => [r.path, r.reason]));
    assert.match(reasons['../outside.ts'], /"\.\."/);
    assert.match(reasons['/etc/passwd'], /absolute/);
  });

  it('D2 untrusted workspace: explicit selections pass, files and automatic selections are refused', () => {
    const result = collectAttachments(
      [selection('src/a.ts', 'const a = 1;'), selection('src/b.ts', 'const b = 2;', { explicit: false }), file('src/c.ts', 'const c = 3;')],
      options({ trusted: false }),
    );
    assert.deepEqual(result.attachments.map((a) => a.path), ['src/a.ts']);
    assert.deepEqual(result.refused.map((r) => r.path), ['src/b.ts', 'src/c.ts']);
    for (const r of result.refused) assert.match(r.reason, /not trusted/);
  });

  it('D2 the deny list still applies to explicit selections in an untrusted workspace', () => {
    const result = collectAttachments([selection('.env', 'A=1')], options({ trusted: false }));
    assert.deepEqual(result.attachments, []);
    assert.match(result.refused[0].reason, /deny list/);
  });

  it('E5 a 50 MB file is refused without being decoded', () => {
    const bytes = new Uint8Array(50 * 1024 * 1024);
    // A decoder would have to read every byte; a spy on the view proves none was looked at.
    const spy = new Proxy(bytes, {
      get(target, prop) {
        if (typeof prop === 'string' && /^\d+$/.test(prop)) throw new Error(`byte ${prop} was read`);
        const value = Reflect.get(target, prop, target) as unknown;
        if (prop === 'subarray' || prop === 'slice' || prop === 'includes' || prop === 'buffer') throw new Error(`${String(prop)} was used`);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const result = collectAttachments([file('data/huge.json', spy)], options());
    assert.deepEqual(result.attachments, []);
    assert.equal(result.refused.length, 1);
    assert.match(result.refused[0].reason, /50\.0 MB; files over 2\.0 MB are not read/);
  });

  it('E5 a file just under the byte limit is read', () => {
    const result = collectAttachments([file('src/big.ts', utf8(code(MAX_FILE_BYTES - 10)))], options());
    assert.equal(result.refused.length, 0);
    assert.equal(result.attachments.length, 1);
  });

  it('E5 a huge file given as text is refused as well', () => {
    const result = collectAttachments([file('src/huge.ts', code(MAX_FILE_BYTES + 1))], options());
    assert.match(result.refused[0]?.reason ?? '', /not read/);
  });

  it('E5 a binary file is refused', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const result = collectAttachments([file('media/icon.png', png), file('src/nul.ts', 'abc\0def')], options());
    assert.deepEqual(result.attachments, []);
    assert.match(result.refused[0].reason, /binary/);
    assert.match(result.refused[1].reason, /binary/);
  });

  it('E5 a minified bundle is refused as a file, but a selection in it is cut to size and sent', () => {
    const bundle = '!function(){' + 'var a=1,b=2;'.repeat(10_000) + '}();';
    const result = collectAttachments([file('dist/app.min.js', bundle), selection('dist/app.min.js', bundle)], options());
    assert.deepEqual(result.refused.map((r) => r.path), ['dist/app.min.js']);
    assert.match(result.refused[0].reason, /minified/);
    assert.equal(result.attachments.length, 1);
    assert.equal(result.attachments[0].kind, 'selection');
    assert.ok(result.attachments[0].text.length <= MAX_FILE_CHARS);
  });

  it('E5 a huge selection is truncated with a marker and a notice', () => {
    const text = code(5_000_000);
    const result = collectAttachments([selection('src/a.ts', text)], options());
    const sent = result.attachments[0].text;
    assert.ok(sent.length <= MAX_FILE_CHARS, `${sent.length}`);
    assert.match(sent, /\n… \[truncated: [\d,]+ more characters not sent\]$/);
    const omitted = Number(/truncated: ([\d,]+)/.exec(sent)?.[1].replace(/,/g, ''));
    const kept = sent.slice(0, sent.lastIndexOf('\n'));
    assert.equal(omitted, text.length - kept.length, 'the marker counts everything not sent');
    assert.deepEqual(result.notices, ['Truncated src/a.ts:1-3: only the first 40,000 characters are sent']);
  });

  it('E5 a file over the per-file limit is truncated with a marker', () => {
    const result = collectAttachments([file('src/long.ts', code(MAX_FILE_CHARS * 2))], options());
    assert.ok(result.attachments[0].text.length <= MAX_FILE_CHARS);
    assert.match(result.attachments[0].text, /truncated: [\d,]+ more characters not sent/);
    assert.match(result.notices[0], /^Truncated src\/long\.ts/);
  });

  it('E3 secrets are redacted in selections and files, with a notice per kind', () => {
    const result = collectAttachments(
      [selection('src/a.ts', `const t = "${GITHUB_TOKEN}";`), file('src/b.ts', utf8(`const t = "${GITHUB_TOKEN}", u = "${GITHUB_TOKEN}";\npassword = "hunter2!"\n`))],
      options(),
    );
    assert.equal(result.attachments[0].text, 'const t = "[REDACTED: github-token]";');
    assert.ok(!result.attachments.some((a) => a.text.includes(GITHUB_TOKEN)));
    assert.ok(!result.attachments[1].text.includes('hunter2'));
    assert.deepEqual(result.notices, [
      'Redacted 1 GitHub token in src/a.ts:1-3',
      'Redacted 2 GitHub tokens in src/b.ts',
      'Redacted 1 hard-coded password or secret in src/b.ts',
    ]);
  });

  it('E3 a secret near the end of a huge selection is never sent in part', () => {
    const text = code(MAX_FILE_CHARS - 20) + `const t = "${GITHUB_TOKEN}";\n` + code(100_000);
    const sent = collectAttachments([selection('src/a.ts', text)], options()).attachments[0].text;
    assert.ok(!sent.includes(GITHUB_TOKEN.slice(0, 12)), 'no prefix of the token');
  });

  it('decodes bytes as UTF-8 and drops a byte-order mark', () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('const s = "héllo";')]);
    assert.equal(collectAttachments([file('src/a.ts', bytes)], options()).attachments[0].text, 'const s = "héllo";');
  });

  it('refuses a candidate with no content', () => {
    const result = collectAttachments([{ kind: 'file', path: 'src/a.ts', languageId: 'typescript', explicit: false }], options());
    assert.match(result.refused[0].reason, /no content/);
  });

  it('sends the same file only once per turn', () => {
    const result = collectAttachments([file('src/a.ts', 'a'), file('./src/a.ts', 'a')], options());
    assert.deepEqual(result.attachments.map((a) => a.path), ['src/a.ts']);
  });

  describe('per-turn budget', () => {
    it('fills the budget in order: selections first, then files; truncates the one that crosses it, leaves out the rest', () => {
      const files = ['src/f1.ts', 'src/f2.ts', 'src/f3.ts', 'src/f4.ts'].map((p, i) => file(p, code(MAX_FILE_CHARS - 1_000, `f${i}`)));
      const result = collectAttachments([...files, selection('src/s.ts', code(30_000, 's'))], options());
      assert.deepEqual(result.attachments.map((a) => a.path), ['src/s.ts', 'src/f1.ts', 'src/f2.ts', 'src/f3.ts']);
      const total = result.attachments.reduce((n, a) => n + a.text.length, 0);
      assert.ok(total <= MAX_TURN_CHARS, `${total}`);
      assert.match(result.attachments[3].text, /truncated: [\d,]+ more characters not sent/);
      assert.deepEqual(result.notices, [
        'Shortened src/f3.ts to fit the 120,000-character limit for one message',
        'Left out to stay within the 120,000-character limit for one message: src/f4.ts',
      ]);
      assert.deepEqual(Object.keys(result.sentHashes), ['src/f1.ts', 'src/f2.ts', 'src/f3.ts']);
    });

    it('leaves out rather than sends a sliver', () => {
      const files = ['a.ts', 'b.ts', 'c.ts', 'd.ts'].map((p) => file(p, code(MAX_TURN_CHARS / 3 - 200)));
      const result = collectAttachments(files, options());
      assert.deepEqual(result.attachments.map((a) => a.path), ['a.ts', 'b.ts', 'c.ts']);
      assert.match(result.notices.at(-1) ?? '', /Left out .*: d\.ts$/);
    });
  });

  describe('files already sent in this thread', () => {
    it('an unchanged file is not sent again, and the model is told so', () => {
      const sent = new SentFiles();
      const first = collectAttachments([file('src/a.ts', 'const a = 1;')], options({ sent }));
      assert.equal(first.attachments[0].text, 'const a = 1;');
      assert.deepEqual(first.unchanged, []);
      recordSent(sent, first);

      const second = collectAttachments([file('src/a.ts', utf8('const a = 1;'))], options({ sent }));
      assert.deepEqual(second.attachments, [{ kind: 'file', path: 'src/a.ts', languageId: 'typescript', text: UNCHANGED_TEXT }]);
      assert.deepEqual(second.unchanged, ['src/a.ts']);
      assert.deepEqual(second.sentHashes, {});
    });

    it('a changed file is sent again', () => {
      const sent = new SentFiles();
      recordSent(sent, collectAttachments([file('src/a.ts', 'const a = 1;')], options({ sent })));
      const changed = collectAttachments([file('src/a.ts', 'const a = 2;')], options({ sent }));
      assert.equal(changed.attachments[0].text, 'const a = 2;');
      assert.deepEqual(changed.unchanged, []);
    });

    it('nothing counts as sent until recordSent is called (a failed send is not remembered)', () => {
      const sent = new SentFiles();
      collectAttachments([file('src/a.ts', 'const a = 1;')], options({ sent }));
      assert.equal(collectAttachments([file('src/a.ts', 'const a = 1;')], options({ sent })).attachments[0].text, 'const a = 1;');
      assert.deepEqual(sent.toJSON(), {});
    });

    it('compares the text after redaction, and records the hash of what was sent', () => {
      const sent = new SentFiles();
      const first = collectAttachments([file('src/a.ts', `t = "${GITHUB_TOKEN}"`)], options({ sent }));
      assert.equal(first.sentHashes['src/a.ts'], sent.hashOf('t = "[REDACTED: github-token]"'));
      recordSent(sent, first);
      const rotated = 'ghp_' + 'Z9y8X7w6V5'.repeat(3) + 'u4T3s2';
      const second = collectAttachments([file('src/a.ts', `t = "${rotated}"`)], options({ sent }));
      assert.deepEqual(second.unchanged, ['src/a.ts'], 'the model would see the same redacted text');
    });

    it('selections are always sent, even when unchanged', () => {
      const sent = new SentFiles();
      sent.record('src/a.ts', sent.hashOf('const a = 1;'));
      const result = collectAttachments([selection('src/a.ts', 'const a = 1;')], options({ sent }));
      assert.equal(result.attachments[0].text, 'const a = 1;');
      assert.deepEqual(result.unchanged, []);
    });
  });
});
