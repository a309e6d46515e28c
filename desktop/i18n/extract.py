# SPDX-License-Identifier: GPL-3.0-or-later
"""Extract translatable strings into translations/messages.pot, deterministically.

    python -m desktop.i18n.extract translations/messages.pot          # write
    python -m desktop.i18n.extract --check translations/messages.pot  # exit 1 if stale

No creation date and no source locations in the output, so the template only changes when
a string does.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

import desktop

KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
ROOT = Path(__file__).resolve().parent.parent.parent


def render_template() -> bytes:
    catalog = Catalog(
        project="Bastion",
        version=desktop.__version__,
        copyright_holder="The Bastion contributors",
        msgid_bugs_address="",
        fuzzy=False,
    )
    method_map = [("desktop/**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT),
        method_map=method_map,
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        catalog.add(
            message,
            None,
            [(filename, lineno)],
            auto_comments=comments,
            context=context,
        )
    _add_categories(catalog)
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=0,
        no_location=True,
        omit_header=False,
        sort_output=True,
    )
    lines = [
        line
        for line in buffer.getvalue().decode("utf-8").splitlines(keepends=True)
        if not line.startswith('"POT-Creation-Date:')
    ]
    return "".join(lines).encode("utf-8")


def _add_categories(catalog: Catalog) -> None:
    """Journal categories are data (desktop/journal/categories.toml), translated in context."""
    import tomllib

    path = ROOT / "desktop" / "journal" / "categories.toml"
    with path.open("rb") as handle:
        table = tomllib.load(handle)
    for item in table["category"]:
        note = f"Journal category; Incident Reporting System: {item['irs_behavior']}"
        catalog.add(item["label"], None, [(str(path), 0)], auto_comments=[note], context="category")
        catalog.add(
            item["description"],
            None,
            [(str(path), 0)],
            auto_comments=[f"Explains the journal category “{item['label']}”."],
            context="category",
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="fail if the template is stale")
    parser.add_argument("pot", type=Path)
    args = parser.parse_args(argv)
    rendered = render_template()
    if args.check:
        current = args.pot.read_bytes() if args.pot.exists() else b""
        if current != rendered:
            print(f"{args.pot} is stale: run `make extract` and commit it.", file=sys.stderr)
            return 1
        return 0
    args.pot.parent.mkdir(parents=True, exist_ok=True)
    args.pot.write_bytes(rendered)
    return 0


if __name__ == "__main__":
    sys.exit(main())
