// Every failure a user can meet on the way to the server, in the product's own words (issue 10):
// real sockets where this machine can make them, else errors shaped as Node and undici make them.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { createClient } from '../../src/core/client';
import { classifyError } from '../../src/core/errors';
import { startFakeOpenAI } from '../fake-openai/server';

/** What the SDK throws when fetch fails with this low-level error underneath. */
const connectionError = (code: string, message: string) =>
  new OpenAI.APIConnectionError({ message: 'Connection error.', cause: Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(message), { code }) }) });

async function failureOf(baseUrl: string) {
  const client = createClient({ apiKey: 'sk-test-0000000000', baseUrl });
  try {
    const stream = await client.responses.create({ model: 'gpt-test', input: 'hi', stream: true });
    for await (const _ of stream) void _;
  } catch (err) {
    return classifyError(err, baseUrl);
  }
  throw new Error('no failure');
}

describe('network failures in plain words', () => {
  it('a refused connection (a real closed port) says nothing is listening, naming the address', async () => {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise((r) => server.close(r));
    const e = await failureOf(`http://127.0.0.1:${port}/v1`);
    assert.equal(e.kind, 'offline');
    assert.match(e.message, new RegExp(`http://127\\.0\\.0\\.1:${port}/v1 refused the connection: nothing is listening there`));
    assert.match(e.detail ?? '', /ECONNREFUSED/);
  });

  it('a connection dropped mid-answer (a real cut stream) is not "terminated" but says what happened', async () => {
    const fake = await startFakeOpenAI({ apiKeys: ['sk-test-0000000000'] });
    try {
      fake.script('responses', { text: ['Hello', ' there', ' friend'], dropAfterFrames: 3 });
      const e = await failureOf(fake.url);
      assert.equal(e.kind, 'offline');
      assert.match(e.message, /connection to .* was dropped before the answer was complete/);
      assert.doesNotMatch(e.message, /^Something went wrong/);
    } finally {
      await fake.close();
    }
  });

  it('https:// to a plain-HTTP server (a real local server) says to use http://', async () => {
    const fake = await startFakeOpenAI({ apiKeys: ['sk-test-0000000000'] });
    try {
      const e = await failureOf(fake.url.replace('http://', 'https://'));
      assert.match(e.message, /does not speak HTTPS at this address.*use http:\/\//);
    } finally {
      await fake.close();
    }
  });

  const shaped: Array<[string, unknown, RegExp]> = [
    ['DNS: no such host', connectionError('ENOTFOUND', 'getaddrinfo ENOTFOUND llm.internal'), /could not be found \(DNS\)/],
    ['DNS: resolver down', connectionError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN llm.internal'), /could not be found \(DNS\)/],
    ['TLS: self-signed', connectionError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), /certificate is self-signed.*http:\/\//],
    ['TLS: self-signed in chain', connectionError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), /self-signed or from an authority/],
    ['TLS: unknown issuer', connectionError('UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate'), /authority VS Code does not trust/],
    ['TLS: wrong name', connectionError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), /not valid for this address/],
    ['TLS: expired', connectionError('CERT_HAS_EXPIRED', 'certificate has expired'), /has expired/],
    ['connect timeout', connectionError('UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error'), /did not respond in time/],
    ['no route', connectionError('EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.9:443'), /no network route/],
    ['proxy failure', connectionError('UND_ERR_PROXY', 'Proxy response (502) !== 200 when HTTP Tunneling'), /proxy between VS Code and/],
    ['reset', connectionError('ECONNRESET', 'read ECONNRESET'), /was dropped/],
    ['proxy wants credentials', OpenAI.APIError.generate(407, { error: { message: 'Proxy Authentication Required' } }, 'Proxy Authentication Required', new Headers()), /proxy .* asks for credentials \(407\)/],
  ];
  for (const [name, err, expected] of shaped) {
    it(`${name}: says what happened and what to do, with the low-level text beside it`, () => {
      const e = classifyError(err, 'https://llm.internal/v1');
      assert.match(e.message, expected);
      assert.doesNotMatch(e.message, /Something went wrong|Could not reach/);
      assert.equal(e.retryable, true);
    });
  }

  it('a 5xx keeps the request id, and the server\'s text beside the sentence', () => {
    const e = classifyError(OpenAI.APIError.generate(503, { error: { message: 'The engine is currently overloaded' } }, 'overloaded', new Headers({ 'x-request-id': 'req_503' })), 'https://api.openai.com/v1');
    assert.equal(e.kind, 'server');
    assert.equal(e.requestId, 'req_503');
    assert.match(e.detail ?? '', /overloaded/);
  });
});
