// Progressive enhancement: a filter box above lists and tables marked for it.
// Without JavaScript every entry stays visible and every link works.
(function () {
  "use strict";

  // Lower case without accents, so "pradeau la sede" finds "Pradeau La Sède".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[’']/g, " ");
  }

  // The rows or items a filter box shows or hides.
  function entriesOf(container) {
    return container.tagName === "TABLE"
      ? Array.prototype.slice.call(container.tBodies[0].rows)
      : Array.prototype.slice.call(container.children);
  }

  function enhance(container, index) {
    if (container.dataset.filterReady) return;
    container.dataset.filterReady = "true";
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
    var status = document.createElement("p");
    status.className = "handbook-filter__status";
    status.setAttribute("role", "status");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    var anchor = container.closest(".md-typeset__scrollwrap") || container;
    anchor.parentNode.insertBefore(box, anchor);
    var entries = entriesOf(container);
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      entries.forEach(function (entry) {
        var text = fold(entry.textContent);
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        entry.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = words.length ? shown + " résultat" + (shown > 1 ? "s" : "") : "";
    });
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
