// history-build-ms: building the Chat Completions request for the next turn of a 1,000-turn thread
// (questions, selections, files sent in full or as unchanged placeholders, tool calls, answers),
// trimmed to a 32,000-token budget with the real o200k tokenizer, as the extension does it before
// each request on a server that keeps no history. Median of 20 builds, each for a thread one turn
// longer than the last (the counts of earlier turns are kept between builds, as in the extension).
// history-build-ms-cold: the first build, with nothing counted yet (after a reload). Goal < 20 ms.
'use strict';

const path = require('path');

const OUT = path.join(__dirname, '..', 'out');
const core = (p) => require(path.join(OUT, 'src', 'core', p));

const code = (i, lines) => Array.from({ length: lines }, (_, n) => `  const v${n} = compute(${i}, ${n}); // step ${n} of turn ${i}`).join('\n');
const prose = (i, words) => Array.from({ length: words }, (_, n) => ['the', 'function', 'returns', 'a', 'value', 'when', 'input', `x${(i + n) % 17}`][n % 8]).join(' ');

function makeTurn(i, UNCHANGED_TEXT) {
  const attachments = [{ kind: 'selection', path: `src/m${i % 40}.ts`, languageId: 'typescript', range: { startLine: 1, endLine: 40 }, text: code(i, 40) }];
  if (i % 5 === 0) attachments.push({ kind: 'file', path: `src/shared${i % 3}.ts`, languageId: 'typescript', text: code(i, 120) });
  else attachments.push({ kind: 'file', path: `src/shared${i % 3}.ts`, languageId: 'typescript', text: UNCHANGED_TEXT });
  const tools = i % 4 === 0 ? [{ callId: `call_${i}`, name: 'read_file', arguments: `{"path":"src/m${i % 40}.ts"}`, status: 'done', output: code(i, 30) }] : undefined;
  return { id: `turn_${i}`, kind: 'ask', question: `Question ${i}: ${prose(i, 30)}?`, attachments, createdAt: i, answer: `${prose(i, 200)}\n\n\`\`\`ts\n${code(i, 15)}\n\`\`\``, status: 'completed', ...(tools ? { tools } : {}) };
}

async function historyFigures() {
  const { buildHistory } = core('backends/chat/history');
  const { TokenCounters } = core('tokens/count');
  const { UNCHANGED_TEXT } = core('attachments/collect');
  const counter = new TokenCounters((name) => require(`gpt-tokenizer/encoding/${name}`).countTokens).for('gpt-4.1-mini');
  const turns = Array.from({ length: 1000 }, (_, i) => makeTurn(i, UNCHANGED_TEXT));
  const next = makeTurn(1000, UNCHANGED_TEXT);
  const request = () => ({ instructions: 'You are a senior software engineer.', turns, question: next.question, attachments: next.attachments, rounds: [], maxTokens: 32_000, counter });
  counter.count('warm the encoding up'); // loading the tables is paid once per window, not per request

  let t = performance.now();
  const cold = buildHistory(request());
  const coldMs = performance.now() - t;
  const times = [];
  let built = cold;
  for (let i = 0; i < 20; i++) {
    turns.push(makeTurn(1001 + i, UNCHANGED_TEXT));
    t = performance.now();
    built = buildHistory(request());
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const median = (times[9] + times[10]) / 2;
  return {
    'history-build-ms': median.toFixed(2),
    'history-build-ms-cold': coldMs.toFixed(2),
    'history-turns-sent': built.keptTurns,
    'history-tokens-sent': built.tokens,
  };
}

module.exports = { historyFigures, makeTurn };
