"""What the widget tests do on a page: embed the widget, ask, read the shadow DOM."""

from __future__ import annotations

import html
import json
from typing import Any

# Host-page CSS that would wreck an unscoped widget; none of it may reach inside.
HOSTILE_CSS = """
  * { color: lime !important; font-size: 40px !important; letter-spacing: 5px; }
  button { display: none !important; }
  p { margin: 90px !important; }
  mark { background: black !important; }
"""


def embed_page(script_src: str, *, lang: str | None = "en", attrs: dict[str, str] | None = None,
               body: str = "", head: str = "") -> str:
    """A host page with one widget script tag (attrs become its data-* attributes)."""
    data = "".join(f' data-{name}="{html.escape(value)}"' for name, value in (attrs or {}).items())
    lang_attr = f' lang="{lang}"' if lang else ""
    return (f"<!doctype html><html{lang_attr}><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>host</title>{head}</head><body>{body}"
            f'<script src="{html.escape(script_src)}"{data} defer></script></body></html>')


def widget_ready(page: Any, count: int = 1) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('[data-bulletin-qa]').length >= n", arg=count)


def ask(page: Any, question: str, scope: str = "") -> Any:
    """Type the question, press Enter, wait until the reply is complete; the turn locator."""
    box = page.locator(f"{scope} textarea".strip())
    box.fill(question)
    box.press("Enter")
    return last_turn(page, scope)


def last_turn(page: Any, scope: str = "") -> Any:
    turn = page.locator(f"{scope} .turn".strip()).last
    turn.locator(".a[data-state=done], .a[data-state=error]").wait_for()
    return turn


def record_asks(page: Any) -> list[dict]:
    """The JSON bodies of the page's POST /v1/ask requests, as they leave."""
    bodies: list[dict] = []
    page.on("request", lambda request: bodies.append(request.post_data_json)
            if request.method == "POST" and request.url.endswith("/v1/ask") else None)
    return bodies


def in_shadow(page: Any, selector: str) -> int:
    """How many elements match `selector` inside every widget's shadow root."""
    return int(page.evaluate(
        """sel => [...document.querySelectorAll('[data-bulletin-qa]')]
              .reduce((n, host) => n + host.shadowRoot.querySelectorAll(sel).length, 0)""",
        selector))


def focused_in_widget(page: Any) -> dict[str, Any] | None:
    """The element focused inside a widget's shadow root: tag, class, outline style."""
    return page.evaluate("""() => {
        const host = document.activeElement;
        const el = host && host.shadowRoot && host.shadowRoot.activeElement;
        if (!el) return null;
        const style = getComputedStyle(el);
        return {tag: el.tagName.toLowerCase(), cls: el.className,
                outline: style.outlineStyle, outlineWidth: style.outlineWidth,
                focusVisible: el.matches(':focus-visible')};
    }""")


def sse(*events: tuple[str, Any]) -> str:
    """A crafted text/event-stream body, in the server's format."""
    return "".join(f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
                   for name, data in events)


def passage(chunk_id: str, text: str, short_label: str = "3号建议案 · (三) · 三是",
            section_title: str = "(三)提升适老化服务水平") -> dict:
    """A passage as the API sends it; its chip reads "<proposal> · <section_title>"."""
    proposal = short_label.split(" · ")[0]
    return {"chunk_id": chunk_id, "proposal": 3, "proposal_title": "关于…的建议案", "section": 3,
            "section_title": section_title, "measure": 3,
            "label": f"{proposal} · {section_title} · 三是推进老年助餐服务",
            "short_label": short_label, "text": text, "score": 0.8}


def reply_events(question: str, answer: str, passages: list[dict], citations: list[dict],
                 answerable: bool = True) -> str:
    """The whole stream of one answer: passages, delta…, citations, done."""
    half = len(answer) // 2
    done = {"question": question, "answer": answer, "answerable": answerable,
            "citations": citations, "passages": passages, "timing_ms": {"total": 1.0}}
    return sse(("passages", {"passages": passages}), ("delta", {"text": answer[:half]}),
               ("delta", {"text": answer[half:]}), ("citations", {"citations": citations}),
               ("done", done))
