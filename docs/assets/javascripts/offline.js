// Offline reading, the page's side (the service worker is docs/sw.js, registered by overrides/main.html, which
// also sets the class handbook-offline in <head> where a worker can run; without it this script does nothing).
// - « Garder pour le jour de l'examen » (templates/macros.md.j2, keep_offline): asks the worker to keep the pages
//   listed under the button, then says in its status (role=status) that they open without network, or names
//   those it could not keep.
// - The page shown offline for a page never kept (docs/hors-connexion.md): lists the pages kept on this device,
//   names the page that was asked, and opens it once the network is back.
// - A page shown from the device, not the network, says so at its top, with the date of the copy.
// - Without network, a search result whose page this device does not keep says so (it would open « Page non gardée »).
(function () {
  "use strict";

  var root = document.documentElement;

  // How long to wait for the worker to be ready: one that failed to install never is (the page then says so).
  var READY_PATIENCE = 10000;

  // One question to the active worker, answered on a channel of its own; null when no worker is ready in time.
  function ask(message) {
    var late = new Promise(function (resolve) { setTimeout(function () { resolve(null); }, READY_PATIENCE); });
    return Promise.race([navigator.serviceWorker.ready, late]).then(function (registration) {
      if (!registration || !registration.active) return null;
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) { resolve(event.data || {}); };
        registration.active.postMessage(message, [channel.port2]);
      });
    });
  }

  // Published with mike, a session's folder sits under the site root, whose worker (written by `handbook publish`)
  // keeps the root and latest/… addresses working offline. Registered here, once this page's own worker keeps exam
  // day's pages, and only where the root's versions.json names this session's folder as latest: the root worker
  // leads there (a plain build at a host's root, or an archived session, registers nothing).
  function keepRootAddresses() {
    var controller = navigator.serviceWorker.controller;
    if (!controller) return Promise.resolve(null);
    var session = new URL("./", controller.scriptURL);
    var site = new URL("../", session);
    var folder = session.pathname.slice(site.pathname.length).replace(/\/$/, "");
    if (!folder || site.href === session.href) return Promise.resolve(null);
    return fetch(new URL("versions.json", site).href).then(function (response) {
      return response.ok ? response.json() : [];
    }).then(function (versions) {
      var latest = Array.isArray(versions) && versions.some(function (v) {
        return v && v.version === folder && Array.isArray(v.aliases) && v.aliases.indexOf("latest") !== -1;
      });
      return latest ? navigator.serviceWorker.register(new URL("sw.js", site).href, { scope: site.href }) : null;
    }).catch(function () { return null; });   // no root worker published: the root and latest/ need the network
  }

  // Once the « Garder » button of this page has kept its pages on this phone and they are all still there, the cards'
  // « Gardez cette page » offers have nothing left to offer (handbook.css hides them under handbook-kept). The button's
  // success is remembered on the device: a page read online is copied too, but without the button's request that the
  // phone keep the copies (storage.persist), which is what the offer is for.
  var KEPT_MARK = "handbook-garder" + location.pathname;

  function markIfKept(links) {
    var pressed = false;
    try { pressed = window.localStorage.getItem(KEPT_MARK) === "oui"; } catch (error) { pressed = false; }
    if (!pressed || !links.length || !("caches" in window)) return;
    Promise.all(links.map(function (link) { return caches.match(link.href, { ignoreSearch: true }); })).then(function (found) {
      if (found.every(Boolean)) document.documentElement.classList.add("handbook-kept");
    }).catch(function () {});   // copies that cannot be read: the offers stay
  }

  function rememberKept() {
    document.documentElement.classList.add("handbook-kept");
    try { window.localStorage.setItem(KEPT_MARK, "oui"); } catch (error) { /* not remembered: the offers come back */ }
  }

  function names(links) {
    return links.map(function (link) { return "«\u00a0" + link.textContent.trim() + "\u00a0»"; }).join(", ");
  }

  function setUpKeep(block) {
    if (block.dataset.keepReady) return;
    block.dataset.keepReady = "true";
    var button = block.querySelector("[data-keep-button]");
    var status = block.querySelector("[role=status]");
    var links = Array.prototype.slice.call(block.querySelectorAll(".handbook-keep__pages li a"));
    var busy = false;
    markIfKept(links);
    button.addEventListener("click", function () {
      if (busy) return;
      busy = true;
      button.setAttribute("aria-disabled", "true");
      status.textContent = "Enregistrement des pages sur ce téléphone…";
      // Asked to last: without it a phone short of space may delete the copies before the exam.
      if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(function () {});
      ask({ keep: links.map(function (link) { return link.href; }) }).then(function (answer) {
        if (!answer) {
          status.textContent = "Ce téléphone n'a pas pu garder ces pages\u00a0: réessayez avec du réseau, ou enregistrez "
            + "cette page en PDF (Partager, puis Imprimer).";
          return;
        }
        keepRootAddresses();
        var kept = answer.kept || [];
        var done = links.filter(function (link) { return kept.indexOf(link.href) !== -1; });
        // Named when they fail: one or two, usually (a page already kept counts as kept).
        var missed = links.filter(function (link) { return kept.indexOf(link.href) === -1; });
        if (!missed.length) rememberKept();
        status.textContent = missed.length
          ? "Pas de connexion\u00a0? " + missed.length + " page" + (missed.length > 1 ? "s n'ont" : " n'a") + " pas pu être "
            + "gardée" + (missed.length > 1 ? "s" : "") + "\u00a0: " + names(missed) + ". Réessayez quand vous avez du réseau."
          : "C'est fait\u00a0: ces " + done.length + " pages s'ouvrent maintenant sans connexion sur ce téléphone, même en "
            + "mode avion. Revenez sur cette page la veille de l'examen, avec du réseau\u00a0: elle gardera la dernière version.";
      }).then(function () {
        busy = false;
        button.removeAttribute("aria-disabled");
      });
    });
  }

  // The page's title as its heading says it (without the heading's permalink sign); an establishment's page, which
  // holds a candidate's exams (and the « Garder » button), is named « Mes épreuves » first.
  function heading(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var found = page.querySelector("article h1");
    if (!found) return null;
    Array.prototype.forEach.call(found.querySelectorAll(".headerlink"), function (link) { link.remove(); });
    var title = found.textContent.trim();
    return page.querySelector("[data-keep]") ? { text: "Mes épreuves\u00a0: " + title, first: true } : { text: title, first: false };
  }

  function setUpKept(box) {
    if (box.dataset.keptReady) return;
    box.dataset.keptReady = "true";
    var list = box.querySelector("ul");
    var shown = Array.prototype.map.call(list.querySelectorAll("a"), function (link) { return link.href; });
    ask({ list: true }).then(function (answer) {
      return Promise.all((answer && answer.pages || []).filter(function (url) { return shown.indexOf(url) === -1; }).map(function (url) {
        return caches.match(url).then(function (response) { return response ? response.text() : ""; }).then(function (html) {
          return { url: url, title: heading(html) };
        });
      }));
    }).then(function (pages) {
      // A candidate's own pages right after the home page, then the others in the order they were kept.
      pages = pages.filter(function (page) { return page.title; });
      pages.filter(function (page) { return page.title.first; })
        .concat(pages.filter(function (page) { return !page.title.first; }))
        .forEach(function (page) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = page.url;
          link.textContent = page.title.text;
          item.appendChild(link);
          list.appendChild(item);
        });
    });
  }

  // The page that was asked and is not kept (?depuis=, set by the worker): only a page of this site, else null.
  function askedPage() {
    var asked = new URLSearchParams(location.search).get("depuis");
    if (!asked) return null;
    var page = new URL(asked, location.href);
    return page.origin === location.origin ? page : null;
  }

  // That page, as text and as a link to try again.
  function setUpAsked(paragraph) {
    var page = askedPage();
    if (!page) return;
    var link = paragraph.querySelector("a");
    link.href = page.href;
    try {
      link.textContent = decodeURIComponent(page.pathname);
    } catch (malformed) {
      link.textContent = page.pathname;
    }
    paragraph.hidden = false;
  }

  // Whether the page shown came from the device because the network did not answer (set by offlineNow): a phone
  // in an exam building may say it is online while nothing answers.
  var shownFromDevice = false;

  // The page shown says the network did not answer: results already drawn are looked at again.
  function offlineNow() {
    shownFromDevice = true;
    markAllResults();
  }

  function markAllResults() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-search-result__list"), markUnkeptResults);
  }

  // Back online, unless this page itself came from the device (the network did not answer it): marks taken off.
  function unmarkAllResults() {
    if (shownFromDevice) return;
    Array.prototype.forEach.call(document.querySelectorAll(".md-search-result__item[data-kept]"), function (item) {
      Array.prototype.forEach.call(item.querySelectorAll(".handbook-unkept"), function (note) { note.remove(); });
      delete item.dataset.kept;
    });
  }

  // Material draws the search results anew at each letter typed: each new result is looked up in this device's copies.
  function watchSearchResults(list) {
    if (list.dataset.keptWatched) return;
    list.dataset.keptWatched = "true";
    new MutationObserver(function () { markUnkeptResults(list); }).observe(list, { childList: true, subtree: true });
  }

  // Without network, a result whose page is not kept here is marked before it is opened, so that a candidate at the
  // exam chooses one that opens; with network every result opens, and none is marked.
  function markUnkeptResults(list) {
    if (!shownFromDevice && navigator.onLine !== false) return;
    // One result per page, its sections under it: said once, under the page's title. Each result's item says what
    // was found once it is looked up (data-kept: "oui", "non", or "inconnu" when the copies cannot be read).
    Array.prototype.forEach.call(list.querySelectorAll(".md-search-result__item:not([data-kept])"), function (item) {
      var link = item.querySelector("a.md-search-result__link");
      if (!link) return;
      item.dataset.kept = "";
      var page = new URL(link.href);
      page.hash = "";
      // A page opened from a result is kept under its address with ?h=… (the worker serves it whatever its query).
      caches.match(page.href, { ignoreSearch: true }).then(function (kept) {
        item.dataset.kept = kept ? "oui" : "non";
        if (kept) return;
        var note = document.createElement("span");
        note.className = "handbook-unkept";
        note.textContent = "Page non gardée sur ce téléphone\u00a0: elle ne s'ouvre qu'avec du réseau.";
        var title = link.querySelector("article > h1, article > h2");
        if (title) title.insertAdjacentElement("afterend", note); else link.appendChild(note);
      }).catch(function () { item.dataset.kept = "inconnu"; });   // nothing to say
    });
  }

  // The offline page shown for a page never kept: once the network is back, that page itself. Asked when the phone
  // says it is online again, and every few seconds while it says so (the network may answer a moment later).
  var RETRY_EVERY = 3000;

  function backOnline() {
    var page = askedPage();
    if (!page || !document.querySelector("[data-offline-asked]")) return;
    var trying = false;
    function attempt() {
      if (trying || !navigator.onLine) return;
      trying = true;
      fetch(page.href, { method: "HEAD", cache: "no-store" }).then(function (response) {
        if (response.ok) location.replace(page.href);
      }).catch(function () { /* not yet */ }).then(function () { trying = false; });
    }
    window.addEventListener("online", attempt);
    setInterval(attempt, RETRY_EVERY);
  }

  function setup() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-keep]"), setUpKeep);
    Array.prototype.forEach.call(document.querySelectorAll("[data-kept-pages]"), setUpKept);
    Array.prototype.forEach.call(document.querySelectorAll("[data-offline-asked]"), setUpAsked);
    Array.prototype.forEach.call(document.querySelectorAll(".md-search-result__list"), watchSearchResults);
    // The offline page, reached because a page asked did not come (?depuis=): the network did not answer.
    if (askedPage() && document.querySelector("[data-offline-asked]")) offlineNow();
    // A page the worker answered from the device: it wrote the note « Copie du …, affichée hors connexion » into it.
    if (document.querySelector("article .handbook-kept-copy")) offlineNow();
  }

  if (!root.classList.contains("handbook-offline")) return;
  backOnline();
  window.addEventListener("offline", markAllResults);   // the phone loses the network while a page is open
  window.addEventListener("online", unmarkAllResults);  // … and finds it again: every result opens
  if (typeof document$ !== "undefined") {
    document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
