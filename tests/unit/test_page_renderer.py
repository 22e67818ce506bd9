"""Fast tier: the page renderer compiles one template per distinct page source (the generated pages of a
family share theirs) and still names the page being rendered when it fails."""

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


def test_pages_with_the_same_source_share_one_compiled_template(renderer, monkeypatch):
    compiled = []
    compile_source = renderer.env.compile
    monkeypatch.setattr(renderer.env, "compile", lambda *args, **kwargs: compiled.append(args[1]) or compile_source(*args, **kwargs))
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
