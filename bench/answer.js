// A deterministic, realistic long answer: headings, paragraphs with inline markup and links, lists
// (some nested, some numbered), a table now and then and many fenced code blocks in several languages.
'use strict';

/** mulberry32: a small seeded PRNG, so every run streams the very same answer. */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ('the request handler reads the configuration once and caches the parsed result so that later calls ' +
  'return quickly while the watcher invalidates the cache whenever the file changes on disk this keeps the ' +
  'extension responsive even for large workspaces with many folders and the tests cover both paths').split(' ');
const NAMES = ['loadConfig', 'parseArgs', 'Cache', 'fetchUser', 'retryDelay', 'Watcher', 'toJSON', 'settings.json', 'index.ts'];

const CODE = {
  ts: [
    'export async function {f}(path: string): Promise<Config> {',
    '  const text = await fs.readFile(path, "utf8");',
    '  // Parse once, then keep the result for later calls.',
    '  const parsed = JSON.parse(text) as Partial<Config>;',
    '  if (!parsed.name) throw new Error(`missing name in ${path}`);',
    '  return { ...DEFAULTS, ...parsed, loadedAt: Date.now() };',
    '}',
    'const cache = new Map<string, Config>();',
    'for (const [key, value] of Object.entries(options)) cache.set(key, value);',
  ],
  python: [
    'def {f}(path: str) -> dict:',
    '    """Read the configuration and fill in defaults."""',
    '    with open(path, encoding="utf-8") as fh:',
    '        data = json.load(fh)',
    '    for key, value in DEFAULTS.items():',
    '        data.setdefault(key, value)  # keep what the user set',
    '    return data',
  ],
  bash: ['#!/usr/bin/env bash', 'set -euo pipefail', 'npm ci --ignore-scripts', 'for f in src/*.ts; do echo "checking $f"; done', 'npx tsc --noEmit -p . && npm test'],
  json: ['{', '  "name": "{f}",', '  "version": "1.2.3",', '  "enabled": true,', '  "retries": [100, 200, 400],', '  "paths": { "root": "./src" }', '}'],
  rust: ['fn {f}(path: &Path) -> Result<Config, Error> {', '    let text = fs::read_to_string(path)?;', '    let config: Config = serde_json::from_str(&text)?;', '    Ok(config)', '}'],
};

function generateAnswer(targetBytes = 200_000, seed = 42) {
  const r = rng(seed);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const words = (n) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const sentence = () => {
    const s = words(8 + Math.floor(r() * 12));
    const decorate = r();
    const body = decorate < 0.25 ? `${s} with \`${pick(NAMES)}\`` : decorate < 0.4 ? `${s} and **${words(2)}**` : decorate < 0.5 ? `${s} ([docs](https://example.com/${pick(NAMES)}))` : decorate < 0.6 ? `${s} *${words(2)}*` : s;
    return body[0].toUpperCase() + body.slice(1) + '.';
  };
  const paragraph = () => Array.from({ length: 2 + Math.floor(r() * 4) }, sentence).join(' ');
  const list = () => {
    const ordered = r() < 0.3;
    return Array.from({ length: 3 + Math.floor(r() * 4) }, (_, i) => {
      const item = `${ordered ? `${i + 1}.` : '-'} ${sentence()}`;
      return r() < 0.2 ? `${item}\n${ordered ? '   ' : '  '}- ${sentence()}` : item;
    }).join('\n');
  };
  const code = () => {
    const lang = pick(Object.keys(CODE));
    const source = CODE[lang];
    const start = Math.floor(r() * source.length);
    const name = pick(NAMES);
    const lines = Array.from({ length: 6 + Math.floor(r() * 30) }, (_, i) => source[(start + i) % source.length].replace('{f}', name));
    return `\`\`\`${lang}\n${lines.join('\n')}\n\`\`\``;
  };
  const table = () => `| Setting | Default | Meaning |\n|---|---|---|\n${Array.from({ length: 4 }, () => `| \`${pick(NAMES)}\` | ${Math.floor(r() * 100)} | ${words(5)} |`).join('\n')}`;

  const blocks = [];
  let size = 0;
  for (let section = 1; size < targetBytes; section++) {
    const parts = [`## ${section}. ${words(3)}`, paragraph()];
    for (let k = 0; k < 3; k++) {
      const kind = r();
      parts.push(kind < 0.45 ? code() : kind < 0.75 ? list() : kind < 0.85 ? table() : kind < 0.92 ? `> ${sentence()}` : paragraph());
      parts.push(paragraph());
    }
    const text = parts.join('\n\n');
    blocks.push(text);
    size += text.length + 2;
  }
  return blocks.join('\n\n') + '\n';
}

/** `text` cut in deltas of `size` characters, as a model's stream would deliver it. */
function deltas(text, size = 4) {
  const out = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

module.exports = { generateAnswer, deltas };
