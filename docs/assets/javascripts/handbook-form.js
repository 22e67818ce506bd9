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
   - A part of the annex that the deposit wants as a file of its own (data-own-file: E6's « Étude réflexive réseau »,
     « 1 fichier PDF pour l'étude réflexive réseau ») is filled once for every fiche: its answers are kept apart, under
     the key and "/a-part", and stay on screen from one fiche to another. The fiches print without it, and its own
     button prints it alone, for the other PDF.
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
    erased: function (number, names) {
      return "Vos réponses à la fiche " + number + and(names) + " ont été effacées de ce formulaire et de cet appareil.";
    },
    apartKept: function (names) { return "Vos réponses à " + names.join(" et à ") + " restent gardées sur cet appareil."; },
    confirmErase: function (number, names) {
      return "Effacer toutes vos réponses à la fiche " + number + and(names) + " de ce formulaire, sur cet appareil\u00a0?";
    }
  };

  // " et à l'étude réflexive réseau" after a fiche's number, for the parts filled once erased with it.
  function and(names) {
    return (names || []).map(function (name) { return " et à " + name; }).join("");
  }

  function setUp(form) {
    var base = form.getAttribute("data-draft-key");
    var store = storage();
    var shown = 1;        // the number of the copy on screen
    var key = function () { return copyKey(base, shown); };
    // The parts filled once for every fiche (data-own-file), kept under their own key.
    var apart = Array.prototype.slice.call(form.querySelectorAll("[data-own-file]"));
    var notes = document.querySelector(".handbook-form__notes");   // the form's footnotes, under it
    var apartKey = base + "/a-part";
    var keepApart = function () {
      var kept = apart.length && store ? read(store, apartKey) : null;
      if (kept) {
        fill(form, kept.values);
      }
      return kept;
    };
    // A new or another fiche on screen: the fiche's places emptied, the parts filled once kept as they are.
    var emptyFiche = function () {
      var once = answers(form, true);
      form.reset();
      fill(form, once);
    };
    form.classList.add("handbook-form--live");
    form.querySelectorAll(PLACES).forEach(addPaper);
    var draft = store && read(store, base);
    var others = store ? keptCopies(store, base).filter(function (number) { return number !== 1; }) : [];
    if (draft) {
      fill(form, draft.values);
    }
    var keptApart = keepApart();
    if (apart.length && store && draft && !keptApart) {
      // A draft kept before these parts were kept apart: their answers, with the first fiche's, move to their key.
      var once = answers(form, true);
      if (Object.keys(once).length) {
        try {
          store.setItem(apartKey, JSON.stringify({ saved: draft.saved, values: once }));
        } catch (error) {
          // Storage full or refused: the answers stay on the page, and with the first fiche.
        }
      }
    }
    if (draft || keptApart || others.length) {
      var restored = draft || keptApart;
      say((restored ? MESSAGES.restored(savedAt(restored.saved)) + " " : "") + (others.length ? MESSAGES.others(others) : ""));
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
        emptyFiche();
        if (kept) {
          // The fiche's own places only: a draft kept before the parts filled once were kept apart holds their old
          // answers in every fiche, which would replace the ones kept apart.
          fill(form, kept.values, apart.length ? false : undefined);
        }
        refresh(form);
        offerEverySheet();
        say(MESSAGES.opened(shown, kept ? savedAt(kept.saved) : null));
      });
      document.querySelectorAll("[data-form-new-copy]").forEach(function (button) {
        button.addEventListener("click", function () {
          // The sheet on screen still empty: another would skip a number, and an empty sheet is not kept (judged
          // on screen, not in storage, which may have refused answers given).
          if (!Object.keys(answers(form, false)).length) {
            say(MESSAGES.stillEmpty(shown));
            return;
          }
          shown = Math.max.apply(null, keptCopies(store, base).concat([shown])) + 1;
          emptyFiche();
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
        button.textContent = "Imprimer les " + count + " fiches (un fichier PDF)";
      });
      // With a part printed apart, « Imprimer » prints the fiche alone, and says so.
      document.querySelectorAll("[data-form-print]").forEach(function (button) {
        button.textContent = count >= 2 ? "Imprimer la fiche " + shown : apart.length ? "Imprimer la fiche" : "Imprimer";
      });
    };
    offerEverySheet();
    // An answer is kept with its fiche, or with the parts filled once.
    var keep = function (event) {
      var once = apart.length > 0 && isApart(event.target);
      changed(form, store, once ? apartKey : key(), event.target, apart.length ? once : undefined);
      offerEverySheet();
    };
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    window.addEventListener("beforeprint", function () { refresh(form); });
    window.addEventListener("afterprint", function () { dropSheets(form); });
    document.querySelectorAll("[data-form-print]").forEach(function (button) {
      button.addEventListener("click", function () {
        dropSheets(form);
        form.classList.toggle("handbook-form--fiches-only", apart.length > 0);
        window.print();
      });
    });
    // A part deposited apart, alone: the other PDF.
    document.querySelectorAll("[data-form-print-own]").forEach(function (button) {
      button.addEventListener("click", function () {
        dropSheets(form);
        var part = form.querySelector('[data-own-file="' + button.getAttribute("data-form-print-own") + '"]');
        if (!part) return;
        refresh(form);
        form.classList.add("handbook-form--apart-printed");
        part.classList.add("handbook-form__sheet--printed-alone");
        window.print();
      });
    });
    everySheet.forEach(function (button) {
      button.addEventListener("click", function () {
        if (!store) return;
        dropSheets(form);
        // Each kept sheet's answers; the one on screen's as they are there (storage may have refused the last ones).
        var sheets = keptCopies(store, base).map(function (number) {
          var kept = read(store, copyKey(base, number));
          return number === shown ? { values: answers(form, apart.length ? false : undefined) } : kept;
        }).filter(function (kept) { return kept && Object.keys(kept.values).length; });
        sheets.reverse().forEach(function (kept, index) {
          var printed = sheet(form, kept.values, index < sheets.length - 1);
          form.insertAdjacentElement("afterend", printed);
          // The form's notes under each sheet (« ¹ Annexe à joindre… »): they printed under the last one only.
          if (index > 0 && notes) printed.insertAdjacentElement("afterend", sheetNotes(notes));
        });
        form.classList.add("handbook-form--others-printed");
        window.print();
      });
    });
    document.querySelectorAll("[data-form-erase]").forEach(function (button) {
      button.addEventListener("click", function () {
        // The parts filled once go with the last fiche kept (the device then holds nothing of the form); with
        // other fiches kept, they stay, and the page says so.
        var once = answers(form, true);
        var names = apart.map(function (part) { return part.getAttribute("data-own-file-name"); });
        var others = store ? keptCopies(store, base).filter(function (number) { return number !== shown && read(store, copyKey(base, number)); }) : [];
        var withApart = apart.length > 0 && !others.length;
        if (!erase(form, store, key(), shown, withApart ? names : [])) return;
        if (withApart && store) {
          store.removeItem(apartKey);
        } else if (!withApart) {
          fill(form, once);
          refresh(form);
          if (Object.keys(once).length) {
            say(MESSAGES.erased(shown) + " " + MESSAGES.apartKept(names));
          }
        }
        offerEverySheet();
      });
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
    // The fiches only: a part deposited apart is printed by its own button.
    printed.classList.toggle("handbook-form--fiches-only", printed.querySelector("[data-own-file]") !== null);
    printed.setAttribute("aria-hidden", "true");
    printed.removeAttribute("aria-label");
    printed.removeAttribute("data-draft-key");
    printed.querySelectorAll("[id]").forEach(function (element) { element.removeAttribute("id"); });
    printed.reset();
    fill(printed, values);
    printed.querySelectorAll(PLACES).forEach(copy);
    return printed;
  }

  // A copy of the form's notes for paper only, as a sheet's copy is (dropped with the sheets).
  function sheetNotes(notes) {
    var printed = notes.cloneNode(true);
    printed.classList.add("handbook-form--sheet-printed");
    printed.setAttribute("aria-hidden", "true");
    printed.removeAttribute("aria-label");
    printed.querySelectorAll("[id]").forEach(function (element) { element.removeAttribute("id"); });
    return printed;
  }

  // Back to the sheet on screen alone, once printed (or before another print).
  function dropSheets(form) {
    form.classList.remove("handbook-form--others-printed", "handbook-form--fiches-only", "handbook-form--apart-printed");
    form.querySelectorAll(".handbook-form__sheet--printed-alone").forEach(function (part) { part.classList.remove("handbook-form__sheet--printed-alone"); });
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

  // Is this place in a part filled once (data-own-file)?
  function isApart(field) {
    return Boolean(field.closest && field.closest("[data-own-file]"));
  }

  // Every answer given, by field name: text as typed, the ticked value of a radio group, true for a ticked box.
  // `once`: true for the parts filled once only, false for the fiche's places only, undefined for all.
  function answers(form, once) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || (once !== undefined && isApart(field) !== once)) {
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

  // Answers back in their places; `once`, as for answers: the parts filled once only, the fiche's places only, or all.
  function fill(form, values, once) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || !Object.prototype.hasOwnProperty.call(values, field.name) ||
          (once !== undefined && isApart(field) !== once)) {
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
  function changed(form, store, key, field, once) {
    if (store) {
      var values = answers(form, once);
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

  // Erases the answers kept under `key` (the fiche on screen), after asking; false when the reader said no.
  function erase(form, store, key, number, names) {
    if (!window.confirm(MESSAGES.confirmErase(number, names))) {
      return false;
    }
    form.reset();
    if (store) {
      store.removeItem(key);
    }
    refresh(form);
    say(MESSAGES.erased(number, names));
    return true;
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
