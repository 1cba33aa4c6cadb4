// A1/A2 with the page's CSP in force: the page the host builds (src/core/webview-html.ts, the very
// same function), loaded with the nonce 'test-nonce' and `file:` standing in for webview.cspSource.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { panelCsp } from '../../src/core/webview-html';
import { harness, type Listener, loadCorpus, renderAnswers, settle, stateOf, turnOf, usePanelPage, showAllTurns } from './support';

describe('webview page under its CSP (A1, A2)', function () {
  this.timeout(60_000);
  const panel = usePanelPage({
    csp: true,
    prepare: (page: Page) =>
      page.evaluate(() => {
        const w = window as unknown as { violations: string[] };
        w.violations = [];
        document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      }),
  });
  let listener: Listener;
  let page: Page;
  beforeEach(() => ({ listener, page } = panel));

  /** Runs `code` as a script the page trusts (it carries the page's nonce), as the panel's own code would. */
  const runTrusted = (code: string) =>
    page.evaluate(async (code) => {
      // From a task of its own: code run inside DevTools' evaluate may compile strings regardless of the CSP.
      setTimeout(() => {
        const s = document.createElement('script');
        s.nonce = 'test-nonce';
        s.textContent = code;
        document.body.append(s);
        s.remove();
      }, 0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return (window as unknown as { probe?: Record<string, string> }).probe;
    }, code);

  it('A1 the page carries exactly the CSP the host builds, and the panel works under it', async () => {
    const content = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.equal(content, panelCsp('test-nonce', 'file:'));
    assert.doesNotMatch(content ?? '', /unsafe-eval|unsafe-inline/);
    await harness.post(page, stateOf([turnOf('t1', 'completed', '**bold** and `code`\n\n```js\nconst a = 1;\n```', { reasoning: 'Thinking it\nover' })]));
    await settle(page);
    assert.equal(await page.locator('.answer strong').textContent(), 'bold');
    assert.ok((await page.locator('.answer .hljs').count()) > 0);
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.code-toolbar') as Element).display), 'flex', 'the panel style sheet applies');
    // The Thinking section (thinking.ts), opened: styled by the style sheet alone, no inline style.
    await page.locator('.thinking summary').click();
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.thinking-text') as Element).whiteSpace), 'pre-wrap');
    assert.equal(await page.locator('.thinking [style]').count(), 0);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { violations: string[] }).violations), []);
  });

  it('A1 A2 eval, new Function and setTimeout("…") are refused by the CSP even for the page\'s own scripts', async () => {
    const probe = await runTrusted(`
      window.probe = { ran: 'yes' };
      try { eval('window.probe.eval = "ran"'); } catch (e) { window.probe.eval = e.name; }
      try { new Function('window.probe.func = "ran"')(); } catch (e) { window.probe.func = e.name; }
      try { setTimeout('window.probe.timeout = "ran"', 0); } catch (e) { window.probe.timeout = e.name; }
    `);
    assert.equal(probe?.ran, 'yes', 'negative control: a script with the nonce runs');
    assert.equal(probe?.eval, 'EvalError');
    assert.equal(probe?.func, 'EvalError');
    assert.notEqual(probe?.timeout, 'ran');
    const violations = await page.evaluate(() => (window as unknown as { violations: string[] }).violations);
    assert.ok(violations.some((v) => v.startsWith('script-src eval')), violations.join('\n'));
  });

  it('A1 scripts without the nonce, inline handlers and remote loads are refused', async () => {
    await page.evaluate((origin) => {
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = "inline"';
      document.body.append(s);
      const r = document.createElement('script');
      r.src = `${origin}/remote.js`;
      document.body.append(r);
      const d = document.createElement('div');
      d.setAttribute('onclick', 'window.__pwned = "handler"');
      document.body.append(d);
      d.click();
      new Image().src = `${origin}/csp.png`;
      void fetch(`${origin}/fetch`).catch(() => undefined);
    }, listener.origin);
    await settle(page, 2, 300);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined);
    assert.equal(listener.hits(), 0, listener.requests.join(', '));
  });

  it('A1 a form cannot post and a <base> cannot re-point URLs, even when the page\'s own script makes them', async () => {
    await runTrusted(`
      const base = document.createElement('base');
      base.href = '${listener.origin}/based/';
      document.head.append(base);
      const link = document.createElement('a');
      link.href = 'relative';
      window.probe = { resolved: link.href };
      const form = document.createElement('form');
      form.method = 'post';
      form.action = '${listener.origin}/form';
      const field = document.createElement('input');
      field.name = 'secret';
      field.value = 'sk-from-the-page';
      form.append(field);
      document.body.append(form);
      form.submit();
    `);
    await settle(page, 2, 300);
    const probe = (await page.evaluate(() => (window as unknown as { probe?: { resolved: string } }).probe));
    const seen = await page.evaluate(() => (window as unknown as { violations: string[] }).violations);
    assert.ok(probe && !probe.resolved.startsWith(listener.origin), `the base was applied: ${probe?.resolved}`);
    // Chromium may open a connection to a form's target ahead of the submit (a preconnect); what
    // matters is that no request, and so none of the form's data, was sent.
    assert.deepEqual(listener.requests, [], seen.join(' ; '));
    const violations = await page.evaluate(() => (window as unknown as { violations: string[] }).violations);
    assert.ok(violations.some((v) => v.startsWith('base-uri')), violations.join('\n'));
    assert.ok(violations.some((v) => v.startsWith('form-action')), violations.join('\n'));
  });

  it('A1 G6 the payload corpus causes no CSP violation: the renderer emits nothing the CSP has to block', async () => {
    const corpus = loadCorpus('payloads.txt', listener);
    assert.deepEqual(await renderAnswers(page, corpus.map((p, i) => ({ id: `g6-${i}`, text: p.text }))), []);
    // As reasoning too, in open Thinking sections.
    await harness.post(page, stateOf(corpus.map((p, i) => turnOf(`r-${i}`, 'completed', 'Done.', { reasoning: p.text }))));
    await showAllTurns(page);
    await page.evaluate(() => document.querySelectorAll<HTMLDetailsElement>('details.thinking').forEach((d) => (d.open = true)));
    await settle(page, 2, 200);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { violations: string[] }).violations), []);
    assert.equal(listener.hits(), 0);
  });
});
