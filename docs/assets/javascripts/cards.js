// Progressive enhancement of the lists of cards (templates/macros.md.j2, date_card).
// - Boxes to tick (form.handbook-choices, hidden in the HTML): each box keeps shown the cards whose
//   attribute (data-option, data-category) has its value; a card without that attribute always
//   stays. A calendar link with data-choice-files then points at the file of the ticked boxes. A form with
//   data-choices-remember (a candidate's languages) is ticked again as it was left, on every line's page; until the reader
//   has chosen, its status says what to do (data-choices-hint).
// - A list marked data-upcoming (the home page) shows the dates under way (titled « En ce moment » when there are
//   several), else the next one. In a box data-next-deadline (above a candidate's exams), the same, each only while
//   it ends before the next exam of the list the box names: a dossier to deposit and the convocations out before the
//   orals, not the results on an exam's morning.
// - In every other list, a card under way today says so (a day's card of tomorrow too) and a past one (a written exam
//   from its end hour on) keeps only its date and title, after the cards still to come (the session over too); a day's
//   card of today or tomorrow comes first (the calendar too): on exam day a candidate's exam of the day is the first of
//   « Mes épreuves », right under the title (their language boxes go under the list, the day before too). A period
//   without an end is under way until the session's last day.
//   A list marked data-fold-past (the home page's written exams) shows one line instead, once all its dates have passed.
// Without JavaScript the boxes stay hidden and every card is shown, with the file of every option. On paper too, every
// card is printed: choices kept on a device do not follow a printed page to a notice board.
(function () {
  "use strict";

  // Loaded in <head>: from here on a list of cards and a candidate's boxes are drawn only once arranged (handbook.css).
  // Were this file not loaded, the class is not set, and they are drawn as the HTML has them.
  document.documentElement.classList.add("handbook-cards-js");

  // Set up once; called again (the whole page parsed), it points the calendar links parsed since at the ticked file.
  function setUpChoices(form) {
    if (form.dataset.choicesReady) {
      if (form.handbookApply) form.handbookApply();
      return;
    }
    var list = document.getElementById(form.dataset.choicesFor);
    if (!list) return;   // its list not parsed yet: a later call sets it up
    form.dataset.choicesReady = "true";
    var attribute = "data-" + form.dataset.choicesAttribute;
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
    var status = form.querySelector(".handbook-choices__status");
    var remembered = form.dataset.choicesRemember;   // a candidate's own choices (languages), kept on this device
    var chosen = restore(remembered, boxes);          // once the reader has ticked or unticked a box, here or before

    function apply() {
      var ticked = boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
      var hidden = 0;
      Array.prototype.forEach.call(list.children, function (card) {
        var value = card.getAttribute(attribute);
        card.hidden = value !== null && ticked.indexOf(value) === -1;
        card.classList.toggle("handbook-card--unchosen", card.hidden);   // printed all the same (handbook.css)
        if (card.hidden) hidden += 1;
      });
      // The words are the page's (templates/macros.md.j2, choices): what the boxes hide, and when none is ticked.
      status.textContent = !ticked.length ? form.dataset.choicesNone
        : hidden ? hidden + " " + form.dataset.choicesNoun + (hidden > 1 ? "s masquées" : " masquée") + " par vos choix"
        : chosen ? "" : form.dataset.choicesHint || "";
      if (remembered && chosen) keep(remembered, ticked);
      // The file of the ticked boxes (all of them when none is ticked: nothing is left out by mistake). Looked up at
      // each change: set up as soon as its list is parsed, the form comes before the link, later in the page.
      Array.prototype.forEach.call(document.querySelectorAll("a[data-choice-files]"), function (link) {
        var files = JSON.parse(link.getAttribute("data-choice-files"));
        var keys = Object.keys(files);
        var every = keys.reduce(function (a, b) { return b.split(" ").length > a.split(" ").length ? b : a; }, "");
        var known = every.split(" ");
        var key = ticked.filter(function (value) { return known.indexOf(value) !== -1; }).join(" ");
        link.setAttribute("href", link.getAttribute("data-choice-base") + (files[key] || files[every]));
      });
    }

    boxes.forEach(function (box) { box.addEventListener("change", function () { chosen = true; apply(); }); });
    form.handbookApply = apply;
    form.hidden = false;
    apply();
  }

  // Choices are kept in the browser's local storage, never sent (declared on the personal data page); a
  // browser that refuses storage keeps the boxes as the page draws them. Returns whether the reader chose them: kept
  // as {ticked: [...]} once a box was changed. A bare list is what every visit kept before 30 November 2026, chosen
  // or not: its boxes come back, its hint too when it has every box ticked. A form with no name to keep choices
  // under says no hint.
  function restore(name, boxes) {
    if (!name) return true;
    var saved = null;
    try { saved = JSON.parse(window.localStorage.getItem("handbook-choices:" + name)); } catch (e) { saved = null; }
    var ticked = Array.isArray(saved) ? saved : saved && Array.isArray(saved.ticked) ? saved.ticked : null;
    if (!ticked) return false;
    boxes.forEach(function (box) { box.checked = ticked.indexOf(box.value) !== -1; });
    return !Array.isArray(saved);
  }

  function keep(name, ticked) {
    try { window.localStorage.setItem("handbook-choices:" + name, JSON.stringify({ ticked: ticked })); } catch (e) { /* not kept */ }
  }

  // The last day of a card (data-end, YYYY-MM-DD) against today's date, where the reader is; `later` days on.
  function today(later) {
    var now = new Date();
    if (later) now = new Date(now.getFullYear(), now.getMonth(), now.getDate() + later);
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function setUpUpcoming(list) {
    if (list.dataset.upcomingReady) return;
    var box = list.closest("[data-next-deadline]");
    var exams = box && document.getElementById(box.dataset.nextDeadline);
    if (box && !exams) return;   // the exams it comes before not parsed yet: a later call sets it up
    list.dataset.upcomingReady = "true";
    var cards = Array.prototype.slice.call(list.children);
    var now = today();
    var coming = cards.filter(function (card) { return !ended(card, now); });
    if (box && coming.length) {
      // Every date under way (the week the convocations are out, while the deposit is open), else the next one.
      var current = coming.filter(function (card) { return started(card, now); });
      var shown = (current.length ? current : coming.slice(0, 1)).filter(function (card) {
        return before(card, exams, now);
      });
      cards.forEach(function (card) { card.hidden = shown.indexOf(card) === -1; });
      box.hidden = !shown.length;
      shown.forEach(function (card) { markToday(card, now); });
      var heading = box.querySelector(".handbook-next-deadline__title");
      if (heading && shown.length > 1) heading.textContent = "En ce moment";
      return;
    }
    if (!coming.length) {
      // A past session: keep its last date in view (the results), and show the list's note that every date has passed
      // (templates/macros.md.j2, date_cards: it leads to the transcripts and diplomas).
      coming = cards.slice(-1);
      var note = list.nextElementSibling;
      if (note && note.hasAttribute("data-all-past")) note.hidden = false;
      var title = box && box.querySelector(".handbook-next-deadline__title");
      if (title) {
        title.textContent = "Dernière échéance";
        box.hidden = false;
      } else {
        retitle(list, "Dernière échéance");
      }
    }
    // Every date under way (the week the convocations are out, while the deposit is open), else the next one.
    var shown = coming.filter(function (card) { return started(card, now); });
    if (!shown.length) shown = coming.slice(0, 1);
    cards.forEach(function (card) { card.hidden = shown.indexOf(card) === -1; });
    shown.forEach(function (card) { markToday(card, now); });
    if (shown.length > 1) retitle(list, "En ce moment");
  }

  // Whether a card's first day (its only day) has come.
  function started(card, now) {
    return (card.getAttribute("data-start") || card.getAttribute("data-end")) <= now;
  }

  // Whether a card ends before the first card of a list still to come (every card when all have passed: none); an
  // exam the candidate's choices hide (a language not ticked) is none of theirs.
  function before(card, list, now) {
    var next = Array.prototype.filter.call(list.children, function (exam) {
      return !exam.hidden && !ended(exam, now);
    })[0];
    return !next || card.getAttribute("data-end") < (next.getAttribute("data-start") || next.getAttribute("data-end"));
  }

  // The heading above a list (« Prochaine échéance »), and its entry in the table of contents, say another thing.
  function retitle(list, text) {
    var heading = list.previousElementSibling;
    while (heading && !/^H[2-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
    if (!heading || !heading.firstChild || heading.firstChild.nodeType !== Node.TEXT_NODE) return;
    heading.firstChild.textContent = text;
    var entry = heading.id && document.querySelector(".md-nav--secondary a[href='#" + heading.id + "'] .md-ellipsis");
    if (entry) entry.textContent = text;
  }

  // Cards against today (data-start, data-end; data-open: « à partir du », no end), the session over too: a candidate
  // comes back after the results for the transcripts and the diploma, and reads that the exams are over.
  function setUpDays(list) {
    if (list.dataset.daysReady) return;
    list.dataset.daysReady = "true";
    var cards = Array.prototype.filter.call(list.children, function (card) { return card.hasAttribute("data-end"); });
    var now = today();
    var open = function (card) { return card.hasAttribute("data-open"); };
    // A period without an end (« à partir du … ») is under way until the session's last day (meta handbook-last-day,
    // overrides/main.html), then over: it said « En cours » in September under « Toutes les dates … sont passées ».
    var lastDay = document.querySelector('meta[name="handbook-last-day"]');
    var over = lastDay !== null && lastDay.content < now;
    var days = [];   // a day's card of today or tomorrow: the exam a candidate opens the page for
    var past = cards.filter(function (card) {
      if (ended(card, now) && (!open(card) || over)) {
        card.classList.add("handbook-card--past");
        label(card, "Passé");
        return true;
      }
      var word = markToday(card, now);
      if (word === "Aujourd'hui" || (!word && markTomorrow(card))) days.push(card);
      return false;
    });
    // Past cards go after the others, in their order: what is today or to come is read first. Today's (or tomorrow's)
    // go first: on E3's morning the calendar opened on undated operations and a mailing to the centres « En cours ».
    past.forEach(function (card) { list.appendChild(card); });
    days.slice().reverse().forEach(function (card) { list.insertBefore(card, list.firstChild); });
    offerToKeep(list, cards.filter(function (card) {
      return days.indexOf(card) !== -1 || card.classList.contains("handbook-card--today");
    }));
    var examDay = days.length > 0;
    // Once every exam the boxes choose (the language orals) is past, they have nothing left to choose: under the list.
    var chosen = cards.filter(function (card) { return card.hasAttribute("data-option"); });
    var choicesOver = chosen.length > 0 && chosen.every(function (card) { return past.indexOf(card) !== -1; });
    if (examDay || choicesOver) boxesAfter(list);
    if (list.hasAttribute("data-fold-past") && cards.length && past.length === cards.length) fold(list, cards);
  }

  // The card of an exam of today or tomorrow (or an oral under way) leads to the page's « Garder » block (data-keep-at,
  // its id): a candidate with no network at the exam reads the page there, and the block was seven phone screens down.
  // Shown by the style sheet only where the browser can keep pages (the class handbook-offline).
  function offerToKeep(list, cards) {
    var at = list.getAttribute("data-keep-at");
    if (!at) return;
    cards.forEach(function (card) {
      var category = card.getAttribute("data-category");
      if ((category !== "ecrits" && category !== "oraux") || card.querySelector(".handbook-card__keep")) return;
      var line = document.createElement("p");
      line.className = "handbook-card__keep";
      var link = document.createElement("a");
      link.href = "#" + at;
      link.textContent = "Pas de réseau sur place\u00a0? Gardez cette page sur ce téléphone";
      line.appendChild(link);
      var actions = card.querySelector(".handbook-card__actions");
      card.insertBefore(line, actions);
    });
  }

  // A list marked data-fold-past whose every date has passed gives its place to its note (one line and the period,
  // just before it): on the home page, during the orals, the three past written exams filled a phone's first screen.
  function fold(list, cards) {
    var note = list.previousElementSibling;
    if (!note || !note.hasAttribute("data-past-note")) return;
    cards.forEach(function (card) { card.hidden = true; });
    note.hidden = false;
  }

  // Whether a card is over: its last day is past, or it is that day and its end hour (data-until, HH:MM, a written
  // exam's) has come. The evening after an exam, tomorrow's comes first: the finished one filled a phone's screen.
  function ended(card, now) {
    var end = card.getAttribute("data-end");
    var until = card.getAttribute("data-until");
    return end < now || (end === now && until !== null && clock() >= until);
  }

  // Two digits (a month, a day, an hour, a minute).
  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // The time where the reader is, HH:MM.
  function clock() {
    var now = new Date();
    return pad(now.getHours()) + ":" + pad(now.getMinutes());
  }

  // On an exam's day and the day before, a candidate's own boxes (their languages, ticked before) go under the list
  // they choose: the day's exam (or tomorrow's) and its centre come right under the page's title (on a 320 px phone the
  // boxes pushed the centre off the first screen); once the exams they choose are all past too (during the last orals).
  // A filter of the whole calendar stays above it.
  function boxesAfter(list) {
    var form = document.querySelector('form.handbook-choices[data-choices-remember][data-choices-for="' + list.id + '"]');
    if (!form || !(form.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING)) return;
    list.parentNode.insertBefore(form, list.nextSibling);
  }

  // A card under way today (started, not ended) says so: « Aujourd'hui » for a day, « En cours » for a period (the
  // word is returned; null for another card). On the home page's next deadline too: on results day, « Aujourd'hui ».
  function markToday(card, now) {
    var start = card.getAttribute("data-start") || card.getAttribute("data-end");
    var end = card.getAttribute("data-end");
    var open = card.hasAttribute("data-open");
    if (!end || start > now || (end < now && !open)) return null;
    var word = start === end && !open ? "Aujourd'hui" : "En cours";
    card.classList.add("handbook-card--today");
    label(card, word);
    return word;
  }

  // A day's card of tomorrow says so (returns whether it does): the evening before an exam a candidate checks its hour
  // and centre.
  function markTomorrow(card) {
    var day = card.getAttribute("data-end");
    if (card.hasAttribute("data-open") || (card.getAttribute("data-start") || day) !== day || day !== today(1)) return false;
    card.classList.add("handbook-card--tomorrow");
    label(card, "Demain");
    return true;
  }

  // A word before the card's date, read with it (a space between: a screen reader says « Aujourd'hui le lundi… »).
  function label(card, text) {
    prefix(card.querySelector(".handbook-card__when"), text);
  }

  // A word before an element's text (a card's date, a deposit box's title).
  function prefix(element, text) {
    if (!element) return;
    var word = document.createElement("span");
    word.className = "handbook-card__day";
    word.textContent = text;
    element.insertBefore(document.createTextNode(" "), element.firstChild);
    element.insertBefore(word, element.firstChild);
  }

  // A deposit box (a form's page) once the deposit has closed: its title says « Passé », as a past card does (a
  // candidate filling the form late read « À déposer du … » as still open).
  function setUpClosed(box) {
    if (box.dataset.closedReady) return;
    box.dataset.closedReady = "true";
    if (box.getAttribute("data-closes") >= today()) return;
    box.classList.add("handbook-deposit--closed");
    prefix(box.querySelector(".admonition-title"), "Passé");
  }

  function setup() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-closes]"), setUpClosed);
    Array.prototype.forEach.call(document.querySelectorAll("form.handbook-choices"), setUpChoices);
    Array.prototype.forEach.call(document.querySelectorAll("[data-upcoming]"), setUpUpcoming);
    Array.prototype.forEach.call(document.querySelectorAll("ol.handbook-cards:not([data-upcoming])"), setUpDays);
  }

  // Loaded in <head> (overrides/main.html): each list of cards calls it once parsed (templates/macros.md.j2), so
  // that the cards are in their order before the first paint; then once more with the whole page (each list is
  // set up once), and at each page Material draws without loading it, should instant navigation be turned on.
  window.handbookCards = setup;
  document.addEventListener("DOMContentLoaded", function () {
    setup();
    if (typeof document$ !== "undefined") document$.subscribe(setup);
  });
})();
