import assert from 'node:assert/strict';
import { discoverLocalServers, LOCAL_SERVER_PORTS } from '../../src/core/servers/discover';
import { closedPort, startTinyServer, type TinyServer } from './servers.support';

describe('servers: discovering local servers', () => {
  let ollama: TinyServer;
  let plain: TinyServer;
  let webApp: TinyServer;
  let slow: TinyServer;
  let locked: TinyServer;
  before(async () => {
    ollama = await startTinyServer({ 'GET /v1/models': { json: { object: 'list', data: [{ id: 'llama3.2:latest', object: 'model', created: 0, owned_by: 'library' }, { id: 'qwen3:8b', object: 'model', created: 0, owned_by: 'library' }] } } });
    plain = await startTinyServer({ 'GET /v1/models': { json: { object: 'list', data: [{ id: 'model.gguf', object: 'model', created: 0, owned_by: 'llamacpp' }] } } });
    webApp = await startTinyServer({ 'GET /v1/models': { text: '<html>login</html>' } });
    slow = await startTinyServer({ 'GET /v1/models': { json: { object: 'list', data: [] }, delayMs: 3000 } });
    locked = await startTinyServer({ 'GET /v1/models': { status: 401, json: { error: { message: 'key needed' } } } });
  });
  after(async () => {
    await Promise.all([ollama, plain, webApp, slow, locked].map((s) => s.close()));
  });

  it('probes the usual ports by default', () => {
    assert.deepEqual(LOCAL_SERVER_PORTS.map((p) => p.port), [11434, 1234, 8080, 8000]);
  });

  it('returns the servers that answered with a model list, named, with their base URL and model count, in port order; quickly', async () => {
    const closed = await closedPort();
    const started = Date.now();
    const found = await discoverLocalServers({
      timeoutMs: 300,
      ports: [
        { name: 'Ollama', port: ollama.port },
        { name: 'Nothing', port: closed },
        { name: 'A web app', port: webApp.port },
        { name: 'Slow', port: slow.port },
        { name: 'Locked', port: locked.port },
        { name: 'vLLM', port: plain.port }, // its list says llama.cpp
      ],
    });
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    assert.deepEqual(found, [
      { name: 'Ollama', baseUrl: `http://127.0.0.1:${ollama.port}/v1`, models: 2, modelIds: ['llama3.2:latest', 'qwen3:8b'] },
      { name: 'llama.cpp', baseUrl: `http://127.0.0.1:${plain.port}/v1`, models: 1, modelIds: ['model.gguf'] },
    ]);
    assert.ok([ollama, plain].every((s) => s.requests.every((r) => r.headers.authorization === undefined)), 'probes carry no key');
  });

  it('an aborted discovery finds nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    assert.deepEqual(await discoverLocalServers({ ports: [{ name: 'Ollama', port: ollama.port }], signal: controller.signal }), []);
  });
});
