# SPDX-License-Identifier: GPL-3.0-or-later
"""report.html: the report as a person reads and prints it, in the volunteer's language.

Self-contained and inert: inline CSS, no script, and a Content-Security-Policy that forbids
loading anything, so opening it cannot reach the network. Every piece of journal text is
escaped; user text sits in `dir="auto"` blocks so Arabic, Urdu or Hebrew lines align by
their own direction. Category and severity carry the English label beside the translated
one, so any team can triage.
"""

from __future__ import annotations

from html import escape
from typing import Any

from desktop.i18n import _, is_right_to_left, ngettext
from desktop.i18n.formats import format_list, format_size
from desktop.journal.labels import field_label

_CSS = """
body{font-family:"Noto Sans","Noto Naskh Arabic","Noto Sans Devanagari",system-ui,sans-serif;
max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2.2rem;
border-bottom:1px solid #ccc;padding-bottom:.2rem}
.meta{color:#555;font-size:.9rem}table{border-collapse:collapse;width:100%}
th,td{text-align:start;vertical-align:top;padding:.3rem .6rem .3rem 0}
th{width:11rem;color:#444;font-weight:600}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
.note{background:#f4f4f4;padding:.8rem;border-radius:4px}
.hash{font-family:monospace;font-size:.8rem;overflow-wrap:anywhere;color:#555}
.withheld{color:#7a4b00}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}section{break-inside:avoid-page}}
"""
_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _text(value: str) -> str:
    return f'<div class="text" dir="auto">{escape(value)}</div>'


def _row(label: str, value_html: str) -> str:
    return f"<tr><th>{escape(label)}</th><td>{value_html}</td></tr>"


def _link(url: str) -> str:
    shown = escape(url)
    if url.startswith(("https://", "http://")):
        return f'<a href="{escape(url, quote=True)}" rel="noreferrer noopener">{shown}</a>'
    return shown


def _with_english(label: str, english: str, language: str) -> str:
    if language == "en" or label == english:
        return escape(label)
    return f'{escape(label)} <span lang="en" dir="ltr">({escape(english)})</span>'


def _when(when: dict[str, Any]) -> str:
    parts = [when["date"]]
    if when.get("time"):
        parts.append(when["time"])
    if when.get("zone"):
        parts.append(f"({when['zone']})")
    # Only the date itself is isolated left to right; "about" reads in the page's direction.
    shown = f'<bdi dir="ltr">{escape(" ".join(parts))}</bdi>'
    if when.get("approximate"):
        return escape(_("about {date}")).format(date=shown)
    return shown


def _entry(record: dict[str, Any], number: int, language: str) -> str:
    rows = [
        _row(_("Entry id"), f'<span class="hash">{escape(record["id"])}</span>'),
        _row(_("Recorded (UTC)"), escape(record["recorded_at"])),
        _row(_("Last changed (UTC)"), escape(record["updated_at"])),
        _row(field_label("revision"), str(record["revision"])),
    ]
    if "when" in record:
        rows.append(_row(field_label("when"), _when(record["when"])))
    if "category" in record:
        cat = record["category"]
        rows.append(
            _row(field_label("category"), _with_english(cat["label"], cat["label_en"], language))
        )
    if "severity" in record:
        sev = record["severity"]
        rows.append(
            _row(field_label("severity"), _with_english(sev["label"], sev["label_en"], language))
        )
    if record.get("place"):
        rows.append(_row(field_label("place"), _text(record["place"])))
    if record.get("people"):
        people = "".join(
            f'<li dir="auto">{escape(p["username"])}'
            + (f" — {escape(p['wiki'])}" if p["wiki"] else "")
            + "</li>"
            for p in record["people"]
        )
        rows.append(_row(field_label("people"), f"<ul>{people}</ul>"))
    if record.get("links"):
        links = "".join(f'<li dir="ltr">{_link(u)}</li>' for u in record["links"])
        rows.append(_row(field_label("links"), f"<ul>{links}</ul>"))
    if record.get("tags"):
        rows.append(_row(field_label("tags"), _text(", ".join(record["tags"]))))
    if record["withheld"]:
        names = format_list(field_label(name) for name in record["withheld"])
        rows.append(
            _row(_("Left out by the sender"), f'<span class="withheld">{escape(names)}</span>')
        )
    parts = [
        "<section>",
        f'<h2 dir="auto">{number}. {escape(record["title"])}</h2>',
        f"<table>{''.join(rows)}</table>",
    ]
    if record.get("narrative"):
        parts.append(f"<h3>{escape(field_label('narrative'))}</h3>{_text(record['narrative'])}")
    if record["attachments"]:
        items = "".join(
            f'<li><a href="{escape(a["path"], quote=True)}" dir="auto">{escape(a["name"])}</a> '
            f"— {escape(format_size(a['size']))}"
            f'<div class="hash">SHA-256 {escape(a["sha256"])}</div></li>'
            for a in record["attachments"]
        )
        parts.append(f"<h3>{escape(field_label('attachments'))}</h3><ul>{items}</ul>")
    withheld = record["attachments_withheld"]
    if withheld:
        parts.append(
            '<p class="withheld">'
            + escape(
                ngettext(
                    "{count} attachment of this entry was left out by the sender.",
                    "{count} attachments of this entry were left out by the sender.",
                    withheld,
                ).format(count=withheld)
            )
            + "</p>"
        )
    parts.append("</section>")
    return "".join(parts)


def render(entries: dict[str, Any], created_at: str) -> bytes:
    """report.html for the entries document (see document.entries_document)."""
    language = entries["language"]
    direction = "rtl" if is_right_to_left(language) else "ltr"
    records = entries["entries"]
    attachments = sum(len(r["attachments"]) for r in records)
    summary = ngettext("{count} incident", "{count} incidents", len(records)).format(
        count=len(records)
    )
    summary += " · " + ngettext("{count} attachment", "{count} attachments", attachments).format(
        count=attachments
    )
    # Translated outside the f-strings below: gettext extraction cannot see inside them.
    title = _("Incident report")
    made = _("Made with Bastion on {date} (UTC).").format(date=created_at)
    note_heading = _("Note from the sender")
    contact_heading = _("How to contact the sender")
    head = (
        f'<!DOCTYPE html><html lang="{escape(language)}" dir="{direction}"><head>'
        '<meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
    )
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(made)}'
        f" · {escape(summary)} · "
        f'<span class="hash">{escape(entries["report_id"])}</span></p>',
    ]
    if entries["cover_note"]:
        body.append(f"<h2>{escape(note_heading)}</h2>")
        body.append(f'<div class="note">{_text(entries["cover_note"])}</div>')
    if entries["contact"]:
        body.append(f"<h2>{escape(contact_heading)}</h2>")
        body.append(f'<div class="note">{_text(entries["contact"])}</div>')
    body.extend(_entry(record, i, language) for i, record in enumerate(records, 1))
    body.append(
        '<p class="meta">'
        + escape(
            _(
                "Every file of this report is listed with its SHA-256 in manifest.json. "
                "The report was encrypted to the receiving team's keys before it left the "
                "sender's computer."
            )
        )
        + "</p></body></html>"
    )
    return (head + "".join(body)).encode("utf-8")
