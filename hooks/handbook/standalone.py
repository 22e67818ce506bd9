"""Pages that stand on their own, outside a session's Material site: the site root's 404 and redirects, the preview's error page.

One French page shell with its style inline: it must work at any address (a 404 is served for any
missing path, so relative links to stylesheets would break) and asks nothing of another site.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

# Material's indigo and a readable measure; enough for a one-screen page on a phone.
STYLE = """
body { font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1f1f1f; background: #fff; }
header { background: #3f51b5; color: #fff; padding: .8rem 1rem; font-weight: 600; }
main { max-width: 42rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; }
a { color: #303fa5; text-decoration: underline; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #fdecea; border-left: .3rem solid #b3261e; padding: .8rem; font-size: .9rem; }
"""


def page(title: str, header: str, body: str, *, head: str = "") -> str:
    """A complete French HTML page; title and header are plain text (escaped here), body and head are HTML."""
    return (f'<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n{head}<style>{STYLE}</style>\n</head>\n<body>\n"
            f"<header>{escape(header)}</header>\n<main>\n{body}\n</main>\n</body>\n</html>\n")


# mike's redirect pages (`latest/…`, the site root), in French; mike renders {{href}} with Jinja, escaped.
REDIRECT_TEMPLATE = page("Redirection", "Manuel de session BTS", "<p>Redirection vers "
                         '<a href="{{href}}">la session en cours</a>…</p>',
                         head='<noscript><meta http-equiv="refresh" content="1; url={{href}}"></noscript>\n'
                              '<script>window.location.replace("{{href}}" + window.location.search + window.location.hash);</script>\n')


def not_found_page(handbook: str, sessions: Sequence[str], latest: str, base: str | None) -> str:
    """The site root's 404.html: a link to the current session, then to each older one; base is the site's address."""
    base = (base or "/").rstrip("/") + "/"
    others = [s for s in sessions if s != latest]
    items = [f'<li><a href="{escape(base + s)}/">Session {escape(s)}</a> (archivée)</li>' for s in others]
    body = (f"<h1>Page introuvable</h1>\n"
            f"<p>Cette adresse ne correspond à aucune page du {escape(handbook)}. "
            "Elle a peut-être été mal recopiée, ou la page a changé d'adresse d'une session à l'autre.</p>\n"
            f'<p><strong><a href="{escape(base)}latest/">Aller au manuel de la session en cours ({escape(latest)})</a></strong></p>\n'
            "<p>Depuis son accueil, la recherche en haut de page et les pages «&nbsp;Calendrier&nbsp;» et «&nbsp;Trouver mon centre&nbsp;» "
            "mènent à chaque information.</p>\n"
            + (f"<h2>Sessions précédentes</h2>\n<ul>\n{chr(10).join(items)}\n</ul>" if items else ""))
    title = handbook[:1].upper() + handbook[1:]
    return page(f"Page introuvable – {title}", title, body)


# The site root's service worker, written by publish beside index.html. The addresses that only redirect (the site
# root, latest/…) are outside each session's worker: offline they would fail, though the page they lead to is kept.
# This worker answers them from the network when it can (the redirect then says where latest is now), else, after
# the same patience as a session's worker, with the redirect itself, to the newest session at publication time.
# It stores nothing. offline.js registers it when a reader keeps exam day's pages.
# How long both workers wait for the network before they answer from the device (milliseconds): a weak signal in an
# exam building hangs rather than fails. Written into this worker here and into docs/sw.js by hooks/offline.py.
PATIENCE_MS = 4000
ROOT_WORKER = """// The handbook's root worker (written by `handbook publish`): the root and latest/… addresses work offline.
"use strict";

const NEWEST = "__NEWEST__/";   // the newest session when this file was published
const PATIENCE = __PATIENCE__;  // as a session's worker (docs/sw.js): a weak signal hangs rather than fails

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.mode !== "navigate") return;
  const scope = new URL(self.registration.scope);
  const asked = new URL(request.url);
  const rest = asked.pathname.slice(scope.pathname.length);
  const latest = rest === "latest" || rest.startsWith("latest/");
  if (!(rest === "" || rest === "index.html" || latest)) return;   // a session's pages: its own worker, or the network
  const target = new URL(NEWEST + (latest ? rest.slice("latest/".length) : "") + asked.search, scope).href;
  event.respondWith(networkOr(request, target));
});

async function networkOr(request, target) {
  const late = new Promise((resolve) => setTimeout(() => resolve(null), PATIENCE));
  const answer = await Promise.race([fetch(request).catch(() => null), late]);
  return answer || Response.redirect(target, 302);
}
"""


def root_worker(newest: str) -> str:
    """The root worker, sending the root and latest/… to the newest session when the network does not answer."""
    if not newest.isdigit():
        raise ValueError(f"session {newest!r} : un identifiant de session est une année")
    return ROOT_WORKER.replace("__NEWEST__", newest).replace("__PATIENCE__", str(PATIENCE_MS))
