// Progressive enhancement: a filter box above lists and tables marked for it.
// Without JavaScript every entry stays visible and every link works; a list marked
// data-filter-reveal (the home page) stays hidden, and its page links to the full list instead.
(function () {
  "use strict";

  // Lower case without accents, words apart, so "pradeau la sede" finds "Pradeau La Sède" and "31" finds "(31)".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ");
  }

  // A text's words folded, and again with the words its apostrophes join written as one, its hyphens' too, and both:
  // « jeanne darc » finds « Jeanne-d'Arc », « bordebasse » finds « Borde-Basse », « jeannedarc » both.
  function searchable(text) {
    var apostrophes = text.replace(/(\p{L})['’](?=\p{L})/gu, "$1");
    return [text, apostrophes, text.replace(/(\p{L})[‐-](?=\p{L})/gu, "$1"), apostrophes.replace(/(\p{L})[‐-](?=\p{L})/gu, "$1")]
      .map(fold).join(" ");
  }

  // The rows or items a filter box shows or hides.
  function entriesOf(container) {
    return container.tagName === "TABLE"
      ? Array.prototype.slice.call(container.tBodies[0].rows)
      : Array.prototype.slice.call(container.children);
  }

  // What an entry is found by: its own text and the words it declares (a label, keywords), and apart, the words
  // that find it second (data-filter-near: where a school's candidates write, its town when its name has none;
  // data-filter-near-words: its department, « 46 » or « Lot »).
  // Parts marked data-filter-skip find nothing: where a distance line writes says nothing of where its candidates
  // live (« cned toulouse » found the Gers line, which writes in Toulouse).
  function wordsOf(entry) {
    var own = entry.cloneNode(true);
    var near = Array.prototype.map.call(entry.querySelectorAll("[data-filter-near]"), function (part) {
      return part.textContent;
    }).join(" ");
    Array.prototype.forEach.call(own.querySelectorAll("[data-filter-skip], [data-filter-near]"), function (part) {
      part.parentNode.removeChild(part);
    });
    near += " " + (entry.getAttribute("data-filter-near-words") || "");
    var words = " " + searchable(own.textContent + " " + (entry.getAttribute("data-filter-words") || ""));
    var all = words + " " + searchable(near);
    return { own: words, near: all, ownList: words.split(" "), nearList: all.split(" ") };
  }

  // Words typed between the ones that name a place, dropped: « lycée de Muret » is « lycée Muret » (the entry writes
  // « Pierre d'Aragon », folded « d aragon »). A query of such words only is kept as typed.
  var FILLER_WORDS = ["a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "sur"];

  function meaningful(typed) {
    var kept = typed.filter(function (word) { return FILLER_WORDS.indexOf(word) === -1; });
    return kept.length ? kept : typed;
  }

  // 0: every word typed begins a word of the entry's own; 1: of its own or near words; -1: not found. A word's
  // beginning, not any part: « lot » finds the Lot, not « Berthelot ». `begins`: how a word typed begins one.
  function rankOf(words, typed, begins) {
    var within = function (text, list) {
      return typed.every(function (word) { return text.indexOf(" " + word) !== -1 || begins(word, list); });
    };
    return within(words.own, words.ownList) ? 0 : within(words.near, words.nearList) ? 1 : -1;
  }

  function exactly() { return false; }

  // Where nothing begins as typed: a word of five letters or more begins a word with one letter added, dropped or
  // changed after its first (« bertelot », « marcellin »). Shorter ones are taken as typed (« lot » is no slip for
  // « lit »), and the first letter too: « perri » is Péri, not « Ferrières » first.
  var CLOSE_FROM = 5;
  function closely(word, list) {
    return word.length >= CLOSE_FROM && list.some(function (candidate) {
      if (candidate.charAt(0) !== word.charAt(0)) return false;
      return [-1, 0, 1].some(function (more) { return oneSlip(word, candidate.slice(0, word.length + more)); });
    });
  }

  // At most one letter added, dropped or changed between two words.
  function oneSlip(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0, j = 0, slips = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { i += 1; j += 1; continue; }
      slips += 1;
      if (slips > 1) return false;
      if (a.length > b.length) i += 1;
      else if (b.length > a.length) j += 1;
      else { i += 1; j += 1; }
    }
    return slips + (a.length - i) + (b.length - j) <= 1;
  }

  // The box of a list: the one its page draws (hidden until the scripts run, shown from the first paint
  // by the stylesheet, so that nothing moves), or one made here above it.
  function boxOf(container, index) {
    var drawn = container.previousElementSibling;
    if (drawn && drawn.hasAttribute("data-filter-box")) {
      drawn.hidden = false;
      return { input: drawn.querySelector("input"), status: drawn.querySelector("[role=status]") };
    }
    var id = "handbook-filter-" + index;
    var box = document.createElement("div");
    box.className = "handbook-filter";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = container.dataset.filterLabel || "Filtrer";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.setAttribute("enterkeyhint", "search");
    var status = document.createElement("p");
    status.className = "handbook-filter__status";
    status.setAttribute("role", "status");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    var anchor = container.closest(".md-typeset__scrollwrap") || container;
    anchor.parentNode.insertBefore(box, anchor);
    return { input: input, status: status };
  }

  function enhance(container, index) {
    if (container.dataset.filterReady) return;
    container.dataset.filterReady = "true";
    var reveal = container.hasAttribute("data-filter-reveal");
    var parts = boxOf(container, index);
    var input = parts.input, status = parts.status;
    var entries = entriesOf(container);
    var words = entries.map(wordsOf);
    var fallback = entries.map(function (entry) { return entry.hasAttribute("data-filter-fallback"); });
    var ranked = container.querySelector("[data-filter-near]") !== null;
    // The ranks of the entries; those marked data-filter-fallback (the home page's exam centres) only where no other
    // entry is found: a candidate typing their school's name gets their line alone, Enter opens it.
    var rankAll = function (typed, begins) {
      var ranks = words.map(function (entryWords) { return rankOf(entryWords, typed, begins); });
      var others = ranks.some(function (rank, i) { return rank >= 0 && !fallback[i]; });
      return others ? ranks.map(function (rank, i) { return fallback[i] ? -1 : rank; }) : ranks;
    };
    input.addEventListener("input", function () {
      var typed = meaningful(fold(input.value).split(" ").filter(Boolean));
      var ranks = rankAll(typed, exactly);
      var close = false;   // nothing as typed: what is found with a slip forgiven, said so
      if (typed.length && ranks.every(function (rank) { return rank < 0; })) {
        ranks = rankAll(typed, closely);
        close = ranks.some(function (rank) { return rank >= 0; });
      }
      var shown = 0;
      entries.forEach(function (entry, i) {
        entry.hidden = ranks[i] < 0;
        if (!entry.hidden) shown += 1;
      });
      // Found by its own words first (« pigier »: ISSEC Pigier, then the lines writing there), in the page's order.
      if (ranked) {
        entries.map(function (entry, i) { return i; }).sort(function (a, b) {
          return (ranks[a] < 0 ? 2 : ranks[a]) - (ranks[b] < 0 ? 2 : ranks[b]) || a - b;
        }).forEach(function (i) { entries[i].parentNode.appendChild(entries[i]); });
      }
      // A revealed list shows nothing until something is typed. A list shown whole (Trouver mon centre) that
      // nothing matches is shown whole again: the message sends the reader to it.
      if (reveal) container.hidden = !typed.length;
      else if (typed.length && !shown) entries.forEach(function (entry) { entry.hidden = false; });
      status.textContent = !typed.length ? "" : (close ? "Orthographe approchée\u00a0: " : "") + (shown === 1 && reveal
        ? "1 résultat\u00a0: touchez-le, ou validez, pour l'ouvrir"
        : shown ? shown + " résultat" + (shown > 1 ? "s" : "")
        : container.dataset.filterNone || "Aucun résultat\u00a0: essayez un autre mot, ou choisissez dans la liste complète.");
    });
    // A revealed list (the home page): Enter opens the one entry left, as a search box would.
    if (reveal) {
      input.addEventListener("keydown", function (event) {
        var left = entries.filter(function (entry) { return !entry.hidden; });
        var link = left.length === 1 && !container.hidden ? left[0].querySelector("a[href]") : null;
        if (event.key === "Enter" && link) {
          event.preventDefault();
          link.click();
        }
      });
    }
  }

  function setup() {
    var containers = document.querySelectorAll("[data-filter-label]");
    Array.prototype.forEach.call(containers, enhance);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
