"""Fast tier: the cache of generated downloads (outputs/cache.py). A file is made once and found by the next
build; its key follows exactly the session parts it reads, which its producer is held to; files a build did
not use are removed; nothing half-written is ever found under a key."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from handbook.changelog import History
from handbook.model import Session
from handbook.model.session import SESSION_PARTS, UndeclaredRead
from handbook.outputs import cache as cache_module
from handbook.outputs import form_downloads, ics, json_export, registry
from handbook.outputs.atom import Feeds
from handbook.outputs.cache import OutputStore, write_atomically
from handbook.outputs.ics import Calendars

pytestmark = pytest.mark.unit


def outputs_of(session: Session, site_url=None) -> tuple[registry.Output, ...]:
    return registry.session_outputs(session, Calendars(session, site_url=site_url), Feeds(session, History(session), site_url=site_url))


def keys(store: OutputStore, outputs) -> dict[str, str]:
    return {output.path: store.key(output) for output in outputs}


def family(path: str) -> str:
    if path.endswith("/sitemap.xml"):   # the empty sitemaps beside the feeds (atom.EMPTY_SITEMAP): they read nothing
        return "sitemaps"
    return {"ics": "calendars", "json": "json", "xml": "feeds"}.get(path.rsplit(".", 1)[1], "forms")


def edited(session: Session, part: str) -> Session:
    """The session with one part changed, as an edit of its data file would change it."""
    changes = {
        "contacts": lambda s: s.contacts.model_copy(update={"contacts": s.contacts.contacts[:-1]}),
        "calendar": lambda s: s.calendar.model_copy(update={"written": [s.calendar.written[0].model_copy(
            update={"note": "note ajoutée"})] + s.calendar.written[1:]}),
        "forms": lambda s: [s.forms[0].model_copy(update={"sheets": [s.forms[0].sheets[0].model_copy(
            update={"heading": "Autre titre"})] + s.forms[0].sheets[1:]})] + s.forms[1:],
        "info": lambda s: s.info.model_copy(update={"signatory": s.info.signatory.model_copy(update={"name": "Autre"})}),
    }
    return replace(session, **{part: changes[part](session)})


def test_a_file_is_made_once_then_found_by_the_next_build(session, tmp_path):
    made = []
    counted = [replace(o, produce=lambda o=o: made.append(o.path) or o.produce()) for o in outputs_of(session)]
    first = OutputStore(tmp_path, session)
    files = {o.path: first.file(o) for o in counted}
    assert sorted(made) == sorted(o.path for o in counted)
    made.clear()
    again = OutputStore(tmp_path, session)   # the next build: a new store on the same folder
    assert again.missing(counted) == []
    assert {o.path: again.file(o) for o in counted} == files and made == []
    assert files["agenda/session.ics"].read_bytes() == Calendars(session).ical(Calendars(session).whole)


@pytest.mark.parametrize("part, changed", [
    ("contacts", set()),                                  # no download shows the contacts
    ("calendar", {"calendars", "json", "feeds"}),
    ("forms", {"forms", "feeds"}),                        # the feeds name the forms' pages
    ("info", {"calendars", "json", "forms", "feeds"}),
])
def test_an_edit_changes_the_keys_of_the_files_that_read_it_and_no_other(session, tmp_path, part, changed):
    before = keys(OutputStore(tmp_path, session), outputs_of(session))
    after_session = edited(session, part)
    after = keys(OutputStore(tmp_path, after_session), outputs_of(after_session))
    assert before.keys() == after.keys()
    assert {family(path) for path in before if before[path] != after[path]} == changed
    if "calendars" in changed:
        assert all(before[p] != after[p] for p in before if family(p) == "calendars")


def test_the_site_address_is_part_of_the_keys_of_calendars_and_feeds_only(session, tmp_path):
    # They hold absolute links when the address is known; the forms and the JSON export do not.
    store = OutputStore(tmp_path, session)
    plain, addressed = keys(store, outputs_of(session)), keys(store, outputs_of(session, "https://examens.example.fr/2022/"))
    assert {family(path) for path in plain if plain[path] != addressed[path]} == {"calendars", "feeds"}


def test_each_family_declares_real_parts_and_reads_nothing_else(session, synthetic):
    # Every producer runs on a session restricted to what it declares: making every file proves the declaration.
    assert {"info"} <= ics.READS <= SESSION_PARTS and json_export.READS <= SESSION_PARTS and form_downloads.READS <= SESSION_PARTS
    for each in (session, synthetic):
        for output in outputs_of(each):
            if family(output.path) != "forms" or each is session:   # forms are the reference's own in the synthetic one
                assert output.produce(), output.path


def test_a_producer_that_reads_an_undeclared_part_fails_loudly(session):
    restricted = session.restricted(json_export.READS)
    with pytest.raises(UndeclaredRead, match=r"session\.contacts lu par un code qui ne déclare lire que calendar"):
        _ = restricted.contacts.contacts
    with pytest.raises(UndeclaredRead):
        list(restricted.forms)
    with pytest.raises(UndeclaredRead):
        list(restricted.form_sources)          # comes with the forms
    with pytest.raises(UndeclaredRead):
        list(restricted.corrected_texts)       # comes with corrections.yml
    with pytest.raises(UndeclaredRead):
        f"{restricted.contacts}"               # printed, it would pass unnoticed into a file
    with pytest.raises(ValueError, match="parties de session inconnues : agenda"):
        session.restricted({"agenda"})


def test_files_a_build_did_not_use_are_removed_at_its_end(session, tmp_path):
    outputs = outputs_of(session)
    old = OutputStore(tmp_path, session)
    for output in outputs:
        old.file(output)
    newer = edited(session, "calendar")
    store = OutputStore(tmp_path, newer)
    kept = {store.file(o) for o in outputs_of(newer)}
    removed = store.prune()
    assert removed == sum(family(o.path) in ("calendars", "json", "feeds") for o in outputs)   # the forms did not change
    assert set(tmp_path.iterdir()) == kept


def test_a_failed_write_leaves_nothing_under_the_key(tmp_path, monkeypatch):
    target = tmp_path / "sub" / "key.ics"

    def interrupted(source, destination):
        raise KeyboardInterrupt  # the build stopped between writing and naming the file

    monkeypatch.setattr(cache_module.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"BEGIN:VCALENDAR")
    assert not target.exists() and list((tmp_path / "sub").iterdir()) == []
    monkeypatch.undo()
    write_atomically(target, b"BEGIN:VCALENDAR")
    assert target.read_bytes() == b"BEGIN:VCALENDAR" and [p.name for p in (tmp_path / "sub").iterdir()] == ["key.ics"]


def test_many_missing_files_are_made_by_a_second_process_while_the_build_goes_on(session, tmp_path, monkeypatch):
    monkeypatch.setattr(cache_module, "SECOND_PROCESS_FROM", 10)
    monkeypatch.setattr(cache_module, "fork_is_safe", lambda: True)   # whatever threads the test runner has
    outputs = [o for o in outputs_of(session) if family(o.path) != "forms"]
    store = OutputStore(tmp_path, session)
    production = store.make_missing(outputs)
    assert production.in_background and production.count == len(outputs)
    store.wait()
    assert all(store.path(o).read_bytes() == o.produce() for o in outputs)
    again = OutputStore(tmp_path, session).make_missing(outputs)
    assert not again.in_background and again.count == 0


def test_a_failure_in_the_second_process_is_raised_with_its_message(session, tmp_path, monkeypatch):
    monkeypatch.setattr(cache_module, "SECOND_PROCESS_FROM", 10)
    monkeypatch.setattr(cache_module, "fork_is_safe", lambda: True)
    outputs = [replace(o, produce=lambda o=o: b"" if o.path != "agenda/session.ics" else 1 / 0) for o in outputs_of(session)]
    store = OutputStore(tmp_path, session)
    assert store.make_missing(outputs).in_background
    with pytest.raises(cache_module.OutputsFailed, match="« agenda/session.ics » non produit : ZeroDivisionError : division by zero"):
        store.wait()


def test_a_failure_in_this_process_names_the_file(session, tmp_path):
    outputs = [replace(o, produce=lambda o=o: b"" if o.path != "agenda/session.ics" else 1 / 0) for o in outputs_of(session)]
    with pytest.raises(cache_module.OutputsFailed, match="« agenda/session.ics » non produit : ZeroDivisionError"):
        OutputStore(tmp_path, session).make_missing(outputs)


def test_no_second_process_is_forked_while_another_thread_runs(session, tmp_path, monkeypatch):
    # Under serve, the server and the file watcher run beside the build: the files are made in this process.
    monkeypatch.setattr(cache_module, "SECOND_PROCESS_FROM", 10)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        production = OutputStore(tmp_path, session).make_missing(outputs_of(session))
    finally:
        stop.set()
        other.join()
    assert not production.in_background and production.count == len(outputs_of(session))


def test_serve_and_build_keep_their_files_apart(session, tmp_path):
    # serve's address is 127.0.0.1: its calendars differ from the published ones, and its end must not
    # remove them from under a build of the site (or the reverse).
    built = cache_module.store_for(tmp_path, session, "https://examens.example.org/2022/")
    served = cache_module.store_for(tmp_path, session, "http://127.0.0.1:8000/")
    assert built.folder != served.folder and built.folder.parent == served.folder.parent
    kept = {built.file(o) for o in outputs_of(session, "https://examens.example.org/2022/")}
    for output in outputs_of(session, "http://127.0.0.1:8000/"):
        served.file(output)
    assert served.prune() == 0
    assert all(path.exists() for path in kept)


def test_a_file_another_build_is_writing_is_not_pruned(session, tmp_path):
    store = OutputStore(tmp_path, session)
    store.file(outputs_of(session)[0])
    being_written = tmp_path / ".tmp-abc123"
    being_written.write_bytes(b"BEGIN:VCAL")
    assert store.prune() == 0 and being_written.exists()


def test_a_few_missing_files_are_made_at_once(session, tmp_path):
    outputs = outputs_of(session)[:5]
    store = OutputStore(tmp_path, session)
    production = store.make_missing(outputs)
    assert not production.in_background and production.count == 5
    assert all(store.path(o).exists() for o in outputs)


def test_two_files_at_one_address_stop_the_build_with_both_named(session):
    # A data id that takes a fixed file name's place (an exam « toutes », the calendar with every language) made a
    # second file replace the first without a word (data review): any clash of addresses stops the build instead.
    outputs = outputs_of(session)
    clash = replace(outputs[1], path=outputs[0].path)
    with pytest.raises(cache_module.OutputsFailed, match=rf"deux fichiers à télécharger à la même adresse : « {outputs[0].path} »"):
        registry.unique_paths((*outputs, clash))
    assert registry.unique_paths(outputs) == outputs
