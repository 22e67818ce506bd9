// The handbook's service worker: the pages a reader opens stay readable on the device without network
// (README, « Hors connexion »). Registered by overrides/main.html from the session's root, so its scope is the
// session's folder (/2022/ once published by mike); never under the preview (hooks/preview.py).
// - Network first for every GET of this site (its pages, their assets, the sessions' list): a reader online always
//   gets what is published now (a corrected date is never hidden behind a kept page); each successful answer is
//   kept, and the kept copy answers offline.
// - A page never kept, offline: the French page hors-connexion/ (it lists the pages this device keeps).
// - The page « Mes épreuves » asks to keep a list of pages (message {keep: [urls]}), each with its assets.
// - The cache's name carries the publication (stamped at build by hooks/offline.py): a new publication's worker
//   fetches again the pages the reader kept, then drops the older cache and its assets.
"use strict";

const PUBLICATION = "__HANDBOOK_PUBLICATION__";
const SCOPE = self.registration.scope;
const PREFIX = "handbook " + SCOPE + " ";        // caches are per origin: one session's never touches another's
const CACHE = PREFIX + PUBLICATION;
const HOME = SCOPE;
const OFFLINE_PAGE = new URL("hors-connexion/", SCOPE).href;

// What a kept page needs to be drawn: its styles, scripts, icons and images (not the pages it links to).
const ASSET_TAG = /<(link|script|img)\b[^>]*>/gi;
const ASSET_URL = /\b(?:href|src)\s*=\s*"([^"]+)"/i;
const ASSET_REL = /\brel\s*=\s*"(?:[^"]*\s)?(?:stylesheet|icon|preload|modulepreload)(?:\s[^"]*)?"/i;

self.addEventListener("install", (event) => event.waitUntil(install()));
self.addEventListener("activate", (event) => event.waitUntil(activate()));
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method === "GET" && new URL(request.url).origin === self.location.origin) event.respondWith(networkFirst(event));
});
self.addEventListener("message", (event) => {
  const port = event.ports[0];
  const asked = event.data || {};
  if (!port) return;
  const answer = asked.keep ? keep(asked.keep.filter(inScope)).then((kept) => ({ kept }))
    : asked.list ? keptPages().then((pages) => ({ pages }))
    : Promise.resolve({});
  event.waitUntil(answer.then((reply) => port.postMessage(reply), () => port.postMessage({ kept: [], pages: [] })));
});

// The offline page is required (without it an unkept page would show the browser's error); the home page and
// the pages already open (they were loaded before this worker existed) are kept when the network allows.
async function install() {
  if (!(await keep([OFFLINE_PAGE])).length) throw new Error("hors-connexion/ could not be kept");
  const open = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  await keep([HOME].concat(open.map((client) => client.url).filter(inScope)));
  await self.skipWaiting();
}

// The pages kept under an older publication are fetched again (or copied, when the network fails) before its
// cache goes; then this worker serves the pages already open.
async function activate() {
  const older = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
  const pages = [];
  for (const name of older) pages.push(...(await pagesOf(await caches.open(name))));
  const fetched = await keep(pages);
  await keep(pages.filter((url) => !fetched.includes(url)), (url) => caches.match(url));
  await Promise.all(older.map((name) => caches.delete(name)));
  await self.clients.claim();
}

async function networkFirst(event) {
  const request = event.request;
  try {
    const response = await fetch(request);
    if (storable(response)) {
      const copy = response.clone();
      event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
    }
    return response;
  } catch (offline) {
    const navigation = request.mode === "navigate";
    const cache = await caches.open(CACHE);
    const kept = await cache.match(request, { ignoreSearch: navigation });   // ?h= of a search result
    if (kept) return kept;
    if (!navigation) return Response.error();
    if (sameDocument(request.url, OFFLINE_PAGE)) return lastResort();
    const page = new URL(OFFLINE_PAGE);
    page.searchParams.set("depuis", new URL(request.url).pathname);
    return Response.redirect(page.href, 302);   // the offline page's relative links work at its own address
  }
}

// Keep each URL and, for a page, the assets it uses; `load` fetches (default: the network, revalidated).
// Returns the URLs kept.
async function keep(urls, load = (url) => fetch(url, { cache: "no-cache" })) {
  const cache = await caches.open(CACHE);
  const kept = [];
  for (const url of new Set(urls)) {
    try {
      const response = await load(url);
      if (!response || !storable(response)) continue;
      const page = isPage(response) ? await response.clone().text() : null;
      await cache.put(url, response);
      kept.push(url);
      if (page !== null) {
        for (const asset of assetsOf(page, url)) {
          if (!(await cache.match(asset))) {
            const answer = await load(asset).catch(() => null);
            if (answer && storable(answer)) await cache.put(asset, answer);
          }
        }
      }
    } catch (failure) {
      // Network or storage failure: kept only if an earlier copy is (the caller says which ones are not).
      if (await cache.match(url)) kept.push(url);
    }
  }
  return kept;
}

function assetsOf(html, base) {
  const found = [];
  for (const [tag, name] of html.matchAll(ASSET_TAG)) {
    const url = tag.match(ASSET_URL);
    if (!url || (name.toLowerCase() === "link" && !ASSET_REL.test(tag))) continue;
    const absolute = new URL(url[1].replace(/&amp;/g, "&"), base);
    if (absolute.origin === self.location.origin) found.push(absolute.href);
  }
  return found;
}

// The URLs of the pages this publication's cache holds, the offline page aside, in the order they were kept.
async function keptPages() {
  const pages = await pagesOf(await caches.open(CACHE));
  return pages.filter((url) => !sameDocument(url, OFFLINE_PAGE));
}

async function pagesOf(cache) {
  const pages = [];
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    if (response && isPage(response)) pages.push(request.url);
  }
  return pages;
}

function storable(response) {
  return response.status === 200 && response.type === "basic" && !response.redirected;
}

function isPage(response) {
  return (response.headers.get("Content-Type") || "").startsWith("text/html");
}

function inScope(url) {
  return url.startsWith(SCOPE);
}

function sameDocument(a, b) {
  const [x, y] = [new URL(a), new URL(b)];
  return x.origin === y.origin && x.pathname === y.pathname;
}

// Only if the offline page itself was dropped from the device (storage cleared by the browser): a word in French.
function lastResort() {
  return new Response("<!DOCTYPE html><html lang=\"fr\"><meta charset=\"utf-8\"><meta name=\"viewport\" "
    + "content=\"width=device-width, initial-scale=1\"><title>Pas de connexion</title><h1>Pas de connexion</h1>"
    + "<p>Cette page n'a pas été gardée sur ce téléphone. Reconnectez-vous, puis rechargez la page.</p></html>",
    { headers: { "Content-Type": "text/html; charset=utf-8" } });
}
