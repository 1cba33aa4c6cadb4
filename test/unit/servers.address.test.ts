import assert from 'node:assert/strict';
import { hostLabel, isAzure, isLocalAddress, isOpenAI, needsApiKey, normalizeBaseUrl, OPENAI_BASE_URL, serverKey, serverUrlProblem } from '../../src/core/servers/address';

describe('servers: addresses', () => {
  it('isLocalAddress: loopback, private, link-local and unique-local addresses, IPv4-mapped forms, localhost names', () => {
    for (const url of [
      'http://127.0.0.1:11434/v1',
      'http://127.8.9.10/v1',
      'http://127.1:8080/v1', // the URL parser reads it as 127.0.0.1
      'http://2130706433/v1', // 127.0.0.1 as one number
      'http://0x7f.0.0.1/v1',
      'http://localhost:1234/v1',
      'http://LOCALHOST./v1',
      'http://ollama.localhost/v1',
      'http://[::1]:8000/v1',
      'http://[0:0:0:0:0:0:0:1]/v1',
      'http://[::ffff:127.0.0.1]/v1',
      'http://[::ffff:7f00:1]/v1',
      'http://[::ffff:192.168.1.20]/v1',
      'http://10.0.0.5:8000/v1',
      'http://172.16.0.1/v1',
      'http://172.31.255.255/v1',
      'http://192.168.1.10:1234/v1',
      'http://169.254.10.1/v1',
      'http://[fc00::1]/v1',
      'http://[fd12:3456:789a::1]/v1',
      'http://[fe80::1]/v1',
      'http://[febf::1]/v1',
      'http://0.0.0.0:11434/v1',
      ' http://127.0.0.1:11434/v1/ ',
    ]) {
      assert.equal(isLocalAddress(url), true, url);
    }
  });

  it('isLocalAddress: public addresses, names that only look local, junk and empty are not local', () => {
    for (const url of [
      '',
      'https://api.openai.com/v1',
      'https://openrouter.ai/api/v1',
      'http://8.8.8.8/v1',
      'http://172.15.0.1/v1',
      'http://172.32.0.1/v1',
      'http://192.169.0.1/v1',
      'http://169.255.0.1/v1',
      'http://11.0.0.1/v1',
      'http://[2001:db8::1]/v1',
      'http://[fec0::1]/v1',
      'http://[::ffff:8.8.8.8]/v1',
      'http://localhost.evil.example/v1',
      'http://127.0.0.1.nip.io/v1',
      'http://evil.example/?host=127.0.0.1',
      'http://127.0.0.1@evil.example/v1',
      'localhost:11434/v1', // no scheme: "localhost:" would be the scheme
      'not a url',
    ]) {
      assert.equal(isLocalAddress(url), false, url);
    }
  });

  it('needsApiKey is true exactly for non-local servers (OpenAI, when empty, included)', () => {
    assert.equal(needsApiKey(''), true);
    assert.equal(needsApiKey('https://api.openai.com/v1'), true);
    assert.equal(needsApiKey('https://my.openai.azure.com'), true);
    assert.equal(needsApiKey('http://127.0.0.1:11434/v1'), false);
    assert.equal(needsApiKey('http://[::1]:1234/v1'), false);
  });

  it('isAzure: the Azure OpenAI and AI Foundry hosts only', () => {
    assert.equal(isAzure('https://my-res.openai.azure.com'), true);
    assert.equal(isAzure('https://my-res.openai.azure.com/openai/v1/'), true);
    assert.equal(isAzure('https://proj.services.ai.azure.com/openai/v1'), true);
    assert.equal(isAzure('https://res.cognitiveservices.azure.com/openai/v1'), true);
    assert.equal(isAzure('https://MY-RES.OPENAI.AZURE.COM'), true);
    assert.equal(isAzure('https://openai.azure.com.evil.example/v1'), false);
    assert.equal(isAzure('https://api.openai.com/v1'), false);
    assert.equal(isAzure(''), false);
  });

  it('normalizeBaseUrl: trims, drops trailing slashes, completes an Azure resource root, empty is OpenAI', () => {
    assert.equal(normalizeBaseUrl(''), OPENAI_BASE_URL);
    assert.equal(normalizeBaseUrl('   '), OPENAI_BASE_URL);
    assert.equal(normalizeBaseUrl(' http://127.0.0.1:11434/v1/// '), 'http://127.0.0.1:11434/v1');
    assert.equal(normalizeBaseUrl('https://my-res.openai.azure.com'), 'https://my-res.openai.azure.com/openai/v1');
    assert.equal(normalizeBaseUrl('https://my-res.openai.azure.com/'), 'https://my-res.openai.azure.com/openai/v1');
    assert.equal(normalizeBaseUrl('https://my-res.openai.azure.com/openai'), 'https://my-res.openai.azure.com/openai/v1');
    assert.equal(normalizeBaseUrl('https://my-res.openai.azure.com/openai/v1/'), 'https://my-res.openai.azure.com/openai/v1');
    assert.equal(normalizeBaseUrl('https://openrouter.ai/api/v1'), 'https://openrouter.ai/api/v1');
  });

  it('serverKey: one identity per server whatever the spelling; different servers differ', () => {
    assert.equal(serverKey(''), 'https://api.openai.com/v1');
    assert.equal(serverKey('https://API.OpenAI.com/v1/'), 'https://api.openai.com/v1');
    assert.equal(serverKey('HTTP://LocalHost:80/v1/'), 'http://localhost/v1');
    assert.equal(serverKey('http://127.0.0.1:11434/v1'), 'http://127.0.0.1:11434/v1');
    assert.notEqual(serverKey('http://127.0.0.1:11434/v1'), serverKey('http://127.0.0.1:1234/v1'));
    assert.notEqual(serverKey('http://127.0.0.1:1234/v1'), serverKey('https://127.0.0.1:1234/v1'));
    assert.equal(serverKey('https://my-res.openai.azure.com'), serverKey('https://my-res.openai.azure.com/openai/v1/'));
    assert.equal(isOpenAI(''), true);
    assert.equal(isOpenAI('https://api.openai.com/v1/'), true);
    assert.equal(isOpenAI('https://openrouter.ai/api/v1'), false);
  });

  it('hostLabel names the host (with its port) for messages', () => {
    assert.equal(hostLabel(''), 'api.openai.com');
    assert.equal(hostLabel('http://127.0.0.1:11434/v1'), '127.0.0.1:11434');
    assert.equal(hostLabel('not a url'), 'not a url');
  });
});

describe('servers: a typed base URL', () => {
  it('refuses what is no http(s) URL, or holds credentials (C1); warns about plain http to another machine', () => {
    assert.ok(serverUrlProblem('').error);
    assert.ok(serverUrlProblem('127.0.0.1:11434/v1').error);
    assert.ok(serverUrlProblem('ftp://127.0.0.1/v1').error);
    assert.ok(serverUrlProblem('file:///etc/passwd').error);
    assert.ok(serverUrlProblem('https://user:sk-secret@api.example.com/v1').error);
    assert.ok(serverUrlProblem('http://gpu-box.example.com:8000/v1').warning);
    assert.deepEqual(serverUrlProblem('http://127.0.0.1:11434/v1'), {});
    assert.deepEqual(serverUrlProblem(' https://openrouter.ai/api/v1 '), {});
  });
});
