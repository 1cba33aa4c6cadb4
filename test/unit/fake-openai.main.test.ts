// `npm run fake-openai` (out/test/fake-openai/main.js): prints its URL on a line of its own, serves it, stops on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';

const MAIN = path.resolve(__dirname, '..', 'fake-openai', 'main.js');

describe('fake-openai: main (demo backend CLI)', () => {
  it('prints its base URL, answers /v1/models there and stops on SIGTERM', async () => {
    const env = { ...process.env };
    delete env.PORT;
    const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
      });
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const r = await fetch(`${url}/models`, { headers: { authorization: 'Bearer anything' } });
      assert.equal(r.status, 200);
      assert.equal(((await r.json()) as { object: string }).object, 'list');
      const answer = await fetch(`${url}/responses`, {
        method: 'POST',
        headers: { authorization: 'Bearer anything', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4.1-mini', input: 'hello?' }),
      });
      const text = JSON.stringify(await answer.json());
      assert.match(text, /demo backend/);
    } finally {
      if (child.exitCode === null) {
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        child.kill('SIGTERM');
        assert.equal(await exited, 0);
      }
    }
  });
});
