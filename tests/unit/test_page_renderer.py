"""Fast tier: the page renderer compiles one template per distinct page source (the generated pages of a
family share theirs), reads it back compiled from the template cache in a later build, and still names the
page being rendered when it fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.render import PageRenderer, TemplateProblem

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.unit

STUB = "\n\n\n{{ entity.name }} – {{ entity.detail.size }}\n"


class Entity:
    def __init__(self, name: str, detail=None):
        self.name, self.detail = name, detail


class Detail:
    size = 3


@pytest.fixture
def renderer(session):
    return PageRenderer(ROOT / "templates", {"session": session})


def compiles(renderer, monkeypatch) -> list[str]:
    # The names the renderer's environment compiles from source from now on.
    compiled: list[str] = []
    compile_source = renderer.env.compile
    monkeypatch.setattr(renderer.env, "compile", lambda *args, **kwargs: compiled.append(args[1]) or compile_source(*args, **kwargs))
    return compiled


def test_pages_with_the_same_source_share_one_compiled_template(renderer, monkeypatch):
    compiled = compiles(renderer, monkeypatch)
    pages = [renderer.render(f"centres/c{n}.md", STUB, {"entity": Entity(f"Centre {n}", Detail())}) for n in range(50)]
    assert pages[0].strip() == "Centre 0 – 3" and pages[49].strip() == "Centre 49 – 3"
    renderer.render("docs/autre.md", "{{ session.info.year }}")
    assert [name for name in compiled if name != "macros.md.j2"] == ["centres/c0.md", "docs/autre.md"]


def test_a_page_sharing_a_compiled_template_is_named_in_its_own_error(renderer):
    renderer.render("centres/premier.md", STUB, {"entity": Entity("Premier", Detail())})
    with pytest.raises(TemplateProblem) as raised:
        renderer.render("centres/second.md", STUB, {"entity": Entity("Second")})
    assert raised.value.where == "centres/second.md:4"


def test_a_syntax_error_names_its_page_and_line(renderer):
    with pytest.raises(TemplateProblem) as raised:
        renderer.render("docs/calendrier.md", "# Calendrier\n\n{% if session %}\n")
    assert raised.value.where == "docs/calendrier.md:3" and "erreur de syntaxe Jinja" in str(raised.value)


def test_a_later_build_reads_its_pages_compiled_from_the_template_cache(session, tmp_path, monkeypatch):
    first = PageRenderer(ROOT / "templates", {"session": session}, cache_folder=tmp_path)
    page = first.render("docs/annee.md", "Session {{ session.info.year }}\n")
    later = PageRenderer(ROOT / "templates", {"session": session}, cache_folder=tmp_path)
    compiled = compiles(later, monkeypatch)
    assert later.render("docs/annee.md", "Session {{ session.info.year }}\n") == page == "Session 2022\n"
    assert compiled == []
    assert later.render("docs/annee.md", "Année {{ session.info.year }}\n") == "Année 2022\n"   # edited: compiled again
    assert compiled == ["docs/annee.md"]


def test_the_template_cache_key_holds_the_environment_options(tmp_path):
    import jinja2

    from handbook.render import TemplateCache
    plain, trimmed = jinja2.Environment(), jinja2.Environment(trim_blocks=True)
    assert TemplateCache(tmp_path, plain).get_cache_key("base.html") != TemplateCache(tmp_path, trimmed).get_cache_key("base.html")
    assert TemplateCache(tmp_path, plain).get_cache_key("base.html") == TemplateCache(tmp_path, jinja2.Environment()).get_cache_key("base.html")
