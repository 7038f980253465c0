"""IMS QTI 2.1 content package: a zip with ``imsmanifest.xml`` and one item per question.

Layer: render (quiz exports), pure. Single choice and true/false are a
``choiceInteraction``, ordering an ``orderInteraction``. Response processing scores 1
for the correct response and always shows the explanation as modal feedback. The zip
has fixed dates and sorted entries, so the same seed gives the same bytes.
"""

from __future__ import annotations

import hashlib

from generator.quiz.model import AnswerForm, letter
from generator.render.packaging import deterministic_zip
from generator.render.quizformats.common import Kit, Presented, Quiz, category, presented
from generator.render.xmltext import xml_attr, xml_text

NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = f"{NS} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_SCHEMA = f"{CP_NS} http://www.imsglobal.org/xsd/imscp_v1p1.xsd"

_PROCESSING = """  <responseProcessing>
    <responseCondition>
      <responseIf>
        <match><variable identifier="RESPONSE"/><correct identifier="RESPONSE"/></match>
        <setOutcomeValue identifier="SCORE">
          <baseValue baseType="float">1</baseValue>
        </setOutcomeValue>
      </responseIf>
      <responseElse>
        <setOutcomeValue identifier="SCORE">
          <baseValue baseType="float">0</baseValue>
        </setOutcomeValue>
      </responseElse>
    </responseCondition>
    <setOutcomeValue identifier="FEEDBACK">
      <baseValue baseType="identifier">EXPLANATION</baseValue>
    </setOutcomeValue>
  </responseProcessing>"""


def item(p: Presented, kit: Kit, language: str) -> str:
    """One ``assessmentItem`` document."""
    q = p.question
    cardinality = {AnswerForm.ORDERING: "ordered", AnswerForm.MULTIPLE: "multiple"}.get(
        q.form, "single"
    )
    values = "".join(f"<value>{letter(i)}</value>" for i in p.answer)
    feedback = xml_text(f"{q.explanation} {kit.t('quiz_see')}{q.link.text}")
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<assessmentItem xmlns="{NS}" xmlns:xsi="{XSI}" xsi:schemaLocation="{SCHEMA}"',
            f'  identifier="{q.id}" title={xml_attr(q.stem[:200])} adaptive="false"'
            f' timeDependent="false" xml:lang="{language}">',
            f'  <responseDeclaration identifier="RESPONSE" cardinality="{cardinality}"'
            ' baseType="identifier">',
            f"    <correctResponse>{values}</correctResponse>",
            "  </responseDeclaration>",
            '  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float">',
            "    <defaultValue><value>0</value></defaultValue>",
            "  </outcomeDeclaration>",
            '  <outcomeDeclaration identifier="FEEDBACK" cardinality="single"'
            ' baseType="identifier"/>',
            "  <itemBody>",
            *_interaction(p),
            "  </itemBody>",
            _PROCESSING,
            '  <modalFeedback outcomeIdentifier="FEEDBACK" showHide="show"'
            f' identifier="EXPLANATION">{feedback}</modalFeedback>',
            "</assessmentItem>",
            "",
        ]
    )


def _interaction(p: Presented) -> list[str]:
    """The prompt and options: an ``orderInteraction`` or a ``choiceInteraction``."""
    if p.question.form is AnswerForm.ORDERING:
        head = '    <orderInteraction responseIdentifier="RESPONSE" shuffle="true">'
        close = "    </orderInteraction>"
    else:
        most = len(p.options) if p.question.form is AnswerForm.MULTIPLE else 1
        head = (
            '    <choiceInteraction responseIdentifier="RESPONSE" shuffle="false"'
            f' maxChoices="{most}">'
        )
        close = "    </choiceInteraction>"
    choices = [
        f'      <simpleChoice identifier="{letter(i)}">{xml_text(o)}</simpleChoice>'
        for i, o in enumerate(p.options)
    ]
    return [head, f"      <prompt>{xml_text(p.question.stem)}</prompt>", *choices, close]


TEST_HREF = "test.xml"


def assessment_test(quiz: Quiz, kit: Kit, names: list[tuple[str, str]]) -> str:
    """The test: one section per procedure, its time limit, SCORE summed, PASS at the cut.

    ``SCORE`` is out of 100 (each item weighted 100 / count), its ``masteryValue`` and the
    ``PASS`` outcome are the pass mark: the cut score an LMS reports against.
    """
    exam, pass_mark = quiz.exam, quiz.pass_mark or 0
    count = len(names) or 1
    sections: dict[str, list[str]] = {}
    hrefs = dict(names)
    for p in presented(quiz):
        name = category(quiz, p.question, kit.t)
        sections.setdefault(name, []).append(p.question.id)
    body = []
    for n, (title, ids) in enumerate(sections.items(), start=1):
        body.append(
            f'      <assessmentSection identifier="S{n}" title={xml_attr(title)} visible="true">'
        )
        body += [
            f'        <assessmentItemRef identifier="I-{qid}" href="{hrefs[qid]}">'
            f'<weight identifier="W" value="{100 / count:.4f}"/></assessmentItemRef>'
            for qid in ids
        ]
        body.append("      </assessmentSection>")
    limit = f'  <timeLimits maxTime="{exam.time_limit * 60}"/>\n' if exam else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<assessmentTest xmlns="{NS}" xmlns:xsi="{XSI}" xsi:schemaLocation="{SCHEMA}"
  identifier="T-{_digest(names)}" title={xml_attr(quiz.title[:200])}>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"
    normalMaximum="100" masteryValue="{pass_mark}">
    <defaultValue><value>0</value></defaultValue>
  </outcomeDeclaration>
  <outcomeDeclaration identifier="PASS" cardinality="single" baseType="boolean">
    <defaultValue><value>false</value></defaultValue>
  </outcomeDeclaration>
{limit}  <testPart identifier="P1" navigationMode="nonlinear" submissionMode="simultaneous">
{chr(10).join(body)}
  </testPart>
  <outcomeProcessing>
    <setOutcomeValue identifier="SCORE">
      <sum><testVariables variableIdentifier="SCORE" weightIdentifier="W"/></sum>
    </setOutcomeValue>
    <setOutcomeValue identifier="PASS">
      <gte><variable identifier="SCORE"/><baseValue baseType="float">{pass_mark}</baseValue></gte>
    </setOutcomeValue>
  </outcomeProcessing>
</assessmentTest>
"""


def manifest(quiz: Quiz, names: list[tuple[str, str]], test: bool = False) -> str:
    """``imsmanifest.xml`` listing every item, and the test when there is one, as resources."""
    resources = "\n".join(
        f'    <resource identifier="R-{qid}" type="imsqti_item_xmlv2p1" href="{href}">\n'
        f'      <file href="{href}"/>\n'
        "    </resource>"
        for qid, href in names
    )
    if test:
        deps = "".join(f'\n      <dependency identifierref="R-{qid}"/>' for qid, _h in names)
        resources = (
            f'    <resource identifier="R-test" type="imsqti_test_xmlv2p1" href="{TEST_HREF}">\n'
            f'      <file href="{TEST_HREF}"/>{deps}\n'
            "    </resource>\n" + resources
        )
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<manifest xmlns="{CP_NS}" xmlns:xsi="{XSI}" xsi:schemaLocation="{CP_SCHEMA}"'
            f' identifier="M-{_digest(names)}">',
            "  <metadata>",
            "    <schema>QTIv2.1 Package</schema>",
            "    <schemaversion>1.0.0</schemaversion>",
            "  </metadata>",
            "  <organizations/>",
            "  <resources>",
            resources,
            "  </resources>",
            "</manifest>",
            "",
        ]
    )


def _digest(names: list[tuple[str, str]]) -> str:
    return hashlib.sha256(" ".join(qid for qid, _h in names).encode()).hexdigest()[:16]


def export(quiz: Quiz, kit: Kit) -> dict[str, bytes]:
    """The quiz as a QTI 2.1 content package."""
    files, names = {}, []
    for p in presented(quiz):
        href = f"items/{p.question.id}.xml"
        files[href] = item(p, kit, quiz.language)
        names.append((p.question.id, href))
    test = quiz.pass_mark is not None
    if test:
        files[TEST_HREF] = assessment_test(quiz, kit, names)
    files["imsmanifest.xml"] = manifest(quiz, names, test)
    return {".qti.zip": deterministic_zip({k: v.encode() for k, v in files.items()})}
