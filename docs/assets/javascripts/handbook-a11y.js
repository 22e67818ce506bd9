/* Accessibility and print helpers, run on every page (also after Material's instant loading).
   - Tables with a class (which Material leaves unwrapped) get Material's scroll box too.
   - A table wider than its box scrolls inside it: the box gets tabindex="0", role="region" and
     the table's caption as its name, so keyboard users can scroll it (WCAG 2.1.1).
   - The header's menu and search buttons work with the keyboard (see toggleButtons).
   - The search's suggestion is hidden once the query no longer fits its box (see searchSuggestionFits).
   - For print, each link of the content gets its absolute address in data-print-href, which the
     print stylesheet writes after the link text (tel: and mailto: links already show it), and the page says
     where it is online. */
(function () {
  "use strict";

  function wrapTables(root) {
    // Material wraps only tables without a class; wrap the others the same way so they scroll in their box.
    root.querySelectorAll(".md-content .md-typeset table[class]").forEach(function (table) {
      if (table.closest(".md-typeset__scrollwrap") || table.closest(".highlighttable")) {
        return;
      }
      var box = document.createElement("div");
      var inner = document.createElement("div");
      box.className = "md-typeset__scrollwrap";
      inner.className = "md-typeset__table";
      table.parentNode.insertBefore(box, table);
      box.appendChild(inner);
      inner.appendChild(table);
    });
  }

  function scrollableTables(root) {
    root.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? "Tableau défilant\u00a0: " + caption.textContent.trim() : "Tableau défilant");
        box.setAttribute("data-handbook-scroll", "");
      } else if (!scrolls && box.hasAttribute("data-handbook-scroll")) {
        ["tabindex", "role", "aria-label", "data-handbook-scroll"].forEach(function (name) { box.removeAttribute(name); });
      }
    });
  }

  function printAddresses(root) {
    root.querySelectorAll(".md-content a[href]").forEach(function (link) {
      var raw = link.getAttribute("href");
      if (link.classList.contains("headerlink") || raw.charAt(0) === "#" || /^(mailto|tel|javascript):/i.test(raw)) {
        return;
      }
      link.setAttribute("data-print-href", link.href);
    });
  }

  // On paper, where the page is online (when the build did not know its published address) and the day it was
  // opened to print: a copy on a notice board says how old it is.
  function pageAddress(root) {
    root.querySelectorAll("[data-page-address]").forEach(function (address) {
      if (!address.textContent) address.textContent = location.origin + location.pathname;
    });
    root.querySelectorAll("[data-printed-on]").forEach(function (day) {
      day.textContent = " (imprimée le " + new Date().toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric" }) + ")";
    });
  }

  function setUp() {
    // Material wraps tables in .md-typeset__scrollwrap when it mounts the content: run after it.
    window.requestAnimationFrame(function () {
      wrapTables(document);
      scrollableTables(document);
      printAddresses(document);
      pageAddress(document);
    });
  }

  // The header's menu and search buttons are labels of hidden checkboxes: Enter or Space toggles
  // them, aria-expanded follows, the opened drawer takes the focus and Escape closes it.
  function toggleButtons() {
    document.querySelectorAll("[data-handbook-toggle]").forEach(function (button) {
      var name = button.getAttribute("data-handbook-toggle");
      var box = document.querySelector('[data-md-toggle="' + name + '"]');
      if (!box || button.hasAttribute("data-handbook-ready")) {
        return;
      }
      button.setAttribute("data-handbook-ready", "");
      button.setAttribute("aria-expanded", String(box.checked));
      box.addEventListener("change", function () { button.setAttribute("aria-expanded", String(box.checked)); });
      button.addEventListener("keydown", function (event) {
        if (event.key !== "Enter" && event.key !== " ") {
          return;
        }
        // Material already clicks a focused label on Enter: click only if nothing did, after it.
        var before = box.checked;
        event.preventDefault();
        window.setTimeout(function () {
          if (box.checked === before) {
            button.click();
          }
          button.setAttribute("aria-expanded", String(box.checked));
          if (name === "drawer" && box.checked) {
            var first = document.querySelector(".md-sidebar--primary a[href]");
            if (first) {
              window.setTimeout(function () { if (box.checked) { first.focus(); } }, 260);
            }
          }
        }, 0);
      });
    });
    var drawer = document.querySelector('[data-md-toggle="drawer"]');
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer && drawer.checked) {
        drawer.checked = false;
        drawer.dispatchEvent(new Event("change"));
        var menu = document.querySelector('[data-handbook-toggle="drawer"]');
        if (menu) {
          menu.focus();
        }
      }
    });
  }
  toggleButtons();

  // Material's grey completion of the last word is drawn under the search box and does not scroll with the typed
  // text: once the query runs past the box, the form's class hides it (handbook.css), so that the two never mix and
  // the right arrow key never takes a completion the reader does not see.
  function searchSuggestionFits() {
    var input = document.querySelector(".md-search__input");
    if (!input || !input.form) {
      return;
    }
    function check() {
      input.form.classList.toggle("handbook-query-overflows", input.scrollWidth > input.clientWidth + 1);
    }
    input.addEventListener("input", check);
    window.addEventListener("resize", check);
  }
  searchSuggestionFits();

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(function () { scrollableTables(document); }, 150);
  });
}());
