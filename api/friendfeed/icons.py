"""File-type icons for `files[].icon`: "URL of file type icon. Always 16x16." (the page).

One 16×16 PNG per kind of file, shipped as this app's static files
(api/friendfeed/static/friendfeed/icons/), so every URL handed out is one the server answers.
The kinds follow the page's own groups of valid extensions.
"""

from __future__ import annotations

from django.conf import settings

_KINDS = {
    "image": "jpg gif png jpeg bmp tif tiff psd ai eps",
    "audio": "mp3 m3u m4a ogg aac ra wav wma ac3 aif aiff mid midi swa",
    "pdf": "pdf ps",
    "document": "doc dot docx dotx rtf",
    "spreadsheet": "xls xlsx xltx csv",
    "presentation": "ppt pptx potx ppsx pps",
    "text": "txt vcf kml",
    "code": "py c cc cxx cpp java rb cs vb as pl html css js",
}
KIND_OF = {ext: kind for kind, exts in _KINDS.items() for ext in exts.split()}


def icon_url(filename: str) -> str:
    """The absolute URL of the icon for this file name (a generic page when unknown)."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    kind = KIND_OF.get(ext, "file")
    url = f"{settings.STATIC_URL}friendfeed/icons/{kind}.png"
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url
