const h = require('/work/main/test/harness/panel-browser');
(async () => {
  const b = await h.launch();
  const page = await h.openPanel(b, { dist: '/work/main/out/webview-dist' });
  const paragraph = 'The cache is read once and kept while the file is unchanged; **no** request is repeated. `x = 1`\n\n';
  const big = paragraph.repeat(Math.ceil(5_000_000 / paragraph.length)) + 'THE END';
  let t = Date.now();
  await h.post(page, h.state([h.turn('t1', 'completed', big)]));
  await page.evaluate(() => 1); console.log('completed', Date.now() - t);
  t = Date.now();
  await h.post(page, h.state([h.turn('t2', 'in_progress', '')]));
  for (let i = 0; i < big.length; i += 524288) await h.post(page, { type: 'delta', turnId: 't2', text: big.slice(i, i + 524288) });
  await page.evaluate(() => 1); console.log('streamed', Date.now() - t);
  t = Date.now();
  await h.post(page, { type: 'turn', turn: h.turn('t2', 'completed', big) });
  await page.evaluate(() => 1); console.log('final', Date.now() - t);
  await b.close();
})();
