"""Text in XML 1.0 documents (Moodle XML, QTI, SCORM manifests, BPMN): escaped and legal.

Layer: render (pure). XML 1.0 cannot carry most control characters at all, escaped or
not (``&#1;`` is as illegal as the byte): a document holding one does not parse. The
rules refuse them in author text; these functions are the last guard of every XML
export, so that an export is well-formed whatever reaches it.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

# what XML 1.0 allows: tab, newline, carriage return and the ranges below
_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def legal(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (control characters, U+FFFE/F)."""
    return _ILLEGAL.sub("", text)


def xml_text(text: str) -> str:
    """Element content: escaped (``<``, ``>``, ``&``) and legal."""
    return escape(legal(text))


def xml_attr(text: str) -> str:
    """An attribute value with its quotes: ``"…"``, escaped and legal."""
    return quoteattr(legal(text))


def cdata(text: str) -> str:
    """A CDATA section of legal text; a ``]]>`` inside is split across two sections."""
    return "<![CDATA[" + legal(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"
