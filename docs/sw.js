// The handbook's service worker: the pages a reader opens stay readable on the device without network
// (README, « Hors connexion »). Registered by overrides/main.html from the session's root, so its scope is the
// session's folder (/2022/ once published by mike); never under the preview (hooks/preview.py).
// - Network first for every GET of this site (its pages, their assets, the sessions' list): a reader online gets
//   what is published now; each successful answer is kept, and the kept copy answers when the network fails or
//   has not answered within PATIENCE. A page shown from the device says so at its top, with its date, from its
//   first paint (the note is written into the copy as it is answered).
// - A page never kept, offline: the French page hors-connexion/ (it lists the pages this device keeps).
// - The page « Mes épreuves » asks to keep a list of pages (message {keep: [urls]}), each with its assets, and the
//   search's files (the search box then works offline).
// - The cache's name carries the publication (stamped at build by hooks/offline.py): a new publication's worker
//   fetches again, while installing, the pages the reader kept, then drops the older cache and its assets.
"use strict";

const PUBLICATION = "__HANDBOOK_PUBLICATION__";
// What the search box loads (index, workers' scripts, lunr's rules), by path from the scope: kept with exam day's
// pages, so that the search works offline too (written at build by hooks/offline.py, from hooks/search_index.py).
const SEARCH_FILES = ["__HANDBOOK_SEARCH_FILES__"];
const SCOPE = self.registration.scope;
const PREFIX = "handbook " + SCOPE + " ";        // caches are per origin: one session's never touches another's
const CACHE = PREFIX + PUBLICATION;
const HOME = SCOPE;
const OFFLINE_PAGE = new URL("hors-connexion/", SCOPE).href;

// Where a page's text starts: the note that a page is a copy goes first in it.
const ARTICLE_START = /<article\b[^>]*>/;
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
  const answer = asked.keep ? keep(asked.keep.filter(inScope).concat(searchFiles())).then((kept) => ({ kept }))
    : asked.list ? keptPages().then((pages) => ({ pages }))
    : Promise.resolve({});
  event.waitUntil(answer.then((reply) => port.postMessage(reply), () => port.postMessage({ kept: [], pages: [] })));
});

// How long a page waits for the network before its kept copy is shown (a weak signal in an exam building hangs
// rather than fails); the network's answer, when it comes, still replaces the copy for the next visit.
const PATIENCE = __HANDBOOK_PATIENCE__;

// The offline page is required (without it an unkept page would show the browser's error). The pages kept under
// an older publication are fetched again now, while the older worker still serves, so that no page waits on it:
// a page the site no longer has (404, redirect) is dropped; a page the network could not reach keeps its copy, to
// be fetched again at the next visit online. The home page and the pages already open are kept too.
async function install() {
  if (!(await keep([OFFLINE_PAGE])).length) throw new Error("hors-connexion/ could not be kept");
  const older = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
  const pages = [];
  for (const name of older) pages.push(...(await pagesOf(await caches.open(name))));
  await keep(pages, { carryOver: true });
  // The search's files too, where the older cache had them (a reader who kept exam day's pages, or searched).
  const search = searchFiles();
  if (search.length && (await caches.match(search[0]))) await keep(search, { carryOver: true });
  const open = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  await keep([HOME].concat(open.map((client) => client.url).filter(inScope)));
  await self.skipWaiting();
}

// The older caches go, and this worker serves the pages already open.
async function activate() {
  const older = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
  await Promise.all(older.map((name) => caches.delete(name)));
  await self.clients.claim();
}

async function networkFirst(event) {
  const request = event.request;
  const navigation = request.mode === "navigate";
  const cache = await caches.open(CACHE);
  // A page is asked of the site every time (revalidated): the browser's HTTP cache would answer a link followed
  // offline within the site's max-age, and the page would not say it is a copy nor show a correction just published.
  const fromNetwork = fetch(navigation ? new Request(request, { cache: "no-cache" }) : request).then(async (response) => {
    if (storable(response)) {
      await cache.put(request, response.clone());
    } else if (navigation && (response.status === 404 || response.status === 410)) {
      await cache.delete(request, { ignoreSearch: true });   // a page the site no longer has is not kept
    }
    return response;
  });
  event.waitUntil(fromNetwork.catch(() => null));
  const first = await Promise.race([fromNetwork.catch(() => null), wait(PATIENCE)]);
  if (first) return first;
  // ?h= of a search result; ?material= of the search worker (overrides/main.html), kept under its plain address
  const kept = await cache.match(request, { ignoreSearch: navigation || request.destination === "worker" });
  if (kept) {
    // The offline page is not a copy of the page asked: « Copie du …, affichée hors connexion » would contradict it.
    if (navigation && isPage(kept) && !sameDocument(request.url, OFFLINE_PAGE)) return saidToBeACopy(kept);
    // A worker's address is its script's answer's: a new answer has none, so the worker keeps the one it asked for.
    if (request.destination === "worker") return new Response(kept.body, { status: kept.status, headers: kept.headers });
    return kept;
  }
  try {
    return await fromNetwork;   // slow, not kept: the network is all there is
  } catch (offline) {
    if (!navigation) return Response.error();
    if (sameDocument(request.url, OFFLINE_PAGE)) return lastResort();
    const page = new URL(OFFLINE_PAGE);
    page.searchParams.set("depuis", new URL(request.url).pathname);
    return Response.redirect(page.href, 302);   // the offline page's relative links work at its own address
  }
}

// A kept page with a note at the top of its article, in its HTML (drawn with the page, nothing moves once it is
// shown): the copy's date, since a correction published after it is not in it. offline.js reads the note: the
// network did not answer this page.
async function saidToBeACopy(kept) {
  const html = await kept.text();
  const when = new Date(kept.headers.get("Date"));
  // Short: above the page's title, on exam morning, it pushes the day's exam down (two lines at 375 px, not five).
  const note = "<p class=\"handbook-note handbook-kept-copy\" role=\"note\">Copie" + (isNaN(when) ? "" : " du "
    + when.toLocaleString("fr-FR", { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" }).replace(" ", "\u00a0"))
    + ", affichée hors connexion\u00a0: les corrections publiées depuis n'y sont pas.</p>";
  const headers = new Headers(kept.headers);
  headers.delete("Content-Length");   // the page is longer by the note, and no longer as the server encoded it
  headers.delete("Content-Encoding");
  return new Response(html.replace(ARTICLE_START, (start) => start + note), { status: kept.status, headers });
}

function wait(milliseconds) {
  return new Promise((resolve) => setTimeout(() => resolve(null), milliseconds));
}

// Keep each URL and, for a page, the assets it uses, from the network (revalidated). Returns the URLs kept. With
// carryOver (a new publication), a URL the network cannot reach keeps the copy of an older cache, and one the site
// answers otherwise (404, redirect) is not carried over.
async function keep(urls, { carryOver = false } = {}) {
  const load = (url) => fetch(url, { cache: "no-cache" });
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
      // Network or storage failure: kept only if a copy is (this cache's, or an older one's on a new publication).
      const own = await cache.match(url);
      const older = !own && carryOver ? await caches.match(url) : undefined;
      if (older) await carry(cache, url, older);
      if (own || older) kept.push(url);
    }
  }
  return kept;
}

// A page carried over from an older publication, with the assets it used (they are in the older cache).
async function carry(cache, url, copy) {
  const page = await copy.clone().text();
  await cache.put(url, copy);
  for (const asset of assetsOf(page, url)) {
    const older = await caches.match(asset);
    if (older && !(await cache.match(asset))) await cache.put(asset, older);
  }
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

function searchFiles() {
  return SEARCH_FILES.map((path) => new URL(path, SCOPE).href);
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
