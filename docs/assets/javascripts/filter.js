// Progressive enhancement: a filter box above lists and tables marked for it.
// Without JavaScript every entry stays visible and every link works; a list marked
// data-filter-reveal (the home page) stays hidden, and its page links to the full list instead.
(function () {
  "use strict";

  // Lower case without accents, so "pradeau la sede" finds "Pradeau La Sède".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[’'\-]/g, " ");
  }

  // The rows or items a filter box shows or hides.
  function entriesOf(container) {
    return container.tagName === "TABLE"
      ? Array.prototype.slice.call(container.tBodies[0].rows)
      : Array.prototype.slice.call(container.children);
  }

  // What an entry is found by: its own text and the words it declares (a label, keywords), not the parts
  // marked data-filter-skip. Where a line writes is skipped: « cned toulouse » found the Gers distance line,
  // whose centre is in Toulouse, instead of saying that no line of Toulouse is a distance line.
  function wordsOf(entry) {
    var own = entry.cloneNode(true);
    Array.prototype.forEach.call(own.querySelectorAll("[data-filter-skip]"), function (part) {
      part.parentNode.removeChild(part);
    });
    return fold(own.textContent + " " + (entry.getAttribute("data-filter-words") || ""));
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
    input.addEventListener("input", function () {
      var typed = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      entries.forEach(function (entry, i) {
        var match = typed.every(function (word) { return words[i].indexOf(word) !== -1; });
        entry.hidden = !match;
        if (match) shown += 1;
      });
      // A revealed list shows nothing until something is typed.
      if (reveal) container.hidden = !typed.length;
      status.textContent = !typed.length ? "" : shown === 1 && reveal
        ? "1 résultat : touchez-le, ou validez, pour l'ouvrir"
        : shown ? shown + " résultat" + (shown > 1 ? "s" : "")
        : container.dataset.filterNone || "Aucun résultat : essayez un autre mot, ou choisissez dans la liste complète.";
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
