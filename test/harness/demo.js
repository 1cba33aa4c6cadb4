// Try the extension in a real VS Code: `npm run demo` [-- --open]
//   (= node scripts/with-node24.js test/harness/demo.js; needs Node >= 22).
//
// Builds the extension and serves a real VS Code (the VS Code server from the code-server npm
// package, see test/harness/vscode.js) with this repo loaded as the extension under development,
// on sample-workspace/ itself (not a copy: what you do there is what you see in the repo). Open
// the printed URL in a browser. Runs until Ctrl+C.
//
// Backend: with OPENAI_API_KEY set, the real OpenAI API (workspaceAssistant.baseUrl left empty).
// Without it, the fake OpenAI server of the tests (test/fake-openai) starts in this process; the
// extension gets its URL as workspaceAssistant.baseUrl, plus WORKSPACE_ASSISTANT_DEMO=1 and a
// dummy key so it labels the answers as coming from the demo backend.
//
// Env: PORT (default 8080), FLAVOUR (the fake plays that server: ollama, lmstudio, llamacpp, vllm,
// openrouter, groq, deepseek, mistral, gemini, azure; default openai), WA_EXTENSION_PATH (another extension folder, for checking the
// harness). --open: also start Chromium with a window (needs DISPLAY).
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { build } = require('./build');
const { startVSCode } = require('./vscode');
const { CHROMIUM } = require('../../scripts/ensure-vscode');

const ROOT = path.resolve(__dirname, '..', '..');
const WORKSPACE = path.join(ROOT, 'sample-workspace');

/** Chromium with a window, on its own throwaway profile. */
function openBrowser(url) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-demo-chromium-'));
  const args = [`--user-data-dir=${profile}`, '--no-first-run', '--disable-features=LocalNetworkAccessChecks', `--app=${url}`];
  if (process.getuid && process.getuid() === 0) args.unshift('--no-sandbox'); // Chromium refuses root otherwise
  const child = spawn(CHROMIUM, args, { stdio: 'ignore' });
  child.on('error', (e) => console.error(`[demo] cannot start ${CHROMIUM}: ${e.message}`));
  return { child, profile };
}

async function main() {
  const port = Number(process.env.PORT) || 8080;
  const realKey = !!process.env.OPENAI_API_KEY;

  build('demo', [[]]);
  let fake;
  let playing = 'OpenAI';
  const settings = {};
  const env = {};
  if (!realKey) {
    build('demo', [['--tests']]); // the fake server is TypeScript under test/fake-openai
    const { startFakeOpenAI } = require(path.join(ROOT, 'out', 'test', 'fake-openai', 'server.js'));
    // FLAVOUR=ollama (lmstudio, vllm, …) plays that server instead: Chat Completions, no key.
    const { FLAVOURS } = require(path.join(ROOT, 'out', 'test', 'fake-openai', 'flavours.js'));
    const flavour = process.env.FLAVOUR || 'openai';
    if (!FLAVOURS.includes(flavour)) throw new Error(`FLAVOUR must be one of ${FLAVOURS.join(', ')}; got '${flavour}'`);
    fake = await startFakeOpenAI({ port: 0, flavour });
    settings['workspaceAssistant.baseUrl'] = fake.url;
    env.WORKSPACE_ASSISTANT_DEMO = '1';
    if (flavour === 'openai') env.OPENAI_API_KEY = 'sk-demo';
    else {
      settings['workspaceAssistant.model'] = fake.models[0];
      env.WORKSPACE_ASSISTANT_DEMO_SERVER = flavour;
      playing = flavour;
    }
  }

  let vs;
  try {
    vs = await startVSCode({ workspace: WORKSPACE, extensionDevelopmentPath: process.env.WA_EXTENSION_PATH || ROOT, settings, env, port, browser: false });
  } catch (e) {
    await fake?.close();
    throw e;
  }

  let browser;
  if (process.argv.includes('--open')) {
    if (process.env.DISPLAY) browser = openBrowser(vs.url);
    else console.log('[demo] --open ignored: no DISPLAY');
  }

  const line = '='.repeat(78);
  console.log(`\n${line}
  Workspace Assistant in a real VS Code ${realKey ? '' : '(demo backend)'}

  Open in a browser:  ${vs.url}

  Workspace: ${path.relative(process.cwd(), WORKSPACE) || WORKSPACE}
  Backend:   ${realKey ? 'OpenAI (OPENAI_API_KEY from your environment)' : `fake ${playing} server at ${fake.url} (set OPENAI_API_KEY to use OpenAI)`}
  Logs:      ${vs.logsDir}
  Only this machine can connect (127.0.0.1, no token). Ctrl+C to stop.
${line}\n`);

  let stopping = false;
  const shutdown = async (reason, exitCode = 0) => {
    // Ctrl+C can arrive twice (from the terminal and forwarded by with-node24.js).
    if (stopping) return;
    stopping = true;
    console.log(`\n[demo] ${reason}: stopping …`);
    if (browser) {
      browser.child.kill('SIGTERM');
      fs.rmSync(browser.profile, { recursive: true, force: true });
    }
    await vs.stop({ keepLogs: reason !== 'SIGINT' && reason !== 'SIGTERM' });
    await fake?.close();
    process.exit(exitCode);
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => shutdown(s));
  vs.server.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[demo] the VS Code server exited (${code ?? signal}); logs in ${vs.logsDir}`);
      shutdown('server exited', 1);
    }
  });
}

main().catch((e) => {
  console.error(`[demo] ${e.stack || e}`);
  process.exit(1);
});
