/*
 * French search for the handbook: a thin wrapper around Material's own search worker.
 *
 * Material lets a site provide its search worker (the "search" URL of #__config, set in
 * overrides/main.html); this one loads Material's worker (its URL is passed as ?material=)
 * and changes only the words, never the displayed text:
 *   - index: every token goes through normaliseToken (accents folded, stop words dropped,
 *     plural reduced), so « épreuves » is indexed as « epreuve » at the position of the
 *     original word and the result list still highlights « épreuves »;
 *   - query: normaliseQuery before Material parses it (Material appends `*` to each term,
 *     which makes lunr skip its search pipeline: the query must be normalised here);
 *   - no result: the query is asked again with each long enough word allowed one or two
 *     letters wrong (approximateQuery: « convoquation » finds « convocation »);
 *   - result: the highlighted words (marked on the accented text) become the terms Material
 *     puts in ?h= for search.highlight, a stop word is never « Non trouvé », a page whose own
 *     entry has no text shows the section that matched, and the suggestion keeps what the
 *     candidate typed.
 * The rules are hooks/handbook/search.py's table, read from the index (config.handbook_fr);
 * tests/test_search.py runs this file and the Python module on the same fixtures.
 */
(function (scope) {
  "use strict"

  /* Compile the table written by hooks/search_index.py */
  function compile(table) {
    return {
      accents: new RegExp(table.accents, "g"),
      ligatures: Object.entries(table.ligatures),
      stop: new Set(table.stop_words),
      unfinished: new Set(table.unfinished),
      question: new Set(table.question_words),
      plurals: table.plurals,
      endings: table.endings,
      synonyms: table.synonyms,
      phrases: Object.entries(table.phrases || {}).map(([phrase, word]) =>
        [new RegExp("\\b" + phrase.split(/\s+/).join("[^a-z0-9]+") + "\\b", "g"), word]),
      word: new RegExp(table.word, "g")
    }
  }

  /* Lower case, ligatures spelt out, accents removed */
  function fold(text, rules) {
    text = text.toLowerCase()
    for (const [ligature, letters] of rules.ligatures)
      text = text.split(ligature).join(letters)
    return text.normalize("NFD").replace(rules.accents, "")
  }

  /* The light plural rule of the table */
  function singular(word, rules) {
    return firstRule(word, rules.plurals)
  }

  /* The word with the first [suffix, replacement, minimum length] rule that matches applied */
  function firstRule(word, list) {
    for (const [suffix, replacement, minimum] of list)
      if (word.endsWith(suffix) && word.length >= minimum)
        return word.slice(0, word.length - suffix.length) + replacement
    return word
  }

  /* An index token as compared, or undefined when it is not indexed */
  function normaliseToken(token, rules) {
    const word = fold(token, rules)
    if (!word || rules.stop.has(word))
      return undefined
    return singular(word, rules)
  }

  /* The query as sent on to Material: folded, stop words and plurals reduced, verb endings cut,
     syntax kept; a stop word ends it only while it may begin a word of the index, a question
     word stays only when nothing else names the subject (« date des résultats » → « resultat ») */
  function normaliseQuery(query, rules) {
    let folded = fold(query, rules)
    for (const [phrase, word] of rules.phrases)   // « tiers-temps » → « amenagement », before its words are read
      folded = folded.replace(phrase, word)
    const subject = (folded.match(rules.word) || []).some(text =>
      !rules.stop.has(text) && !rules.question.has(singular(text, rules)))
    return folded.replace(rules.word, (text, offset) => {
      if (rules.stop.has(text))
        return offset + text.length === folded.length && rules.unfinished.has(text) ? text : ""
      text = singular(text, rules)
      if (subject && rules.question.has(text))
        return ""
      if (Object.prototype.hasOwnProperty.call(rules.synonyms, text))
        text = rules.synonyms[text]
      return firstRule(text, rules.endings)
    })
  }

  /* Highlighted words of a page's result items, as displayed (entities decoded, one per spelling) */
  function markedWords(items) {
    const words = new Map()
    for (const item of items)
      for (const field of [item.title, item.text])
        for (const [, html] of String(field || "").matchAll(/<mark>(.*?)<\/mark>/g)) {
          const word = html.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")
          if (!words.has(word.toLowerCase()))
            words.set(word.toLowerCase(), word)
        }
    return [...words.values()]
  }

  /* The words of a query as typed, by their normalised form: « campu » → « campus » */
  function typedWords(query, rules) {
    const typed = new Map()
    for (const word of query.split(/[\s"+\-*~^:]+/))
      for (const term of normaliseQuery(word, rules).split(/\W+/))
        if (term && !typed.has(term))
          typed.set(term, word)
    return typed
  }

  /* Terms of each item of a page: for ?h=, the words as written on the page (accents kept);
     for « Non trouvé », the missing words as typed, never a stop word still being typed */
  function displayTerms(items, typed, rules) {
    const words = markedWords(items)
    for (const item of items) {
      const terms = {}
      for (const word of words)
        terms[word] = true
      for (const [term, found] of Object.entries(item.terms || {}))
        if (!found && !rules.stop.has(term))
          terms[typed.get(term) || term] = false
        else if (found && !words.length)
          terms[term] = true
      item.terms = terms
    }
  }

  /* A page's own entry without text (the page opens on a heading) behind its sections: Material
     shows the best item of a page with its text, so the section that matched is shown instead */
  function sectionsFirst(items) {
    const [first, ...rest] = items
    return first && !first.location.includes("#") && !first.text && rest.length
      ? [...rest, first]
      : items
  }

  /* A suggestion completes the word as typed: « épr » + « euve », not « epreuve » */
  function typedSuggestion(suggestion, query, rules) {
    const typed = query.split(/[\s-]+/).pop() || ""
    const folded = fold(typed, rules)
    return folded.length === typed.length && suggestion.startsWith(folded)
      ? typed + suggestion.slice(folded.length)
      : suggestion
  }

  /* A query that found nothing, asked again with each word of five letters or more allowed one edit (a letter
     wrong, missing, added, or two swapped), two from eight letters: a thumb's typo (« convoquation », « livert »)
     found no page. Without a trailing wildcard (lunr takes one or the other). Null when no word can be widened. */
  function approximateQuery(normalised) {
    let widened = false
    const query = normalised.split(/\s+/).filter(Boolean).map(term => {
      if (!/^[a-z0-9]{5,}$/.test(term))
        return term
      widened = true
      return term + (term.length >= 8 ? "~2" : "~1")
    })
    return widened ? query.join(" ") : null
  }

  /* The words of an approximate answer are none of them missing: the page's own words are highlighted instead */
  function foundApproximately(items) {
    for (const item of items)
      for (const [term, found] of Object.entries(item.terms))
        if (!found)
          delete item.terms[term]
  }

  const api = { compile, fold, singular, normaliseToken, normaliseQuery, typedWords, displayTerms, sectionsFirst,
                typedSuggestion, approximateQuery }
  scope.handbookSearchFr = api

  /* Loaded in a page (tests): stop here, the worker part needs a worker */
  if (typeof importScripts !== "function" || typeof document !== "undefined")
    return

  const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
  let rules = null
  const queries = []   // the queries sent on to Material, as typed, in order: {typed, approximate}

  /* The index is built at the first query, not on every page load: most pages are read without a search, and
     building it cost about a tenth of a page load's processor (README, « Recherche »). Material's SETUP (the index)
     is held and answered at once (and the empty box's query with no result); the queries typed while it is built
     wait for Material's own READY. */
  let setup = null
  let building = false
  let built = false
  const waiting = []

  /* The language scripts Material's worker imports to build the index (its own list, by the index's languages),
     asked for at once all the same: the offline worker keeps what pages load, so a reader who only read pages
     online can still search offline, where the build would otherwise fail to import them. */
  function languageScripts(languages) {
    const base = new URL("../lunr/", location.href)
    const files = []
    for (const language of languages) {
      if (language === "ja") files.push("tinyseg.js")
      if (language === "hi" || language === "th") files.push("wordcut.js")
      if (language !== "en") files.push(`min/lunr.${language}.min.js`)
    }
    if (languages.length > 1) files.push("min/lunr.multi.min.js")
    return files.length ? ["min/lunr.stemmer.support.min.js", ...files].map(file => new URL(file, base).href) : []
  }

  /* A build that failed (a script missing offline) answers its queries with nothing, and the next query tries again:
     the box never waits for ever. */
  scope.addEventListener("unhandledrejection", () => {
    if (!building || built) return
    building = false
    for (const query of waiting.splice(0))
      post({ type: RESULT, data: { items: [] } })
  })

  /* Before Material's own listener (registered by importScripts below) */
  scope.addEventListener("message", ev => {
    const message = ev.data
    if (message.type === SETUP && !building) {
      setup = message
      ev.stopImmediatePropagation()
      post({ type: READY })
      for (const script of languageScripts(message.data.config.lang || []))
        fetch(script).catch(() => null)
      return
    }
    if (message.type === QUERY && !built) {
      ev.stopImmediatePropagation()
      if (!message.data.trim()) {   // Material asks the empty box's query as soon as it is READY: nothing to find
        post({ type: RESULT, data: { items: [] } })
        return
      }
      waiting.push(message)
      if (setup && !building) {
        building = true
        scope.dispatchEvent(new MessageEvent("message", { data: setup }))
      }
      return
    }
    if (message.type === SETUP && message.data.config.handbook_fr) {
      rules = compile(message.data.config.handbook_fr)
    } else if (message.type === QUERY && rules && !message.handbookApproximate) {
      queries.push({ typed: message.data, approximate: false })
      message.data = normaliseQuery(message.data, rules)
    }
  })

  /* Results on their way back to the page */
  const post = scope.postMessage.bind(scope)
  scope.postMessage = message => {
    if (message && message.type === READY && building && !built) {
      built = true   // the page had its READY with the index: the queries that waited go to Material now
      for (const query of waiting.splice(0))
        scope.dispatchEvent(new MessageEvent("message", { data: query }))
      return
    }
    if (message && message.type === RESULT && rules) {
      const asked = queries.shift() || { typed: "", approximate: false }
      const query = asked.typed
      const approximate = !asked.approximate && !(message.data.items || []).length
        && approximateQuery(normaliseQuery(query, rules))
      if (approximate) {   // the same query once more, widened: its answer is the one the page gets
        queries.unshift({ typed: query, approximate: true })
        scope.dispatchEvent(new MessageEvent("message", { data: { type: QUERY, data: approximate, handbookApproximate: true } }))
        return
      }
      const typed = typedWords(query, rules)
      const groups = (message.data.items || []).map(sectionsFirst)
      for (const group of groups) {
        displayTerms(group, typed, rules)
        if (asked.approximate)
          foundApproximately(group)
      }
      message.data.items = groups
      if (message.data.suggest)
        message.data.suggest = message.data.suggest.map(s => typedSuggestion(s, query, rules))
    }
    post(message)
  }

  /* Material's worker: defines self.lunr and its message listener */
  importScripts(new URL(location.href).searchParams.get("material"))
  const lunr = scope.lunr

  /* Our normaliser, run on every token added to the index and on Material's suggestion query */
  function handbookFr(token) {
    const word = rules ? normaliseToken(token.toString(), rules) : token.toString()
    return word ? token.update(() => word) : undefined
  }
  lunr.Pipeline.registerFunction(handbookFr, "handbookFr")

  /* Material builds the index with `lunr(function () {…})`, removes lunr.fr's functions
     (pipeline: [] in mkdocs.yml's effective config), then adds documents: add ours first. */
  const add = lunr.Builder.prototype.add
  lunr.Builder.prototype.add = function (doc, attributes) {
    if (!this.pipeline._stack.includes(handbookFr)) {
      this.pipeline.add(handbookFr)
      this.searchPipeline.add(handbookFr)
    }
    return add.call(this, doc, attributes)
  }
})(self)
