"""`python -m chalicelib.db.keys` prints docs/data-model.md."""

from chalicelib.db.keys.chart import render_markdown

print(render_markdown(), end="")
