/* The forms' HTML pages (templates/form.md.j2), loaded by those pages only.
   - A draft on this device: every answer is kept in the browser's local storage under the form's key
     (data-draft-key), put back when the page opens again, and erased by "Effacer mes réponses"; it is never
     sent anywhere (declared on docs/donnees-personnelles.md). A dossier needs several filled copies of a form
     (two E4 sheets, three E6 ones): "Nouvelle fiche" starts another, kept apart under the key and "/fiche-N",
     and the "Fiche affichée" list brings each back (the first keeps the form's own key). Phones discard
     background tabs and ignore "leave this page?" prompts, so a draft is what keeps a long answer. Where storage is refused, the page
     says that nothing is kept and asks before leaving with answers.
   - Each text area grows with its answer on screen; on paper every place prints as a copy of its answer
     (handbook-form__paper), which, unlike a field, grows and runs onto the next page.
   - The "Imprimer" buttons print the page, which handbook-form.css reduces to the form. Where two sheets or more
     are kept, "Imprimer les N fiches" prints them all in one document, in their order, each from a new page: the
     deposit asks for one PDF of a dossier's sheets, which "Enregistrer au format PDF" then gives.
   Without this script the page still works: its notice says nothing is kept and the fields print as they are. */
(function () {
  "use strict";

  var PLACES = "textarea, input[type=text], input[type=date]";
  var GROWS_BY_ITSELF = window.CSS && CSS.supports && CSS.supports("field-sizing", "content");
  var MESSAGES = {
    restored: function (when) { return "Vos réponses enregistrées sur cet appareil" + (when ? " " + when : "") + " ont été reprises."; },
    others: function (numbers) {
      return numbers.length === 1 ? "La fiche " + numbers[0] + " est gardée aussi\u00a0: choisissez-la dans «\u00a0Fiche affichée\u00a0»."
        : "Les fiches " + numbers.slice(0, -1).join(", ") + " et " + numbers[numbers.length - 1] +
          " sont gardées aussi\u00a0: choisissez-les dans «\u00a0Fiche affichée\u00a0».";
    },
    opened: function (number, when) {
      return "Fiche " + number + "\u00a0: " + (when === null ? "aucune réponse encore." : "vos réponses" + (when ? " enregistrées " + when : "") + " ont été reprises.");
    },
    started: function (number) { return "Fiche " + number + " commencée, vide\u00a0: les autres restent gardées sur cet appareil."; },
    stillEmpty: function (number) { return "La fiche " + number + " est encore vide\u00a0: remplissez-la avant d'en commencer une autre."; },
    erased: function (number) { return "Vos réponses à la fiche " + number + " ont été effacées de ce formulaire et de cet appareil."; },
    confirmErase: function (number) { return "Effacer toutes vos réponses à la fiche " + number + " de ce formulaire, sur cet appareil\u00a0?"; }
  };

  function setUp(form) {
    var base = form.getAttribute("data-draft-key");
    var store = storage();
    var shown = 1;        // the number of the copy on screen
    var key = function () { return copyKey(base, shown); };
    form.classList.add("handbook-form--live");
    form.querySelectorAll(PLACES).forEach(addPaper);
    var draft = store && read(store, base);
    var others = store ? keptCopies(store, base).filter(function (number) { return number !== 1; }) : [];
    if (draft) {
      fill(form, draft.values);
    }
    if (draft || others.length) {
      say((draft ? MESSAGES.restored(savedAt(draft.saved)) + " " : "") + (others.length ? MESSAGES.others(others) : ""));
    }
    refresh(form);
    showTools(store !== null);
    var picker = document.querySelector("[data-form-copy]");
    if (store && picker) {
      listCopies(picker, store, base, shown);
      // Another copy: the answers on screen are already kept (each change is); show the other one's.
      picker.addEventListener("change", function () {
        shown = Number(picker.value);
        var kept = read(store, key());
        form.reset();
        if (kept) {
          fill(form, kept.values);
        }
        refresh(form);
        offerEverySheet();
        say(MESSAGES.opened(shown, kept ? savedAt(kept.saved) : null));
      });
      document.querySelectorAll("[data-form-new-copy]").forEach(function (button) {
        button.addEventListener("click", function () {
          // The sheet on screen still empty: another would skip a number, and an empty sheet is not kept (judged
          // on screen, not in storage, which may have refused answers given).
          if (!Object.keys(answers(form)).length) {
            say(MESSAGES.stillEmpty(shown));
            return;
          }
          shown = Math.max.apply(null, keptCopies(store, base).concat([shown])) + 1;
          form.reset();
          refresh(form);
          listCopies(picker, store, base, shown);
          offerEverySheet();
          say(MESSAGES.started(shown));
        });
      });
    }

    // Above the form and under it (a candidate who finishes the last sheet is at the bottom of the page).
    var everySheet = document.querySelectorAll("[data-form-print-all]");
    // Once two sheets are kept: the buttons that print all of them, with their number, and those that print the
    // sheet on screen, named (« Imprimer » alone left a candidate thinking the dossier was printed).
    var offerEverySheet = function () {
      var count = store && everySheet.length ? keptCopies(store, base).filter(function (number) { return read(store, copyKey(base, number)); }).length : 0;
      everySheet.forEach(function (button) {
        button.hidden = count < 2;
        button.textContent = "Imprimer les " + count + " fiches";
      });
      document.querySelectorAll("[data-form-print]").forEach(function (button) {
        button.textContent = count < 2 ? "Imprimer" : "Imprimer la fiche " + shown;
      });
    };
    offerEverySheet();
    form.addEventListener("input", function (event) { changed(form, store, key(), event.target); offerEverySheet(); });
    form.addEventListener("change", function (event) { changed(form, store, key(), event.target); offerEverySheet(); });
    window.addEventListener("beforeprint", function () { refresh(form); });
    window.addEventListener("afterprint", function () { dropSheets(form); });
    document.querySelectorAll("[data-form-print]").forEach(function (button) {
      button.addEventListener("click", function () { dropSheets(form); window.print(); });
    });
    everySheet.forEach(function (button) {
      button.addEventListener("click", function () {
        if (!store) return;
        dropSheets(form);
        // Each kept sheet's answers; the one on screen's as they are there (storage may have refused the last ones).
        var sheets = keptCopies(store, base).map(function (number) {
          var kept = read(store, copyKey(base, number));
          return number === shown ? { values: answers(form) } : kept;
        }).filter(function (kept) { return kept && Object.keys(kept.values).length; });
        sheets.reverse().forEach(function (kept, index) {
          form.insertAdjacentElement("afterend", sheet(form, kept.values, index < sheets.length - 1));
        });
        form.classList.add("handbook-form--others-printed");
        window.print();
      });
    });
    document.querySelectorAll("[data-form-erase]").forEach(function (button) {
      button.addEventListener("click", function () { erase(form, store, key(), shown); offerEverySheet(); });
    });
    if (!store) {
      // Nothing is kept: ask before the answers are lost (where the browser still asks).
      window.addEventListener("beforeunload", function (event) {
        if (Object.keys(answers(form)).length) {
          event.preventDefault();
          event.returnValue = "";
        }
      });
    }
  }

  // A kept sheet as it prints: a copy of the form with its answers, for paper only (hidden on screen and from
  // assistive technologies, without ids); `newPage` for every sheet after the first.
  function sheet(form, values, newPage) {
    var printed = form.cloneNode(true);
    printed.classList.add("handbook-form--sheet-printed");
    printed.classList.toggle("handbook-form--new-page", newPage);
    printed.classList.remove("handbook-form--others-printed");
    printed.setAttribute("aria-hidden", "true");
    printed.removeAttribute("aria-label");
    printed.removeAttribute("data-draft-key");
    printed.querySelectorAll("[id]").forEach(function (element) { element.removeAttribute("id"); });
    printed.reset();
    fill(printed, values);
    printed.querySelectorAll(PLACES).forEach(copy);
    return printed;
  }

  // Back to the sheet on screen alone, once printed (or before another print).
  function dropSheets(form) {
    form.classList.remove("handbook-form--others-printed");
    document.querySelectorAll(".handbook-form--sheet-printed").forEach(function (printed) { printed.remove(); });
  }

  // Local storage, or null where the browser refuses it (private modes, settings, full).
  function storage() {
    try {
      var store = window.localStorage;
      var probe = "handbook-brouillon/essai";
      store.setItem(probe, "1");
      store.removeItem(probe);
      return store;
    } catch (error) {
      return null;
    }
  }

  // Where copy N of a form is kept: the form's own key for the first (drafts kept before copies existed stay
  // the first), the key and "/fiche-N" for the others.
  function copyKey(base, number) {
    return number === 1 ? base : base + "/fiche-" + number;
  }

  // The numbers of the copies kept on this device, the first always among them, in order.
  function keptCopies(store, base) {
    var numbers = [1];
    var prefix = base + "/fiche-";
    for (var index = 0; index < store.length; index += 1) {
      var name = store.key(index);
      var number = name && name.indexOf(prefix) === 0 ? Number(name.slice(prefix.length)) : NaN;
      if (number > 1 && Math.floor(number) === number && read(store, name)) {
        numbers.push(number);
      }
    }
    return numbers.sort(function (a, b) { return a - b; });
  }

  // The "Fiche affichée" list: every kept copy and the one on screen (kept once it has an answer).
  function listCopies(picker, store, base, shown) {
    var numbers = keptCopies(store, base);
    if (numbers.indexOf(shown) < 0) {
      numbers.push(shown);
    }
    picker.textContent = "";
    numbers.forEach(function (number) {
      var option = document.createElement("option");
      option.value = String(number);
      option.textContent = "Fiche " + number;
      picker.appendChild(option);
    });
    picker.value = String(shown);
  }

  function read(store, key) {
    try {
      var draft = JSON.parse(store.getItem(key));
      return draft && typeof draft.values === "object" ? draft : null;
    } catch (error) {
      return null;
    }
  }

  // Every answer given, by field name: text as typed, the ticked value of a radio group, true for a ticked box.
  function answers(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name) {
        return;
      }
      if (field.type === "checkbox") {
        if (field.checked) { values[field.name] = true; }
      } else if (field.type === "radio") {
        if (field.checked) { values[field.name] = field.value; }
      } else if (field.value !== "") {
        values[field.name] = field.value;
      }
    });
    return values;
  }

  function fill(form, values) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || !Object.prototype.hasOwnProperty.call(values, field.name)) {
        return;
      }
      var value = values[field.name];
      if (field.type === "checkbox") {
        field.checked = value === true;
      } else if (field.type === "radio") {
        field.checked = field.value === value;
      } else if (typeof value === "string") {
        field.value = value;
      }
    });
  }

  // One answer changed: keep the draft (or drop it once every answer is empty), update that place's copy and height.
  function changed(form, store, key, field) {
    if (store) {
      var values = answers(form);
      try {
        if (Object.keys(values).length) {
          store.setItem(key, JSON.stringify({ saved: new Date().toISOString(), values: values }));
        } else {
          store.removeItem(key);
        }
      } catch (error) {
        // Storage full or refused since the page opened: the answers stay on the page.
      }
    }
    if (field.matches && field.matches(PLACES)) {
      copy(field);
      grow(field);
    }
  }

  function erase(form, store, key, number) {
    if (!window.confirm(MESSAGES.confirmErase(number))) {
      return;
    }
    form.reset();
    if (store) {
      store.removeItem(key);
    }
    refresh(form);
    say(MESSAGES.erased(number));
  }

  function refresh(form) {
    form.querySelectorAll(PLACES).forEach(function (field) {
      copy(field);
      grow(field);
    });
  }

  // The printed copy of a place, right after it, hidden from assistive technologies (the field is the real one).
  function addPaper(field) {
    var paper = document.createElement("div");
    paper.className = "handbook-form__paper";
    paper.setAttribute("aria-hidden", "true");
    // As many lines as the circular's form gives the place (the field on screen may show fewer).
    var style = getComputedStyle(field);
    var lines = style.getPropertyValue("--paper-lines").trim() || style.getPropertyValue("--lines").trim() || "1";
    paper.style.setProperty("--lines", lines);
    field.insertAdjacentElement("afterend", paper);
  }

  function copy(field) {
    var paper = field.nextElementSibling;
    if (paper && paper.classList.contains("handbook-form__paper")) {
      paper.textContent = field.type === "date" ? frenchDate(field.value) : field.value;
    }
  }

  // Where CSS cannot size a text area to its content, size it here (its CSS min-height keeps the circular's lines).
  function grow(field) {
    if (GROWS_BY_ITSELF || field.tagName !== "TEXTAREA") {
      return;
    }
    var style = getComputedStyle(field);
    field.style.height = "auto";
    field.style.height = (field.scrollHeight + parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth)) + "px";
  }

  // "2022-03-12" as written on the paper forms: "12/03/2022".
  function frenchDate(value) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    return parts ? parts[3] + "/" + parts[2] + "/" + parts[1] : value;
  }

  function savedAt(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) {
      return "";
    }
    return "le " + date.toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric" }) +
      " à " + date.toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" });
  }

  // The notice that fits (a draft is kept, or nothing is), and the buttons, which need this script.
  function showTools(keepsDraft) {
    document.querySelectorAll("[data-form-notice]").forEach(function (notice) {
      notice.hidden = notice.getAttribute("data-form-notice") !== (keepsDraft ? "draft" : "none");
    });
    document.querySelectorAll("[data-form-actions]").forEach(function (actions) { actions.hidden = false; });
    document.querySelectorAll("[data-form-copies]").forEach(function (copies) { copies.hidden = !keepsDraft; });
  }

  function say(message) {
    document.querySelectorAll("[data-form-status]").forEach(function (status) { status.textContent = message; });
  }

  document.querySelectorAll("form.handbook-form[data-draft-key]").forEach(setUp);
}());
