// Search as you type on /search/ with Pagefind (the static index written
// after the build), and the server for the notices published in the site
// since the build (/search/notices.json, merged in: storeHits.ts). Without this script, or when Pagefind cannot load, the
// page is a GET form answered by the server, which already rendered the
// results below the box. Only /search/ loads this: other pages stay free of
// JavaScript. Everything is rendered with textContent, never innerHTML.
import { searchWithPagefind, type PagefindApi } from '../search/pagefind';
import { searchMessages, statusOf } from '../search/messages';
import type { Marked } from '../search/marks';
import type { SearchAnswer } from '../search/results';
import { withStoreNotices, type StoreNoticeHits } from '../search/storeHits';

const PAGEFIND = '/pagefind/pagefind.js';
const DEBOUNCE_MS = 250;
const STORE_NOTICES = '/search/notices.json';

/** The server's notices published since the build; undefined when it cannot answer (Pagefind's answer stands alone). */
async function storeNotices(query: string): Promise<StoreNoticeHits | undefined> {
  if (query.trim() === '') return undefined;
  try {
    const response = await fetch(`${STORE_NOTICES}?q=${encodeURIComponent(query)}`, { headers: { accept: 'application/json' } });
    return response.ok ? ((await response.json()) as StoreNoticeHits) : undefined;
  } catch {
    return undefined;
  }
}

let pagefind: Promise<PagefindApi> | undefined;
function loadPagefind(): Promise<PagefindApi> {
  pagefind ??= (import(/* @vite-ignore */ PAGEFIND) as Promise<PagefindApi & { options(o: object): Promise<void> }>).then(async (api) => {
    await api.options({ excerptLength: 24 });
    return api;
  });
  return pagefind;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string; id?: string } = {}, children: Node[] = []) {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.id) node.id = props.id;
  if (props.text !== undefined) node.textContent = props.text;
  node.append(...children);
  return node;
}

const marked = (text: Marked) => text.map((part) => (part.mark ? el('mark', { text: part.text }) : document.createTextNode(part.text)));

/** The same structure as components/search/SearchResults.astro. */
function render(answer: SearchAnswer, status: HTMLElement, results: HTMLElement) {
  status.textContent = statusOf(answer);
  const nodes: Node[] = [];
  if ((answer.status === 'none' || answer.status === 'results') && answer.truncated)
    nodes.push(el('p', { className: 'search-note', text: searchMessages.truncated }));
  if (answer.status === 'none')
    nodes.push(
      el(
        'ul',
        { className: 'search-tips' },
        searchMessages.noneTips.map((tip) => el('li', { text: tip })),
      ),
    );
  if (answer.status === 'results') {
    if (answer.match === 'partial') nodes.push(el('p', { className: 'search-note', text: searchMessages.partial }));
    for (const group of answer.groups) {
      const heading = el('h2', { id: `group-${group.kind}`, text: searchMessages.groupHeading(group) });
      const items = group.hits.map((hit) => {
        const link = el('a', { className: 'hit-title' }, marked(hit.title));
        link.href = hit.url;
        const parts: Node[] = [link, el('p', { className: 'meta', text: hit.context })];
        if (hit.excerpt.length > 0) parts.push(el('p', { className: 'excerpt' }, marked(hit.excerpt)));
        return el('li', {}, parts);
      });
      const section = el('section', {}, [heading, el('ol', { className: 'list search-hits' }, items)]);
      section.setAttribute('aria-labelledby', heading.id);
      if (group.total > group.hits.length) section.append(el('p', { className: 'muted', text: searchMessages.more(group) }));
      nodes.push(section);
    }
  }
  results.replaceChildren(...nodes);
}

function enhance() {
  const form = document.querySelector<HTMLFormElement>('form[data-search-form]');
  const input = form?.querySelector<HTMLInputElement>('input[name="q"]');
  const status = document.getElementById('search-status');
  const results = document.getElementById('search-results');
  if (!form || !input || !status || !results) return;
  let latest = 0;
  let shown = input.value;
  const run = async (query: string) => {
    const ticket = ++latest;
    let answer: SearchAnswer;
    const fromServer = storeNotices(query);
    try {
      answer = withStoreNotices(await searchWithPagefind(query, await loadPagefind()), await fromServer);
    } catch {
      return false; // no index (e.g. `astro dev`) or offline: the server's answer stays
    }
    if (ticket !== latest) return true;
    render(answer, status, results);
    results.dataset.engine = 'pagefind';
    shown = query;
    const url = query.trim() === '' ? '/search/' : `/search/?q=${encodeURIComponent(query)}`;
    history.replaceState(null, '', url);
    document.title = document.title.replace(/^[^-]*(?= - )/, query.trim() === '' ? '搜索' : `搜索：${query.trim()}`);
    return true;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(input.value), DEBOUNCE_MS);
  });
  input.addEventListener('focus', () => void loadPagefind().catch(() => undefined), { once: true });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    void run(input.value).then((done) => {
      if (!done) form.submit();
    });
  });
  if (shown.trim() !== '') void run(shown);
}

enhance();
