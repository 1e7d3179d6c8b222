// End-to-end test of the search page in a real browser.
//
//   node e2e.mjs PATH/TO/sagasu [PATH/TO/chromium]
//
// Builds the demo index, starts `sagasu serve` on a free port in
// 127.0.0.1:18080-18099, and drives Debian's chromium through playwright-core:
// a Japanese query entered through an IME composition (no request may leave
// before compositionend), highlighted results, a tag facet chosen with the
// keyboard, the state in the URL surviving a reload, the back button, and the
// empty state, the keyboard order (facets and the first hit before any hit's
// tags); the widget embedded in a host page with its own theme (the host's
// styles unchanged, its font used; every rule of search.css under .sagasu;
// split highlights merged); the message when data-sagasu-api is missing,
// unreachable or wrong; a 375 px phone (facets folded, first hit above the
// fold). Saves screenshots to $E2E_SCREENSHOT (default /tmp/server-e2e.png)
// and its -phone variant. Exit code 0 on success, 1 on failure.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const sagasu = path.resolve(process.argv[2] || '');
const chromiumPath = process.argv[3] || '/usr/bin/chromium';
const screenshot = process.env.E2E_SCREENSHOT || '/tmp/server-e2e.png';
const QUERY = '北海道';
const TAG = '旅行';
const EMPTY_MESSAGE = 'に一致する記事は見つかりませんでした';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.log('e2e:', ...a);

function portFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function startServer(db) {
  for (let port = 18080; port <= 18099; port++) {
    if (!(await portFree(port))) continue;
    const stderr = [];
    const child = spawn(sagasu, ['serve', '--db', db, '--port', String(port), '--threads', '4'], {
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    child.stderr.on('data', (d) => stderr.push(d));
    let exited = null;
    child.once('exit', (code, signal) => { exited = { code, signal }; });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100 && !exited; i++) {
      try {
        const r = await fetch(`${base}/health`);
        if (r.ok) {
          const health = await r.json();
          return { child, base, health, stderr, exitedRef: () => exited };
        }
      } catch (_) { /* not up yet */ }
      await sleep(100);
    }
    if (!exited) child.kill('SIGKILL');
    const msg = Buffer.concat(stderr).toString();
    if (!/cannot bind/.test(msg)) throw new Error(`sagasu serve did not come up:\n${msg}`);
    // Someone took the port between our check and the bind: next one.
  }
  throw new Error('no free port in 18080-18099');
}

async function stopServer(server) {
  if (!server || server.exitedRef()) return server && server.exitedRef();
  const done = new Promise((resolve) => server.child.once('exit', (code, signal) => resolve({ code, signal })));
  server.child.kill('SIGTERM');
  const timeout = sleep(15000).then(() => null);
  const result = await Promise.race([done, timeout]);
  if (!result) server.child.kill('SIGKILL');
  return result;
}

// A host page with a theme of its own (body font, colours, line height,
// margins); `widget` is the container element, `withWidget` loads search.js and
// search.css.
function hostPage(widget, withWidget = true) {
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>ホストのブログ</title>
<style>
  html { background: rgb(30, 30, 30); }
  body { margin: 11px 23px; font-family: Georgia, "Noto Serif CJK JP", serif; font-size: 17px;
         background: rgb(250, 244, 230); color: rgb(60, 40, 20); line-height: 2.25; }
  h1 { font-family: Impact, sans-serif; line-height: 1.1; }
</style>
${withWidget ? '<link rel="stylesheet" href="/search.css"><script src="/search.js" defer></script>' : ''}
</head><body><h1>ホストのブログ</h1><p>本文です。</p>${widget}</body></html>`;
}

// The widget block as web/index.html had it before search.js built the
// markup itself: sites that copied it keep working.
const LEGACY_WIDGET = `
<div class="sagasu" data-sagasu data-sagasu-api="/search">
  <form class="sagasu-form" role="search" action="" method="get">
    <label class="sagasu-label" for="sagasu-q">キーワード</label>
    <div class="sagasu-box">
      <input class="sagasu-input" id="sagasu-q" name="q" type="search"
             autocomplete="off" spellcheck="false" enterkeyhint="search"
             aria-describedby="sagasu-hint" aria-controls="sagasu-results">
      <button class="sagasu-submit" type="submit">検索</button>
    </div>
    <p class="sagasu-hint" id="sagasu-hint">
      入力すると検索します。例: <code>北海道 梅雨</code>、<code>"生成 AI"</code>（語順どおり）、<code>-広告</code>（除外）、<code>title:京都</code>
    </p>
  </form>

  <div class="sagasu-filters" hidden>
    <span class="sagasu-filters-label" id="sagasu-filters-label">絞り込み中:</span>
    <ul class="sagasu-chips" aria-labelledby="sagasu-filters-label"></ul>
    <button class="sagasu-clear" type="button">すべて解除</button>
  </div>

  <p class="sagasu-status" role="status" aria-live="polite" aria-atomic="true"></p>

  <div class="sagasu-layout">
    <section class="sagasu-results" id="sagasu-results" aria-label="検索結果" tabindex="-1">
      <ol class="sagasu-hits"></ol>
      <div class="sagasu-empty" hidden></div>
      <nav class="sagasu-pages" aria-label="ページ送り" hidden></nav>
    </section>

    <aside class="sagasu-facets" aria-label="絞り込み" hidden>
      <section class="sagasu-facet" data-facet="tag">
        <h2 class="sagasu-facet-title" id="sagasu-facet-tag">タグ</h2>
        <ul class="sagasu-facet-list" aria-labelledby="sagasu-facet-tag"></ul>
      </section>
      <section class="sagasu-facet" data-facet="category">
        <h2 class="sagasu-facet-title" id="sagasu-facet-category">カテゴリー</h2>
        <ul class="sagasu-facet-list" aria-labelledby="sagasu-facet-category"></ul>
      </section>
    </aside>
  </div>
</div>`;

async function main() {
  assert.ok(fs.existsSync(sagasu), `no sagasu binary at ${sagasu}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'server-e2e-'));
  const db = path.join(tmp, 'db');
  let server = null;
  let context = null;
  try {
    // The demo archive is a Jekyll site: its root, as scripts/demo.sh indexes it.
    const index = spawnSync(sagasu, ['index', '--db', db, '--quiet', path.join(repo, 'examples/demo')],
      { encoding: 'utf8' });
    assert.equal(index.status, 0, `sagasu index failed:\n${index.stderr}`);

    server = await startServer(db);
    log(`server at ${server.base}, ${server.health.documents} documents`);
    assert.equal(server.health.documents, 10);

    context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      locale: 'ja-JP',
      timezoneId: 'Asia/Tokyo',
      viewport: { width: 1100, height: 900 },
    });
    const page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(10000);
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
    const searches = [];  // every request to /search, in order
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/search') searches.push(u);
    });
    const nextSearch = () => page.waitForResponse((r) => new URL(r.url()).pathname === '/search');

    // ---- the page loads and the search box is labelled ----------------------
    await page.goto(`${server.base}/`);
    const input = page.getByLabel('キーワード');
    await input.waitFor();
    assert.equal(await page.title(), '記事を検索');
    assert.equal(searches.length, 0, 'no search before anything was typed');

    // ---- IME composition: nothing is sent until compositionend -------------
    await input.focus();
    await page.evaluate(() => {
      const el = document.querySelector('.sagasu-input');
      el.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
      for (const kana of ['ほ', 'ほっ', 'ほっか', 'ほっかい', 'ほっかいど', 'ほっかいどう', '北海道']) {
        el.value = kana;
        el.dispatchEvent(new CompositionEvent('compositionupdate', { bubbles: true, data: kana }));
        el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertCompositionText', data: kana, isComposing: true }));
      }
    });
    await sleep(800);  // well past the debounce
    assert.equal(searches.length, 0, `searched while composing: ${searches.map(String)}`);
    const afterComposition = nextSearch();
    await page.evaluate(() => {
      const el = document.querySelector('.sagasu-input');
      el.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '北海道' }));
    });
    const firstResponse = await afterComposition;
    assert.equal(firstResponse.status(), 200);
    assert.equal(searches.length, 1, 'exactly one search after compositionend');
    assert.equal(searches[0].searchParams.get('q'), QUERY);
    const first = await firstResponse.json();
    log(`「${QUERY}」: ${first.total} hits`);
    assert.ok(first.total >= 3, 'the demo has at least three posts about 北海道');

    // ---- results with highlights, count announced --------------------------
    const hits = page.locator('.sagasu-hit');
    await hits.first().waitFor();
    assert.equal(await hits.count(), Math.min(first.total, 10));
    const marks = page.locator('.sagasu-hit mark');
    assert.ok(await marks.count() >= 1, 'highlighted words in results');
    assert.equal(await marks.first().textContent(), QUERY);
    const status = page.locator('.sagasu-status');
    assert.equal(await status.getAttribute('aria-live'), 'polite');
    assert.match(await status.textContent(), new RegExp(`${first.total}件`));
    assert.match(await page.locator('.sagasu-hit time').first().textContent(), /^\d{4}年\d{1,2}月\d{1,2}日$/);
    // Each title links to the post's page on the blog: its Jekyll URL, under the baseurl.
    const links = await page.locator('.sagasu-hit-title a').evaluateAll((els) => els.map((a) => a.getAttribute('href')));
    assert.equal(links.length, Math.min(first.total, 10), 'every hit links to its post');
    for (const href of links) assert.match(href, /^\/blog\/.+\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/$/, `a Jekyll URL: ${href}`);
    assert.deepEqual(links, first.hits.map((h) => h.url));
    assert.ok(new URL(page.url()).searchParams.get('q') === QUERY, `query in the URL: ${page.url()}`);

    // ---- keyboard order: facets, then the first hit, before any hit's tags --
    // The facets come first in the DOM and on screen (a column on the left);
    // a hit's tag buttons stay reachable, after its title.
    assert.equal(await page.locator('.sagasu-facets-toggle').isVisible(), false, 'no facet toggle on a wide page');
    assert.ok(await page.locator('.sagasu-facet-button').first().isVisible(), 'facets shown on a wide page');
    await input.focus();
    const order = [];
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const kind = await page.evaluate(() => {
        const a = document.activeElement;
        if (!a || !a.closest('.sagasu')) return 'outside';
        if (a.matches('.sagasu-hit-title a')) return 'hit';
        return a.className || a.tagName;
      });
      order.push(kind);
      if (kind === 'sagasu-tag' || kind === 'outside') break;
    }
    log('Tab order:', order.join(' '));
    const firstTag = order.indexOf('sagasu-tag');
    const firstFacet = order.indexOf('sagasu-facet-button');
    const firstHit = order.indexOf('hit');
    assert.ok(firstTag > 0, `Tab reaches a hit's tag buttons: ${order}`);
    assert.ok(firstFacet >= 0 && firstFacet < firstHit, `facets before the first hit: ${order}`);
    assert.ok(firstHit < firstTag, `the first hit before any tag: ${order}`);
    assert.equal(order.slice(firstHit + 1, firstTag).length, 0, `the first hit's tags right after its title: ${order}`);
    assert.equal(order.indexOf('sagasu-skip'), firstFacet - 1, `a skip link before the facets: ${order}`);
    // ... which jumps over them: Enter on it, then Tab, lands on the first hit.
    await page.locator('.sagasu-skip').focus();
    assert.ok(await page.locator('.sagasu-skip').isVisible(), 'the skip link shows while focused');
    const urlBeforeSkip = page.url();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.activeElement.matches('.sagasu-hit-title a')), 'skip link → first hit');
    assert.equal(page.url(), urlBeforeSkip, 'the skip link leaves the URL alone');

    // ---- a tag facet, chosen with the keyboard -----------------------------
    const facet = page.locator(`.sagasu-facet[data-facet="tag"] .sagasu-facet-button[data-value="${TAG}"]`);
    assert.equal(await facet.getAttribute('aria-pressed'), 'false');
    await facet.focus();
    const afterFacet = nextSearch();
    await page.keyboard.press('Enter');
    const filtered = await (await afterFacet).json();
    log(`+ tag ${TAG}: ${filtered.total} hits`);
    assert.ok(filtered.total > 0 && filtered.total < first.total, 'the filter narrows the results');
    await page.waitForFunction((n) => document.querySelectorAll('.sagasu-hit').length === n, filtered.hits.length);
    const hitTags = await page.locator('.sagasu-hit').evaluateAll((els) =>
      els.map((el) => [...el.querySelectorAll('.sagasu-hit-tags .sagasu-tag')].map((b) => b.textContent)));
    for (const tags of hitTags) assert.ok(tags.includes('#' + TAG), `every hit has tag ${TAG}: ${tags}`);
    assert.equal(await facet.getAttribute('aria-pressed'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.value), TAG, 'focus stays on the facet');
    const chip = page.locator('.sagasu-chip');
    assert.equal(await chip.count(), 1);
    assert.match(await chip.textContent(), new RegExp(TAG));
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('q'), QUERY);
    assert.deepEqual(url.searchParams.getAll('tag'), [TAG]);

    // ---- reload restores query, filter and results -------------------------
    const afterReload = nextSearch();
    await page.reload();
    await afterReload;
    await page.waitForFunction((n) => document.querySelectorAll('.sagasu-hit').length === n, filtered.hits.length);
    assert.equal(await input.inputValue(), QUERY);
    assert.equal(await page.locator('.sagasu-chip').count(), 1);
    assert.match(await status.textContent(), new RegExp(`${filtered.total}件`));
    await page.screenshot({ path: screenshot, fullPage: true });
    log(`screenshot: ${screenshot}`);

    // ---- back: the facet click was a history step --------------------------
    const afterBack = nextSearch();
    await page.goBack();
    await afterBack;
    await page.waitForFunction((n) => document.querySelectorAll('.sagasu-hit').length === n, Math.min(first.total, 10));
    assert.equal(await page.locator('.sagasu-chip').count(), 0);
    assert.deepEqual(new URL(page.url()).searchParams.getAll('tag'), []);

    // ---- typing with the keyboard: the empty state -------------------------
    await page.keyboard.press('Escape');  // leave any focused control
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');  // focuses the search box
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'sagasu-q');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    const nonsense = 'qzxvwkj';
    const afterNonsense = page.waitForResponse((r) => new URL(r.url()).searchParams.get('q') === nonsense);
    await page.keyboard.type(nonsense, { delay: 30 });
    const none = await (await afterNonsense).json();
    assert.equal(none.total, 0);
    const empty = page.locator('.sagasu-empty');
    await empty.waitFor({ state: 'visible' });
    // One message that nothing matched (the announced status line); the box
    // under it only suggests what to try.
    assert.match(await status.textContent(), new RegExp(`「${nonsense}」${EMPTY_MESSAGE}`));
    const widgetText = await page.locator('.sagasu').textContent();
    assert.equal(widgetText.split(EMPTY_MESSAGE).length - 1, 1, `the empty-state message once: ${widgetText}`);
    assert.match(await empty.textContent(), /言葉を減らす/);
    assert.equal(await page.locator('.sagasu-hit').count(), 0);
    assert.equal(await page.locator('.sagasu-facets').isVisible(), false);

    // ---- Japanese text inserted directly (as an IME commit does) -----------
    await input.fill('');
    const afterInsert = page.waitForResponse((r) => new URL(r.url()).searchParams.get('q') === 'ラーメン');
    await input.focus();
    await page.keyboard.insertText('ラーメン');
    const ramen = await (await afterInsert).json();
    assert.ok(ramen.total >= 1);
    await page.locator('.sagasu-hit mark').first().waitFor();


    // ---- embedded in a foreign theme ---------------------------------------
    // Host pages are served from the server's origin by request interception;
    // search.js and search.css come from the server itself.
    const closedPort = await new Promise((resolve) => {
      const srv = net.createServer();
      srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
    });
    const hostPages = {
      '/host/bare.html': hostPage('<div id="search" data-sagasu data-sagasu-api="/search"></div>', false),
      '/host/themed.html': hostPage('<div id="search" data-sagasu data-sagasu-api="/search"></div>'),
      '/host/noapi.html': hostPage('<div data-sagasu></div>'),
      '/host/down.html': hostPage(`<div data-sagasu data-sagasu-api="http://127.0.0.1:${closedPort}/search"></div>`),
      '/host/legacy.html': hostPage(LEGACY_WIDGET),
      '/host/wrong.html': hostPage('<div data-sagasu data-sagasu-api="/serch"></div>'),
    };
    const host = await context.newPage();
    host.setDefaultTimeout(10000);
    const hostErrors = [];
    host.on('pageerror', (e) => hostErrors.push(String(e)));
    await host.route(`${server.base}/host/*`, (route) => {
      const body = hostPages[new URL(route.request().url()).pathname];
      return body ? route.fulfill({ contentType: 'text/html; charset=utf-8', body }) : route.fulfill({ status: 404 });
    });
    const frameStyles = () => host.evaluate(() => {
      const pick = (e) => {
        const c = getComputedStyle(e);
        return Object.fromEntries(['font-family', 'font-size', 'line-height', 'color', 'background-color', 'margin-top', 'margin-left']
          .map((k) => [k, c.getPropertyValue(k)]));
      };
      return { html: pick(document.documentElement), body: pick(document.body), h1: pick(document.querySelector('h1')) };
    });
    await host.goto(`${server.base}/host/bare.html`);
    const before = await frameStyles();
    assert.match(before.body['font-family'], /Georgia/);

    // The highlights arrive split in two (<mark>北海</mark><mark>道</mark>), as
    // a server may send them; the page shows one <mark>北海道</mark>.
    let sentMarks = 0;
    await host.route(`${server.base}/search?*`, async (route) => {
      const res = await route.fetch();
      const text = (await res.text()).replaceAll(`<mark>${QUERY}</mark>`, () => {
        sentMarks++;
        return '<mark>北海</mark><mark>道</mark>';
      });
      return route.fulfill({ response: res, body: text });
    });
    await host.goto(`${server.base}/host/themed.html`);
    const hostInput = host.locator('.sagasu-input');
    await hostInput.waitFor();
    assert.deepEqual(await frameStyles(), before, 'the widget changes nothing outside itself');
    const escaped = await host.evaluate(() => {
      const sheet = [...document.styleSheets].find((s) => s.href && s.href.endsWith('/search.css'));
      const bad = [];
      const walk = (rules) => {
        for (const r of rules) {
          if (r.selectorText !== undefined) {
            for (const sel of r.selectorText.split(',')) {
              if (!/^(\.sagasu\b|:where\(\.sagasu\))/.test(sel.trim())) bad.push(sel.trim());
            }
          } else if (r.cssRules) {
            walk(r.cssRules);
          }
        }
      };
      walk(sheet.cssRules);
      return { rules: sheet.cssRules.length, bad };
    });
    assert.ok(escaped.rules > 20, 'search.css loaded');
    assert.deepEqual(escaped.bad, [], 'every rule of search.css is under .sagasu');
    await hostInput.fill(QUERY);
    await host.locator('.sagasu-hit').first().waitFor();
    assert.ok(sentMarks >= 1, 'the server highlighted the query');
    const hostMarks = await host.locator('.sagasu-hit mark').allTextContents();
    assert.equal(hostMarks.length, sentMarks, `one mark per split pair: ${hostMarks}`);
    assert.ok(hostMarks.every((m) => m === QUERY), `merged marks: ${hostMarks}`);
    const widgetStyle = await host.evaluate(() => {
      const font = (sel) => getComputedStyle(document.querySelector(sel)).fontFamily;
      const c = getComputedStyle(document.querySelector('.sagasu-hit-snippet'));
      return {
        widget: font('.sagasu'), input: font('.sagasu-input'), snippet: font('.sagasu-hit-snippet'),
        facet: font('.sagasu-facet-button'), snippetColor: c.color, snippetLineHeight: c.lineHeight,
      };
    });
    assert.deepEqual(await frameStyles(), before, 'nor after results are shown');
    for (const k of ['widget', 'input', 'snippet', 'facet']) {
      assert.equal(widgetStyle[k], before.body['font-family'], `the ${k} uses the host's font`);
    }
    assert.equal(widgetStyle.snippetColor, before.body.color, 'text in the host colour');
    assert.equal(widgetStyle.snippetLineHeight, before.body['line-height'], "the host's line height");
    await host.unroute(`${server.base}/search?*`);

    // ---- a copy of the older markup still works, facets first --------------
    await host.goto(`${server.base}/host/legacy.html`);
    await host.locator('.sagasu-input').fill(QUERY);
    await host.locator('.sagasu-hit mark').first().waitFor();
    const legacy = await host.evaluate(() => ({
      facetsFirst: !!(document.querySelector('.sagasu-facets').compareDocumentPosition(document.querySelector('.sagasu-results'))
        & Node.DOCUMENT_POSITION_FOLLOWING),
      toggle: !!document.querySelector('.sagasu-facets-toggle'),
      message: document.querySelector('.sagasu-message')?.getAttribute('role'),
    }));
    assert.deepEqual(legacy, { facetsFirst: true, toggle: true, message: 'alert' });
    assert.deepEqual(await frameStyles(), before, 'the older markup leaves the host alone too');

    // ---- a widget that cannot search says why -------------------------------
    const hostSearches = [];
    host.on('request', (r) => { if (/\/(search|serch)$/.test(new URL(r.url()).pathname)) hostSearches.push(r.url()); });
    const message = host.locator('.sagasu-message');
    await host.goto(`${server.base}/host/noapi.html`);
    await message.waitFor({ state: 'visible' });
    const noApi = await message.textContent();
    assert.match(noApi, /data-sagasu-api/);
    assert.doesNotMatch(noApi, /HTTP|404/);
    assert.ok(await host.locator('.sagasu-input').isDisabled(), 'nothing to type into');
    assert.equal(await host.locator('.sagasu-status').textContent(), '');

    for (const [file, expect] of [['down.html', new RegExp(`127\\.0\\.0\\.1:${closedPort}.*接続できませんでした`)],
      ['wrong.html', /\/serch）が見つかりません.*data-sagasu-api/]]) {
      await host.goto(`${server.base}/host/${file}`);
      await host.locator('.sagasu-input').fill(QUERY);
      await message.waitFor({ state: 'visible' });
      const text = await message.textContent();
      log(`${file}: ${text}`);
      assert.match(text, expect);
      // The port in the message may hold "404": only the status words are wrong.
      assert.doesNotMatch(text, /HTTP|\b404\b|Not Found/);
      assert.equal(await message.getAttribute('role'), 'alert');
      assert.equal(await host.locator('.sagasu-hit').count(), 0);
      assert.equal(await host.locator('.sagasu-status').textContent(), '', 'the message is said once');
    }
    // A query the server refuses: its own message, in the same place.
    await host.goto(`${server.base}/host/themed.html`);
    await host.locator('.sagasu-input').fill('北'.repeat(400));  // 1,200 bytes > --max-query-bytes
    await message.waitFor({ state: 'visible' });
    assert.match(await message.textContent(), /^検索できませんでした: .*1024/);
    assert.equal(await host.locator('.sagasu-status').textContent(), '');
    assert.equal(hostSearches.length, 3, `one request each from down.html, wrong.html and the long query, none without an API: ${hostSearches}`);
    assert.deepEqual(hostErrors, [], 'no script errors on the host pages');

    // ---- a phone: facets folded, the first hit above the fold ---------------
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 375, height: 667 });
    await phone.goto(`${server.base}/?q=${encodeURIComponent(QUERY)}`);
    const firstTitle = phone.locator('.sagasu-hit-title a').first();
    await firstTitle.waitFor();
    const toggle = phone.locator('.sagasu-facets-toggle');
    assert.ok(await toggle.isVisible(), 'a facet toggle on a phone');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await phone.locator('.sagasu-facet-button').first().isVisible(), false, 'facets folded');
    const box = await firstTitle.boundingBox();
    assert.ok(box.y + box.height <= 667, `the first hit above the fold: ${JSON.stringify(box)}`);
    await phone.screenshot({ path: screenshot.replace(/(\.png)?$/, '-phone.png') });
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.ok(await phone.locator('.sagasu-facet-button').first().isVisible(), 'facets unfolded');
    const phoneWidth = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(phoneWidth <= 375, `no sideways scrolling: ${phoneWidth}px`);
    await phone.close();

    assert.deepEqual(pageErrors, [], 'no errors in the page');
    log('all checks passed');
  } finally {
    if (context) await context.close().catch(() => {});
    const stopped = await stopServer(server);
    if (stopped && stopped.code !== 0) {
      console.error(`e2e: sagasu serve exited with ${JSON.stringify(stopped)} after SIGTERM`);
      process.exitCode = 1;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error('e2e: FAILED:', e && e.stack ? e.stack : e);
  process.exitCode = 1;
});
