// The panel header's line about the backend: the server by name, the model, and where the
// thread's history lives, from the settings and what was learnt about the server.
import assert from 'node:assert/strict';
import { InMemoryServerMemory } from '../../src/core/backends/server-memory';
import { backendLabel, serverName } from '../../src/host/backends/label';

describe('panel header: the backend label', () => {
  it('names OpenAI, Azure, hosted services and local servers by their usual ports', () => {
    assert.equal(serverName(''), 'OpenAI');
    assert.equal(serverName('https://api.openai.com/v1'), 'OpenAI');
    assert.equal(serverName('https://my-res.openai.azure.com/openai/v1'), 'Azure OpenAI (my-res.openai.azure.com)');
    assert.equal(serverName('https://openrouter.ai/api/v1'), 'OpenRouter (openrouter.ai)');
    assert.equal(serverName('http://127.0.0.1:11434/v1'), 'Ollama (127.0.0.1:11434)');
    assert.equal(serverName('http://localhost:1234/v1'), 'LM Studio (localhost:1234)');
    assert.equal(serverName('http://10.0.0.5:9000/v1'), '10.0.0.5:9000');
  });

  it('says where the history lives: on the server, in VS Code, or not known before the first question', async () => {
    const memory = new InMemoryServerMemory();
    assert.equal(backendLabel('', 'gpt-4.1-mini', 'auto', memory), 'OpenAI · gpt-4.1-mini · conversation on the server');
    const local = 'http://127.0.0.1:11434/v1';
    assert.equal(backendLabel(local, 'llama3.2', 'auto', memory), 'Ollama (127.0.0.1:11434) · llama3.2 · API detected on the first question');
    await memory.update(local, { api: 'chatCompletions' });
    assert.equal(backendLabel(local, 'llama3.2', 'auto', memory), 'Ollama (127.0.0.1:11434) · llama3.2 · history kept in VS Code');
    assert.equal(backendLabel(local, 'llama3.2', 'responses', memory), 'Ollama (127.0.0.1:11434) · llama3.2 · conversation on the server', 'the setting wins over what was learnt');
    assert.equal(backendLabel('https://x.openai.azure.com/openai/v1', 'my-deployment', 'auto', memory), 'Azure OpenAI (x.openai.azure.com) · my-deployment · history kept in VS Code');
  });
});
