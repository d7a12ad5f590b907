"""The release PDF, printed from the release's own built pages (one source, one rendering).

`pages.py` reads the built site back (every page of the menu, its article made fit for one document);
`document.py` adds the cover, the table of contents and the signature block, and has WeasyPrint print it with
the theme's `pdf.css`.
"""
from .document import print_pdf, signature_block

__all__ = ["print_pdf", "signature_block"]
