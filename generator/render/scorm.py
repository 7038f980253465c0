"""SCORM 1.2 packages: one SCO (a launch page and its files) with its imsmanifest.xml.

Layer: render (pure). Reusable for anything the LMS should run and record: a quiz or an
exam (``quizformats.scorm``), later a read-and-understood acknowledgement. The SCO talks
to the LMS through ``assets/scorm12.js`` (API discovery in the parent frames,
LMSInitialize, the score and status, LMSCommit, LMSFinish), which a launch page includes
beside its own scripts; the page announces its result with the DOM event
``opsmanual:sco-result`` (detail: ``score`` 0-100 or null, ``passed`` true/false/null).

The manifest follows the ADL SCORM 1.2 content packaging profile (IMS CP 1.1.2 with the
``adlcp`` extensions): one organisation, one item, ``adlcp:masteryscore`` from the pass
mark and ``adlcp:maxtimeallowed`` from the time limit. The zip is deterministic.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from generator.render.packaging import deterministic_zip
from generator.render.xmltext import xml_attr, xml_text

CP_NS = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP_NS = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
LOCATIONS = (
    f"{CP_NS} imscp_rootv1p1p2.xsd "
    "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
    f"{ADLCP_NS} adlcp_rootv1p2.xsd"
)
BRIDGE = "scorm12.js"  # the asset every SCO page includes


@dataclass(frozen=True)
class Sco:
    """One sharable content object: what the LMS launches and what it records."""

    identifier: str  # stable: the LMS keys its records on it
    title: str
    launch: str  # the launch page, a key of ``files``
    files: Mapping[str, bytes]
    mastery_score: int | None = None  # 0-100: passed at or above
    time_limit: int | None = None  # minutes
    language: str = "zh"


def _identifier(text: str) -> str:
    """An XML ID (NCName) from any text."""
    return "OM-" + hashlib.sha256(text.encode()).hexdigest()[:16]


def _duration(minutes: int) -> str:
    """SCORM 1.2 timespan HHHH:MM:SS."""
    return f"{minutes // 60:04d}:{minutes % 60:02d}:00"


def manifest(sco: Sco) -> str:
    """The package's imsmanifest.xml."""
    ident = _identifier(sco.identifier)
    mastery = (
        f"\n        <adlcp:masteryscore>{sco.mastery_score}</adlcp:masteryscore>"
        if sco.mastery_score is not None
        else ""
    )
    limit = (
        f"\n        <adlcp:maxtimeallowed>{_duration(sco.time_limit)}</adlcp:maxtimeallowed>"
        "\n        <adlcp:timelimitaction>continue,message</adlcp:timelimitaction>"
        if sco.time_limit
        else ""
    )
    files = "\n".join(f"      <file href={xml_attr(name)}/>" for name in sorted(sco.files))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{ident}" version="1.0"
    xmlns="{CP_NS}" xmlns:adlcp="{ADLCP_NS}" xmlns:xsi="{XSI}"
    xsi:schemaLocation="{LOCATIONS}">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="{ident}-ORG">
    <organization identifier="{ident}-ORG">
      <title>{xml_text(sco.title)}</title>
      <item identifier="{ident}-ITEM" identifierref="{ident}-RES" isvisible="true">
        <title>{xml_text(sco.title)}</title>{limit}{mastery}
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="{ident}-RES" type="webcontent" adlcp:scormtype="sco"
        href={xml_attr(sco.launch)}>
{files}
    </resource>
  </resources>
</manifest>
"""


def package(sco: Sco) -> bytes:
    """The SCO and its manifest as a deterministic zip, ready to upload to an LMS."""
    return deterministic_zip({**sco.files, "imsmanifest.xml": manifest(sco).encode()})
