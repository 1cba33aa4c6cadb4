// read_file: whole files and line ranges, and what it refuses to read or send (E3, E5, F8).
import assert from 'node:assert/strict';
import { runToolCall, MAX_TOOL_OUTPUT_CHARS } from '../../src/core/tools';
import { diskWorkspace, errorOf } from './tools.support';

type Ws = Awaited<ReturnType<typeof diskWorkspace>>;
const read = (ws: Ws, path: string, startLine: number | null = null, endLine: number | null = null) =>
  runToolCall({ name: 'read_file', arguments: JSON.stringify({ path, startLine, endLine }) }, ws.port);

const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
const GITHUB_TOKEN = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
const PEM = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEAzK3vbase64bodyline1', 'c2VjcmV0IGJvZHkgbGluZSB0d28gb2Yga2V5', '-----END RSA PRIVATE KEY-----'];

describe('tools: read_file', () => {
  let ws: Ws;
  beforeEach(async () => {
    ws = await diskWorkspace({
      'src/ten.txt': numbered(10),
      'src/config.ts': `export const token = "${GITHUB_TOKEN}";\nexport const ok = 1;\n`,
      'keys.txt': ['before', ...PEM, 'after'].join('\n') + '\n',
      'img.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3]),
      'big.log': 'x'.repeat(3 * 1024 * 1024),
      'wide.txt': Array.from({ length: 2_000 }, (_, i) => `${i + 1}: ${'w'.repeat(40)}`).join('\n'),
      'one-line.min.js': 'a'.repeat(50_000),
    });
  });
  afterEach(() => ws.dispose());

  it('reads a whole file with a header giving its line count', async () => {
    const r = await read(ws, 'src/ten.txt');
    assert.equal(r.ok, true);
    assert.equal(r.output, `src/ten.txt: 10 lines\n${numbered(10).trimEnd()}`);
    assert.equal(r.summary, 'Read src/ten.txt');
  });

  it('F8 reads a line range, 1-based and inclusive', async () => {
    const r = await read(ws, 'src/ten.txt', 3, 5);
    assert.equal(r.output, 'src/ten.txt: lines 3-5 of 10\nline 3\nline 4\nline 5');
    assert.equal(r.summary, 'Read src/ten.txt, lines 3–5');
  });

  it('F8 an endLine past the end is clipped; a startLine past the end is an error', async () => {
    assert.match((await read(ws, 'src/ten.txt', 9, 500)).output, /^src\/ten\.txt: lines 9-10 of 10\nline 9\nline 10$/);
    assert.match(errorOf((await read(ws, 'src/ten.txt', 11)).output), /has 10 lines; startLine 11 is past its end/);
    assert.match(errorOf((await read(ws, 'src/ten.txt', 5, 4)).output), /endLine \(4\) is before startLine \(5\)/);
  });

  it('F8 a long file is cut at a line, marked, and says where to continue', async () => {
    const r = await read(ws, 'wide.txt');
    assert.ok(r.output.length <= MAX_TOOL_OUTPUT_CHARS, `${r.output.length} chars`);
    const m = /Output truncated after line (\d+).*startLine=(\d+)/.exec(r.output);
    assert.ok(m, 'the truncation is marked');
    const last = Number(m[1]);
    assert.equal(Number(m[2]), last + 1);
    assert.match(r.output, new RegExp(`^wide\\.txt: lines 1-${last} of 2000`));
    assert.ok(r.output.includes(`\n${last}: w`) && !r.output.includes(`\n${last + 1}: w`), 'cut after a whole line');
    // Continuing from there picks up exactly at the next line.
    assert.match((await read(ws, 'wide.txt', last + 1, last + 1)).output, new RegExp(`\n${last + 1}: w+$`));
  });

  it('F8 a single line longer than the cap is cut and marked', async () => {
    const r = await read(ws, 'one-line.min.js');
    assert.ok(r.output.length <= MAX_TOOL_OUTPUT_CHARS);
    assert.match(r.output, /\[truncated: [\d,]+ more characters not sent\]/);
  });

  it('E5 a binary file is refused', async () => {
    assert.match(errorOf((await read(ws, 'img.png')).output), /binary/);
  });

  it('E5 a file over 2 MB is refused without being read', async () => {
    const r = await read(ws, 'big.log');
    assert.match(errorOf(r.output), /big\.log is 3\.0 MB; files over 2 MB are not read/);
    assert.ok(!ws.port.calls.includes('readFile big.log'), 'its bytes were never read');
  });

  it('a folder is an error that points to list_files', async () => {
    assert.match(errorOf((await read(ws, 'src')).output), /src is a folder; use list_files/);
  });

  it('E3 a token in the file is redacted in the output, and the user is told', async () => {
    const r = await read(ws, 'src/config.ts');
    assert.ok(!r.output.includes(GITHUB_TOKEN));
    assert.match(r.output, /export const token = "\[REDACTED: github-token\]";/);
    assert.deepEqual(r.notices, ['Redacted 1 GitHub token in src/config.ts']);
  });

  it('E3 a private key is blanked line for line, so line numbers stay true', async () => {
    const r = await read(ws, 'keys.txt');
    assert.equal(r.output, ['keys.txt: 6 lines', 'before', ...PEM.map(() => '[REDACTED: private-key]'), 'after'].join('\n'));
  });

  it('E3 a range starting inside a private key block is still redacted', async () => {
    const r = await read(ws, 'keys.txt', 3, 4);
    assert.equal(r.output, 'keys.txt: lines 3-4 of 6\n[REDACTED: private-key]\n[REDACTED: private-key]');
    assert.ok(!r.output.includes('c2VjcmV0'));
  });

  it('E3 no notice when the lines read hold no secret', async () => {
    const r = await read(ws, 'src/config.ts', 2, 2);
    assert.equal(r.output, 'src/config.ts: lines 2-2 of 2\nexport const ok = 1;');
    assert.deepEqual(r.notices, []);
  });
});
