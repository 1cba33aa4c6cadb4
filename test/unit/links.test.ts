import assert from 'node:assert/strict';
import { linkDecision, normalizeHost } from '../../src/core/links';
import { panelCsp, panelHtml } from '../../src/core/webview-html';

describe('A8 links open only through the host, asking before an unknown host', () => {
  it('A8 command:, file:, vscode:, javascript:, data: and broken links do nothing', () => {
    for (const href of [
      'command:workbench.action.terminal.new',
      'command:workbench.action.openSettings?%5B%22x%22%5D',
      'file:///etc/passwd',
      'vscode:extension/evil.ext',
      'vscode://vscode.git/clone?url=https://evil.example/r.git',
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'mailto:a@example.com',
      'ftp://example.com/x',
      '',
      'relative/path',
      '//example.com/protocol-relative',
      'http://',
    ]) {
      const d = linkDecision(href, ['example.com']);
      assert.equal(d.action, 'ignore', href);
      assert.equal(d.url, undefined, href);
    }
  });

  it('A8 an unknown host asks, with the full URL', () => {
    const d = linkDecision('https://example.com/path?q=secret#frag', []);
    assert.equal(d.action, 'ask');
    assert.equal(d.url, 'https://example.com/path?q=secret#frag');
    assert.equal(d.host, 'example.com');
  });

  it('A8 a trusted host opens without asking; the host compares case-insensitively', () => {
    assert.equal(linkDecision('https://Example.COM/a', ['example.com']).action, 'open');
    assert.equal(linkDecision('http://example.com/a', ['EXAMPLE.com']).action, 'open');
    assert.equal(linkDecision('https://example.com:443/a', ['example.com']).action, 'open', 'the default port is no port');
  });

  it('A8 exact host match: no subdomain, suffix, parent or other-port match', () => {
    const trusted = ['example.com', 'docs.example.org', 'localhost:8080'];
    for (const href of [
      'https://evil.example.com/',
      'https://example.com.evil.net/',
      'https://notexample.com/',
      'https://example.com./',
      'https://example.org/',
      'https://sub.docs.example.org/',
      'https://example.com:8443/',
      'http://localhost/',
      'http://localhost:8081/',
    ]) {
      assert.equal(linkDecision(href, trusted).action, 'ask', href);
    }
    assert.equal(linkDecision('http://localhost:8080/x', trusted).action, 'open');
    assert.equal(linkDecision('https://docs.example.org/x', trusted).action, 'open');
  });

  it('A8 credentials in the URL always ask, with the full URL, even on a trusted host', () => {
    const d = linkDecision('https://example.com@evil.example/x', ['example.com', 'evil.example']);
    assert.equal(d.action, 'ask');
    assert.equal(d.url, 'https://example.com@evil.example/x');
    assert.match(d.reason, /credentials/);
    assert.equal(linkDecision('https://user:pass@example.com/', ['example.com']).action, 'ask');
  });

  it('A8 an internationalised host is shown and compared as punycode, so look-alikes are visible', () => {
    // "exаmple.com" with a Cyrillic а (U+0430).
    const d = linkDecision('https://ex\u0430mple.com/login', ['example.com']);
    assert.equal(d.action, 'ask');
    assert.equal(d.host, 'xn--exmple-4nf.com');
    assert.equal(d.url, 'https://xn--exmple-4nf.com/login');
    assert.match(d.reason, /punycode/);
  });

  it('A8 hidden characters in the path are percent-encoded in the URL shown', () => {
    const d = linkDecision('https://example.com/a\u202Etxt.exe', []);
    assert.equal(d.url, 'https://example.com/a%E2%80%AEtxt.exe');
  });

  it('A8 trusted hosts are normalised the same way, and junk is no host', () => {
    assert.equal(normalizeHost(' Example.COM '), 'example.com');
    assert.equal(normalizeHost('example.com:443'), 'example.com');
    assert.equal(normalizeHost('localhost:8080'), 'localhost:8080');
    assert.equal(normalizeHost('ex\u0430mple.com'), 'xn--exmple-4nf.com');
    for (const junk of ['', 'a b', 'user@example.com', 'example.com/path', 'example.com?x']) assert.equal(normalizeHost(junk), '', junk);
    assert.equal(linkDecision('https://example.com/', ['', 'user@example.com']).action, 'ask');
  });
});

describe('A1 the panel page has a strict CSP', () => {
  it('A1 default-src none, scripts only by nonce, no unsafe-eval or unsafe-inline', () => {
    const csp = panelCsp('n0nce', 'https://*.vscode-cdn.net');
    const directives = Object.fromEntries(csp.split(/\s*;\s*/).map((d) => [d.split(/\s+/)[0], d.split(/\s+/).slice(1)]));
    assert.deepEqual(directives['default-src'], ["'none'"]);
    assert.deepEqual(directives['script-src'], ["'nonce-n0nce'"]);
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline|\*(?!\.vscode-cdn)/);
    assert.deepEqual(directives['img-src'], ['https://*.vscode-cdn.net', 'blob:']);
    assert.deepEqual(directives['form-action'], ["'none'"]);
    assert.deepEqual(directives['base-uri'], ["'none'"]);
  });

  it('A1 the page carries the CSP and its one script has the nonce', () => {
    const html = panelHtml({ nonce: 'abc', cspSource: 'src', styleUri: 'x.css', scriptUri: 'x.js', title: 'T' });
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${panelCsp('abc', 'src')}">`));
    assert.deepEqual(html.match(/<script[^>]*>/g), ['<script nonce="abc" src="x.js">']);
  });
});
