// sagasu search page: search as you type (never while an IME is composing),
// highlighted results, tag and category filters, paging, and the state in
// the URL so that a search can be shared and survives a reload.
//
// No framework and no build step. Embedding contract (what a theme, the
// Jekyll include and the Hugo partial rely on):
//
//   <link rel="stylesheet" href="/assets/search.css">
//   <script src="/assets/search.js" defer></script>
//   <div data-sagasu data-sagasu-api="https://search.example.com/search"></div>
//
// Every element with a data-sagasu attribute becomes a search widget. An
// empty one is filled with the widget's markup (built below); one that
// already holds it (a copy of an older web/index.html block, found by its
// .sagasu-* class names) is used as it is. The element gets the class
// "sagasu", under which every rule of search.css lives; ids inside it start
// with the element's own id (or "sagasu-N"), so several widgets can share a
// page.
//
// Attributes:
//   data-sagasu-api        required: the JSON API, `sagasu serve`'s /search
//                          (absolute or relative to the page). Without it the
//                          widget says so instead of searching.
//   data-sagasu-page-size  hits per page (default 10, at most 100)
//   data-sagasu-time-zone  dates are shown in this zone (default Asia/Tokyo)
//   data-sagasu-prefix     "none": the last word is never a prefix (by
//                          default, while it is still being typed, it matches
//                          the words it begins: ベンチ finds ベンチマーク)
//
// Keyboard order: the facets come before the hits in the DOM (and on the
// left, or behind a toggle on a narrow widget), so Tab goes search box, a
// link that skips the facets, facets, first hit, its tags, next hit: every
// control is a plain Tab stop and the visual order is the focus order
// (README, "The search page").
(() => {
  'use strict';

  const DEBOUNCE_MS = 250;
  const MAX_FACETS = 20;
  const MAX_RESULT_WINDOW = 10000; // the server's page*size limit

  // The API's title_highlighted and snippet are HTML-escaped text with
  // <mark> elements. Rebuild them from text nodes and <mark> only, so that
  // nothing else could ever reach the page even from a misbehaving server.
  // Marks that touch are merged (<mark>北海</mark><mark>道</mark> becomes
  // <mark>北海道</mark>): one highlighted word, not two boxes side by side.
  function markedFragment(html) {
    const doc = new DOMParser().parseFromString('<!doctype html><body>' + html, 'text/html');
    const out = document.createDocumentFragment();
    for (const node of doc.body.childNodes) {
      const text = node.textContent;
      if (text === '') continue;
      if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === 'MARK') {
        const last = out.lastChild;
        if (last && last.nodeName === 'MARK') last.textContent += text;
        else out.append(el('mark', { text }));
      } else {
        out.append(document.createTextNode(text));
      }
    }
    return out;
  }

  // An error answer's text: {"error": {"code", "param", "message"}} (README,
  // "Errors"), or a plain string from an older server; null for anything else.
  function errorMessage(body) {
    const e = body && body.error;
    if (e && typeof e === 'object' && typeof e.message === 'string') return e.message;
    if (typeof e === 'string') return e;
    return null;
  }

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === undefined || v === null || v === false) continue;
        if (k === 'className') e.className = v;
        else if (k === 'text') e.textContent = v;
        else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  // The widget's markup, for an empty data-sagasu element. `p` prefixes the
  // ids (a checked [A-Za-z][\w-]* name). The facets come before the results:
  // see "Keyboard order" at the top.
  function widgetHtml(p) {
    const facet = (kind, title) => `
        <section class="sagasu-facet" data-facet="${kind}">
          <h2 class="sagasu-facet-title" id="${p}-facet-${kind}">${title}</h2>
          <ul class="sagasu-facet-list" aria-labelledby="${p}-facet-${kind}"></ul>
        </section>`;
    return `
    <form class="sagasu-form" role="search" action="" method="get">
      <label class="sagasu-label" for="${p}-q">キーワード</label>
      <div class="sagasu-box">
        <input class="sagasu-input" id="${p}-q" name="q" type="search"
               autocomplete="off" spellcheck="false" enterkeyhint="search"
               aria-describedby="${p}-hint" aria-controls="${p}-results">
        <button class="sagasu-submit" type="submit">検索</button>
      </div>
      <p class="sagasu-hint" id="${p}-hint">
        入力すると検索します。例: <code>北海道 梅雨</code>、<code>"生成 AI"</code>（語順どおり）、<code>-広告</code>（除外）、<code>title:京都</code>
      </p>
    </form>
    <p class="sagasu-message" role="alert" hidden></p>
    <div class="sagasu-filters" hidden>
      <span class="sagasu-filters-label" id="${p}-filters-label">絞り込み中:</span>
      <ul class="sagasu-chips" aria-labelledby="${p}-filters-label"></ul>
      <button class="sagasu-clear" type="button">すべて解除</button>
    </div>
    <p class="sagasu-status" role="status" aria-live="polite" aria-atomic="true"></p>
    <div class="sagasu-layout">
      <aside class="sagasu-facets" aria-label="絞り込み" hidden>
        <button class="sagasu-facets-toggle" type="button" aria-expanded="false" aria-controls="${p}-facets">タグ・カテゴリーで絞り込む</button>
        <div class="sagasu-facets-body" id="${p}-facets">
          <a class="sagasu-skip" href="#${p}-results">絞り込みを飛ばして検索結果へ</a>${facet('tag', 'タグ')}${facet('category', 'カテゴリー')}
        </div>
      </aside>
      <section class="sagasu-results" id="${p}-results" aria-label="検索結果" tabindex="-1">
        <ol class="sagasu-hits"></ol>
        <div class="sagasu-empty" hidden></div>
        <nav class="sagasu-pages" aria-label="ページ送り" hidden></nav>
      </section>
    </div>`;
  }

  let widgets = 0;

  // Fills an empty widget, or brings a copy of the older markup up to date:
  // a message line after the form, the narrow-screen toggle, and the facets
  // moved before the results.
  function prepare(root) {
    root.classList.add('sagasu');
    widgets++;
    const p = /^[A-Za-z][\w-]*$/.test(root.id) ? root.id : `sagasu-${widgets}`;
    if (!root.querySelector('.sagasu-form')) {
      root.innerHTML = widgetHtml(p);
      return;
    }
    if (!root.querySelector('.sagasu-message')) {
      root.querySelector('.sagasu-form').after(el('p', { className: 'sagasu-message', role: 'alert', hidden: true }));
    }
    const facets = root.querySelector('.sagasu-facets');
    if (facets && !facets.querySelector('.sagasu-facets-toggle')) {
      const skip = el('a', { className: 'sagasu-skip', href: `#${p}-results`, text: '絞り込みを飛ばして検索結果へ' });
      const body = el('div', { className: 'sagasu-facets-body', id: `${p}-facets` }, skip, ...facets.querySelectorAll('.sagasu-facet'));
      facets.replaceChildren(el('button', {
        type: 'button', className: 'sagasu-facets-toggle', 'aria-expanded': 'false', 'aria-controls': body.id,
        text: 'タグ・カテゴリーで絞り込む',
      }), body);
    }
    const results = root.querySelector('.sagasu-results');
    if (facets && results && results.parentNode === facets.parentNode) results.before(facets);
  }

  function init(root) {
    prepare(root);
    const $ = (selector) => root.querySelector(selector);
    const form = $('.sagasu-form');
    const input = $('.sagasu-input');
    const submit = $('.sagasu-submit');
    const messageEl = $('.sagasu-message');
    const statusEl = $('.sagasu-status');
    const resultsEl = $('.sagasu-results');
    const hitsEl = $('.sagasu-hits');
    const emptyEl = $('.sagasu-empty');
    const pagesEl = $('.sagasu-pages');
    const facetsEl = $('.sagasu-facets');
    const facetsToggle = $('.sagasu-facets-toggle');
    const filtersEl = $('.sagasu-filters');
    const chipsEl = $('.sagasu-chips');
    const clearBtn = $('.sagasu-clear');

    // Without an API there is nothing to search: say so where the results
    // would be, for the reader and for the site's owner, and stop.
    const apiAttr = (root.dataset.sagasuApi || '').trim();
    let api = null;
    try {
      if (apiAttr) api = new URL(apiAttr, document.baseURI);
    } catch (_) { /* reported below */ }
    if (!api) {
      const why = apiAttr
        ? `data-sagasu-api="${apiAttr}" が URL として読めません`
        : 'この検索欄に data-sagasu-api 属性（検索 API の URL）がありません';
      messageEl.textContent = `検索を使えません: ${why}。` +
        'サイトの管理者は data-sagasu-api="https://search.example.com/search" のように sagasu serve の /search を指定してください。';
      messageEl.hidden = false;
      input.disabled = true;
      if (submit) submit.disabled = true;
      console.error('sagasu: a data-sagasu element without a usable data-sagasu-api attribute', root);
      return;
    }
    const pageSize = Math.min(100, Math.max(1, parseInt(root.dataset.sagasuPageSize || '10', 10) || 10));
    const dateFormat = new Intl.DateTimeFormat('ja-JP', {
      year: 'numeric', month: 'long', day: 'numeric',
      timeZone: root.dataset.sagasuTimeZone || 'Asia/Tokyo',
    });
    const numberFormat = new Intl.NumberFormat('ja-JP');

    // What is shown: the query text, the filters, the page.
    const state = { q: '', tags: [], categories: [], page: 1 };
    let composing = false;  // between compositionstart and compositionend
    let timer = 0;
    let controller = null;  // aborts the request a newer one replaces
    let shownKey = null;    // API query of what is on screen (or on its way)

    // ---- state <-> URL -----------------------------------------------------
    function readUrl() {
      const p = new URLSearchParams(location.search);
      state.q = p.get('q') || '';
      state.tags = p.getAll('tag').filter(Boolean);
      state.categories = p.getAll('category').filter(Boolean);
      state.page = Math.max(1, parseInt(p.get('page') || '1', 10) || 1);
    }

    function pageUrl(s) {
      const p = new URLSearchParams(location.search);
      for (const k of ['q', 'tag', 'category', 'page']) p.delete(k);
      if (s.q) p.set('q', s.q);
      for (const t of s.tags) p.append('tag', t);
      for (const c of s.categories) p.append('category', c);
      if (s.page > 1) p.set('page', String(s.page));
      const qs = p.toString();
      return location.pathname + (qs ? '?' + qs : '') + location.hash;
    }

    function writeUrl(mode) {
      const url = pageUrl(state);
      if (url === location.pathname + location.search + location.hash) return;
      if (mode === 'push') history.pushState(null, '', url);
      else if (mode === 'replace') history.replaceState(null, '', url);
    }

    function hasSearch() {
      return state.q.trim() !== '' || state.tags.length > 0 || state.categories.length > 0;
    }

    function apiUrl() {
      const u = new URL(api);
      // Only the start is trimmed: a space after the last word says it is
      // complete, so the API stops treating it as a prefix.
      u.searchParams.set('q', state.q.replace(/^\s+/, ''));
      if (root.dataset.sagasuPrefix === 'none') u.searchParams.set('prefix', 'none');
      for (const t of state.tags) u.searchParams.append('tag', t);
      for (const c of state.categories) u.searchParams.append('category', c);
      u.searchParams.set('page', String(state.page));
      u.searchParams.set('size', String(pageSize));
      return u;
    }

    // ---- searching -----------------------------------------------------------
    // mode: how the URL changes ('push' for deliberate steps such as a click,
    // 'replace' while typing, 'none' when the URL is already right).
    function search(mode, { focusResults = false } = {}) {
      clearTimeout(timer);
      writeUrl(mode);
      if (!hasSearch()) {
        if (controller) controller.abort();
        shownKey = null;
        showNothing();
        return;
      }
      const url = apiUrl();
      if (url.href === shownKey) return;
      shownKey = url.href;
      if (controller) controller.abort();
      const mine = new AbortController();
      controller = mine;
      resultsEl.setAttribute('aria-busy', 'true');
      fetch(url, { signal: mine.signal, headers: { Accept: 'application/json' } })
        .catch((err) => {
          if (err.name === 'AbortError') throw err;
          // fetch rejects only when no answer came: the server is down, the
          // name does not resolve, or (another origin) CORS refused it.
          const cors = api.origin !== location.origin
            ? `別のサイトの API なら、sagasu serve --cors-origin ${location.origin} も確かめてください。` : '';
          throw new Error(`検索サーバー（${api.host}）に接続できませんでした。時間をおいてもう一度お試しください。${cors}`);
        })
        .then(async (res) => {
          let body = null;
          try { body = await res.json(); } catch (_) { /* not JSON */ }
          const serverSays = errorMessage(body);
          if (res.status === 404) {
            throw new Error(`検索 API（${api.href}）が見つかりません。data-sagasu-api の URL を確認してください。`);
          }
          if (!res.ok) {
            throw new Error(serverSays ? `検索できませんでした: ${serverSays}`
              : `検索サーバーがエラーを返しました（${res.status}）。時間をおいてもう一度お試しください。`);
          }
          if (!body || !Array.isArray(body.hits) || typeof body.total !== 'number') {
            throw new Error(`${api.href} の応答は検索結果ではありません。data-sagasu-api の URL を確認してください。`);
          }
          return body;
        })
        .then((data) => {
          if (controller !== mine) return;
          render(data);
          if (focusResults) {
            resultsEl.focus({ preventScroll: true });
            resultsEl.scrollIntoView({ block: 'start' });
          }
        })
        .catch((err) => {
          if (err.name === 'AbortError' || controller !== mine) return;
          shownKey = null;  // let the same search be tried again
          showError(err.message);
        })
        .finally(() => {
          if (controller === mine) resultsEl.removeAttribute('aria-busy');
        });
    }

    function scheduleSearch() {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (composing) return;
        state.q = input.value;
        state.page = 1;
        search('replace');
      }, DEBOUNCE_MS);
    }

    // Japanese input: the text between compositionstart and compositionend
    // is unconverted kana. Search once the conversion is committed.
    input.addEventListener('compositionstart', () => {
      composing = true;
      clearTimeout(timer);
    });
    input.addEventListener('compositionend', () => {
      composing = false;
      scheduleSearch();
    });
    input.addEventListener('input', (e) => {
      if (composing || e.isComposing) return;
      scheduleSearch();
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (composing) return;
      state.q = input.value;
      state.page = 1;
      search('push');
    });
    clearBtn.addEventListener('click', () => {
      state.tags = [];
      state.categories = [];
      state.page = 1;
      search('push');
      input.focus();
    });
    // Narrow widgets show the facets behind this toggle (search.css); wide
    // ones hide the toggle and always show them.
    if (facetsToggle) {
      facetsToggle.addEventListener('click', () => {
        facetsToggle.setAttribute('aria-expanded', String(facetsToggle.getAttribute('aria-expanded') !== 'true'));
      });
    }
    // The skip link jumps over the facets to the results (focus only: the
    // host page's URL fragment is left alone).
    const skipLink = $('.sagasu-skip');
    if (skipLink) {
      skipLink.addEventListener('click', (e) => {
        e.preventDefault();
        resultsEl.focus();
      });
    }
    window.addEventListener('popstate', () => {
      readUrl();
      input.value = state.q;
      search('none');
    });
    // "/" focuses the search box, as on many sites.
    document.addEventListener('keydown', (e) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      const t = e.target;
      if (t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      e.preventDefault();
      input.focus();
      input.select();
    });

    function toggle(kind, value) {
      const list = kind === 'tag' ? state.tags : state.categories;
      const i = list.indexOf(value);
      if (i >= 0) list.splice(i, 1);
      else list.push(value);
      state.q = input.value;
      state.page = 1;
      search('push');
    }

    // ---- rendering -----------------------------------------------------------
    function describeQuery() {
      const parts = [];
      if (state.q.trim()) parts.push(`「${state.q.trim()}」`);
      for (const t of state.tags) parts.push(`タグ「${t}」`);
      for (const c of state.categories) parts.push(`カテゴリー「${c}」`);
      return parts.join('、');
    }

    function showNothing() {
      hitsEl.replaceChildren();
      emptyEl.hidden = true;
      pagesEl.hidden = true;
      facetsEl.hidden = true;
      messageEl.hidden = true;
      renderChips();
      statusEl.textContent = '';
      resultsEl.removeAttribute('aria-busy');
    }

    // One message, in the alert line under the search box; the results area
    // is emptied so nothing stale stays beside it.
    function showError(message) {
      hitsEl.replaceChildren();
      pagesEl.hidden = true;
      facetsEl.hidden = true;
      emptyEl.hidden = true;
      statusEl.textContent = '';
      messageEl.textContent = message;
      messageEl.hidden = false;
    }

    // Keeps keyboard focus on "the same" control when a re-render replaces it.
    function focusKeyOf(node) {
      return node instanceof HTMLElement ? node.dataset.focusKey : undefined;
    }
    function refocus(key) {
      if (!key) return;
      const target = root.querySelector(`[data-focus-key="${CSS.escape(key)}"]`);
      if (target) target.focus();
      else input.focus();
    }

    function render(data) {
      const focusKey = root.contains(document.activeElement) ? focusKeyOf(document.activeElement) : undefined;
      const total = data.total;
      const first = (data.page - 1) * data.size + 1;
      const last = first + data.hits.length - 1;
      messageEl.hidden = true;

      if (total === 0) {
        statusEl.textContent = `${describeQuery()}に一致する記事は見つかりませんでした`;
      } else if (data.hits.length === 0) {
        statusEl.textContent = `${describeQuery()}: ${numberFormat.format(total)}件（このページに結果はありません）`;
      } else {
        statusEl.textContent = `${describeQuery()}: ${numberFormat.format(total)}件` +
          (total > data.hits.length ? `（${numberFormat.format(first)}〜${numberFormat.format(last)}件目）` : '');
      }

      hitsEl.replaceChildren(...data.hits.map(renderHit));
      hitsEl.start = first;
      renderEmpty(total === 0);
      renderFacets(data.facets || { tags: [], categories: [] });
      renderChips();
      renderPages(total, data.page, data.size);
      refocus(focusKey);
    }

    // The status line says that nothing matched (once, and it is announced);
    // the box under it only suggests what to try.
    function renderEmpty(empty) {
      emptyEl.hidden = !empty;
      if (!empty) return;
      const children = [];
      if (state.q.trim()) children.push(el('p', { text: '言葉を減らす、別の言い方にする、ひらがなと漢字を変えるなどして試してください。' }));
      if (state.tags.length || state.categories.length) {
        children.push(el('button', {
          type: 'button', className: 'sagasu-link-button', 'data-focus-key': 'clear-filters',
          text: '絞り込みを解除して探す', onclick: () => clearBtn.click(),
        }));
      }
      emptyEl.replaceChildren(...children);
      emptyEl.hidden = children.length === 0;
    }

    function renderHit(hit) {
      const title = hit.title_highlighted || hit.title ? markedFragment(hit.title_highlighted || hit.title) : '（無題）';
      const heading = el('h3', { className: 'sagasu-hit-title' },
        hit.url ? el('a', { href: hit.url }, title) : title);
      const meta = el('p', { className: 'sagasu-hit-meta' });
      if (hit.date) {
        const d = new Date(hit.date);
        if (!Number.isNaN(d.getTime())) meta.append(el('time', { datetime: hit.date, text: dateFormat.format(d) }));
      }
      for (const c of hit.categories || []) meta.append(el('span', { className: 'sagasu-hit-category', text: c }));
      if (hit.author) meta.append(el('span', { className: 'sagasu-hit-author', text: hit.author }));
      const snippet = hit.snippet ? el('p', { className: 'sagasu-hit-snippet' }, markedFragment(hit.snippet)) : null;
      let tags = null;
      if (hit.tags && hit.tags.length) {
        tags = el('ul', { className: 'sagasu-hit-tags', 'aria-label': 'タグ' },
          ...hit.tags.map((t) => el('li', null, el('button', {
            type: 'button',
            className: 'sagasu-tag',
            'aria-pressed': state.tags.includes(t) ? 'true' : 'false',
            'aria-label': `タグ「${t}」で絞り込む`,
            'data-focus-key': `hit:${hit.id}:tag:${t}`,
            text: '#' + t,
            onclick: () => toggle('tag', t),
          }))));
      }
      return el('li', { className: 'sagasu-hit' }, heading, meta, snippet, tags);
    }

    function renderFacets(facets) {
      const lists = { tag: facets.tags || [], category: facets.categories || [] };
      let any = false;
      for (const kind of ['tag', 'category']) {
        const section = root.querySelector(`.sagasu-facet[data-facet="${kind}"]`);
        if (!section) continue;
        const active = kind === 'tag' ? state.tags : state.categories;
        const shown = lists[kind].slice(0, MAX_FACETS);
        // An active filter stays visible (and can be switched off) even when
        // it is not among the top values.
        for (const v of active) if (!shown.some((f) => f.value === v)) shown.push({ value: v, count: 0 });
        section.hidden = shown.length === 0;
        any = any || shown.length > 0;
        section.querySelector('.sagasu-facet-list').replaceChildren(...shown.map((f) => {
          const on = active.includes(f.value);
          const name = kind === 'tag' ? 'タグ' : 'カテゴリー';
          return el('li', null, el('button', {
            type: 'button',
            className: 'sagasu-facet-button',
            'aria-pressed': on ? 'true' : 'false',
            'aria-label': `${name}「${f.value}」${numberFormat.format(f.count)}件${on ? '（絞り込み中）' : ''}`,
            'data-value': f.value,
            'data-focus-key': `facet:${kind}:${f.value}`,
            onclick: () => toggle(kind, f.value),
          }, el('span', { className: 'sagasu-facet-value', text: f.value }),
          el('span', { className: 'sagasu-facet-count', 'aria-hidden': 'true', text: numberFormat.format(f.count) })));
        }));
      }
      facetsEl.hidden = !any;
    }

    function renderChips() {
      const chips = [];
      for (const [kind, name, list] of [['tag', 'タグ', state.tags], ['category', 'カテゴリー', state.categories]]) {
        for (const v of list) {
          chips.push(el('li', null, el('button', {
            type: 'button',
            className: 'sagasu-chip',
            'aria-label': `${name}「${v}」の絞り込みを解除`,
            'data-focus-key': `chip:${kind}:${v}`,
            onclick: () => toggle(kind, v),
          }, el('span', { text: `${name}: ${v}` }), el('span', { className: 'sagasu-chip-x', 'aria-hidden': 'true', text: '×' }))));
        }
      }
      chipsEl.replaceChildren(...chips);
      filtersEl.hidden = chips.length === 0;
    }

    function renderPages(total, page, size) {
      const pages = Math.min(Math.ceil(total / size), Math.floor(MAX_RESULT_WINDOW / size));
      pagesEl.hidden = pages <= 1;
      if (pages <= 1) {
        pagesEl.replaceChildren();
        return;
      }
      const link = (p, text, label, current) => {
        if (p < 1 || p > pages) return el('span', { className: 'sagasu-page sagasu-page-off', 'aria-hidden': 'true', text });
        return el('a', {
          className: 'sagasu-page',
          href: pageUrl({ ...state, page: p }),
          'aria-label': label,
          'aria-current': current ? 'page' : null,
          'data-focus-key': `page:${text}`,
          text,
          onclick: (e) => {
            if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;  // new tab/window
            e.preventDefault();
            state.page = p;
            search('push', { focusResults: true });
          },
        });
      };
      const items = [link(page - 1, '前へ', '前のページ')];
      const from = Math.max(1, Math.min(page - 2, pages - 4));
      const to = Math.min(pages, from + 4);
      if (from > 1) items.push(link(1, '1', '1ページ目'), from > 2 ? el('span', { className: 'sagasu-page-gap', text: '…' }) : null);
      for (let p = from; p <= to; p++) items.push(link(p, String(p), `${p}ページ目`, p === page));
      if (to < pages) items.push(to < pages - 1 ? el('span', { className: 'sagasu-page-gap', text: '…' }) : null, link(pages, String(pages), `${pages}ページ目（最後）`));
      items.push(link(page + 1, '次へ', '次のページ'));
      pagesEl.replaceChildren(...items.filter(Boolean));
    }

    // ---- start -----------------------------------------------------------------
    readUrl();
    input.value = state.q;
    search('none');
  }

  function start() {
    document.querySelectorAll('[data-sagasu]').forEach(init);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
