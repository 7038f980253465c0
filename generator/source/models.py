"""The source format as frozen pydantic models: the contract with manual authors.

Layer: source. One module, over 300 lines, because it is one contract: the whole source
format, read by authors' editors as the JSON Schemas. Every model is frozen and
forbids unknown fields, and every field carries a description so that the JSON
Schemas written by ``opsmanual schema`` explain themselves in the editor.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
STEP_REF_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*#[a-z][a-z0-9]*(-[a-z0-9]+)*$"
VERSION_PATTERN = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"
# A CODEOWNERS owner: @user, @org/team or an e-mail address; one token, so a review team
# cannot add lines or owners to .github/CODEOWNERS.
TEAM_PATTERN = r"^(@[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:/[A-Za-z0-9._-]+)?|[^@\s#]+@[^@\s#]+\.[^@\s#]+)$"

#: names Windows gives no file, whatever its extension; an id becomes a file or folder name
RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


def not_reserved(value: str) -> str:
    """Refuse an id that no file may be named after on some platform (``con``, ``nul``…)."""
    if value in RESERVED_NAMES:
        raise PydanticCustomError("reserved_name", "reserved file name", {"value": value})
    return value


Id = Annotated[
    str, StringConstraints(pattern=ID_PATTERN, max_length=64), AfterValidator(not_reserved)
]
StepRef = Annotated[str, StringConstraints(pattern=STEP_REF_PATTERN, max_length=129)]
Version = Annotated[str, StringConstraints(pattern=VERSION_PATTERN)]
Team = Annotated[str, StringConstraints(pattern=TEAM_PATTERN, max_length=200)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Markdown = Annotated[str, StringConstraints(min_length=1, max_length=20000)]
# A provenance tag: [CODE rest] or [CODE:ident rest], e.g. [ADD], [S0 §3.1], [REG:AML2024 §16]
SOURCE_TAG = re.compile(
    r"^\[(?P<code>[A-Z][A-Z0-9]*)(?::(?P<ident>[\w.-]+))?(?P<rest>(?:\s[^\]]*)?)\]$"
)
# The question types of the quiz (generator.quiz.model.QuestionType), as an exam blueprint
# names them; a test keeps the two lists equal.
QuestionKind = Literal[
    "responsible", "accountable", "control", "risk", "evidence", "next", "branch", "order",
    "truefalse", "faq", "rule", "number", "scenario", "multi",
]  # fmt: skip


class Model(BaseModel):
    """Base of every source model: frozen, unknown fields rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


class StepKind(StrEnum):
    """What a step is; decides its shape in the flowchart and its required fields."""

    TASK = "task"
    DECISION = "decision"
    SUBPROCESS = "subprocess"
    END = "end"


class Status(StrEnum):
    """Publication status of a procedure."""

    DRAFT = "draft"
    ACTIVE = "active"
    RETIRED = "retired"


class RoleKind(StrEnum):
    """Whether a role is bank staff, the customer side, or an outside party."""

    STAFF = "staff"
    CUSTOMER = "customer"
    EXTERNAL = "external"


class Rating(StrEnum):
    """Inherent risk rating."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class ControlType(StrEnum):
    """Nature of a control."""

    PREVENTIVE = "preventive"
    DETECTIVE = "detective"
    CORRECTIVE = "corrective"


class Automation(StrEnum):
    """How a control is performed."""

    MANUAL = "manual"
    AUTOMATED = "automated"
    HYBRID = "hybrid"


class Branch(Model):
    """One outgoing branch of a decision step."""

    when: Text = Field(description="Plain-text condition shown on the arrow, e.g. 齐全 / 不齐全.")
    next: Id = Field(description="Id of the step this branch leads to (same procedure).")


class Step(Model):
    """One step of a procedure: a task, a decision, a call of another procedure, or an end."""

    id: Id = Field(description="Step id, unique within the procedure; the page anchor.")
    kind: StepKind = Field(
        StepKind.TASK, description="task (default) | decision | subprocess | end."
    )
    title: Text = Field(description="Plain-text title shown in the flowchart and the step list.")
    owner: Id | None = Field(
        None, description="R: the role that performs the step and whose lane it sits in."
    )
    accountable: Id | None = Field(
        None, description="A: staff role accountable for the step; defaults to the procedure owner."
    )
    consulted: tuple[Id, ...] = Field(
        (), description="C: roles consulted before or during the step."
    )
    informed: tuple[Id, ...] = Field((), description="I: roles informed of the outcome.")
    controls: tuple[Id, ...] = Field((), description="Control ids applied at this step.")
    control_waiver: Text | None = Field(
        None, description="Reason why the step carries no control (instead of `controls`)."
    )
    checks: Id | None = Field(
        None,
        description="Maker-checker: id of the step this step reviews; owners must differ (SoD).",
    )
    records: tuple[Text, ...] = Field((), description="Forms and records produced or kept.")
    sla: Text | None = Field(None, description="Plain-text time limit, e.g. 当场 or ≤ 30 分钟.")
    instructions: Markdown | None = Field(None, description="Markdown: how to perform the step.")
    next: Id | None = Field(
        None, description="Following step (task/subprocess); defaults to the next one listed."
    )
    branches: tuple[Branch, ...] = Field((), description="Decision branches (decision steps only).")
    procedure: Id | None = Field(None, description="Called procedure (subprocess steps only).")
    sources: tuple[Text, ...] = Field(
        (), description="Provenance tags, e.g. [S0 §3.1.2], [ADD], [REG:AML2024]."
    )
    standing: bool = Field(
        False,
        description="A standing activity (done continuously or on a cycle, not after the step "
        "before it): no 'next step' question is asked about it.",
    )
    facts: tuple[Fact, ...] = Field((), description="Rules and figures staff must know here.")
    cases: tuple[Case, ...] = Field((), description="Situations met here and what to do.")


class Fact(Model):
    """A rule or figure staff must know at a step: a true/false and, with a value, a number."""

    statement: Text = Field(
        description="Plain text: the rule as it stands, e.g. 客户身份资料至少保存10年。"
    )
    value: Text | None = Field(
        None,
        description="The figure inside the statement, written exactly as there (e.g. 10年): "
        "asked as a number question; wrong values are derived from it unless given.",
    )
    false_statement: Text | None = Field(
        None,
        description="Plain text: the common mistake, stated as a false variant of the rule; "
        "without it, a fact with a value is falsified by a derived wrong figure.",
    )
    wrong_values: tuple[Text, ...] = Field(
        (), description="Plausible wrong figures for the number question (default: derived)."
    )
    source: Text = Field(
        description="Provenance tag of the rule, e.g. [REG:AML2024] or [ADD] (本行标准); a code "
        "of opsmanual.yml `sources`. A figure still to verify is never stated as a fact."
    )


class Case(Model):
    """A situation met at a step, the right action, and the wrong actions people take."""

    situation: Text = Field(description="Plain text: what the staff member faces.")
    right: Text = Field(description="Plain text: the right action.")
    wrong: tuple[Text, ...] = Field(
        min_length=2, description="Plain text: wrong actions people take (at least two)."
    )
    why: Text | None = Field(None, description="Plain text: why the right action is right.")
    source: Text = Field(description="Provenance tag of the rule the case applies, e.g. [ADD].")


class Sequence(Model):
    """A sequence of steps the procedure declares, trained as an ordering question."""

    title: Text | None = Field(None, description="Plain text: what the sequence is.")
    steps: tuple[Id, ...] = Field(
        min_length=3, description="Step ids of this procedure in the order they are done."
    )
    source: Text | None = Field(None, description="Provenance tag of the sequence.")


class ExamBlueprint(Model):
    """The exam of one role: what it covers, with which weights, and the pass mark."""

    role: Id = Field(description="Role the exam certifies.")
    title: Text | None = Field(None, description="Plain text: the exam's name.")
    count: int = Field(ge=1, le=200, description="Number of questions.")
    pass_mark: int = Field(ge=1, le=100, description="Points out of 100 needed to pass.")
    time_limit: int = Field(ge=1, le=600, description="Time limit in minutes.")
    procedures: dict[Id, int] = Field(
        min_length=1,
        description="Weight in percent of each procedure (procedure id → weight); the "
        "weights add up to 100.",
    )
    types: dict[QuestionKind, int] = Field(
        default_factory=dict,
        description="Weight in percent of each question type (e.g. rule, scenario, multi); "
        "when given, the weights add up to 100.",
    )
    source: Text | None = Field(None, description="Provenance tag of the blueprint.")


class Review(Model):
    """When the procedure was last reviewed, by whom, and how often it must be."""

    cycle_months: int = Field(ge=1, le=36, description="Months between reviews (1..36).")
    last_reviewed: dt.date = Field(description="Date of the last review (YYYY-MM-DD).")
    approver: Id = Field(description="Role that approved the current version.")


class HistoryEntry(Model):
    """One released version of a procedure."""

    version: Version = Field(description="MAJOR.MINOR.PATCH of this release.")
    date: dt.date = Field(description="Approval date of this release (YYYY-MM-DD).")
    summary: Text = Field(description="Plain-text summary of what changed.")
    approved_by: Id = Field(description="Role that approved this release.")
    details: Markdown | None = Field(
        None, description="Markdown: what changed in detail, why, and who must be retrained."
    )


class Exception_(Model):
    """A documented exception path that is handled inside the steps (agent, minors, …)."""

    title: Text = Field(description="Plain-text name of the exceptional case.")
    description: Markdown = Field(description="Markdown: how the case is handled.")


class Procedure(Model):
    """A procedure: ordered steps with owners, controls and decisions."""

    id: Id = Field(description="Procedure id; equals the file name without .yml.")
    title: Text = Field(description="Plain-text title.")
    category: Text | None = Field(None, description="Groups procedures in the navigation.")
    summary: Markdown = Field(description="Markdown: what the procedure achieves.")
    owner: Id = Field(description="Role accountable for the whole procedure.")
    version: Version = Field(description="MAJOR.MINOR.PATCH; bump on every change.")
    status: Status = Field(Status.ACTIVE, description="draft | active | retired.")
    effective: dt.date = Field(description="Date the current version takes effect.")
    review: Review = Field(description="Review cycle and approval of the current version.")
    trigger: Text = Field(description="Plain text: what starts the procedure.")
    scope: Markdown | None = Field(None, description="Markdown: where the procedure applies.")
    preconditions: tuple[Text, ...] = Field((), description="What must hold before starting.")
    regulations: tuple[Text, ...] = Field((), description="Regulations the procedure implements.")
    steps: tuple[Step, ...] = Field(min_length=1, description="Steps in order; the first starts.")
    exceptions: tuple[Exception_, ...] = Field((), description="Documented exception cases.")
    sources: tuple[Text, ...] = Field((), description="Provenance tags of the procedure.")
    history: tuple[HistoryEntry, ...] = Field(
        min_length=1, description="Released versions, newest first."
    )
    sequences: tuple[Sequence, ...] = Field(
        (), description="Sequences of steps trained as ordering questions."
    )
    exams: tuple[ExamBlueprint, ...] = Field(
        (), description="Exam blueprints per role (usually in the training procedure)."
    )


class Role(Model):
    """A role that performs, approves, is consulted on or informed of steps."""

    id: Id = Field(description="Role id; equals the file name without .yml.")
    name: Text = Field(description="Plain-text display name.")
    department: Text | None = Field(None, description="Department the role belongs to.")
    kind: RoleKind = Field(RoleKind.STAFF, description="staff | customer | external.")
    summary: Markdown | None = Field(None, description="Markdown: who the role is.")
    responsibilities: tuple[Text, ...] = Field((), description="What the role is responsible for.")
    qualifications: tuple[Text, ...] = Field((), description="上岗资质: what the role must hold.")
    review_team: Team | None = Field(
        None,
        description="Code-review team for procedures this role owns: @org/team, @user or an "
        "e-mail address, e.g. @bank/ops.",
    )


class Indicator(Model):
    """A key risk indicator (KRI) of a risk, with the value at which it calls for action."""

    name: Text = Field(description="Plain text: what is measured, e.g. 联网核查结果不一致的次数.")
    threshold: Text = Field(
        description="Plain text: the value that triggers escalation, e.g. 每月 > 5 次 or ≥ 95%."
    )


class Risk(Model):
    """A risk of the risk register."""

    id: Id = Field(description="Risk id, unique across the manual.")
    code: Text | None = Field(None, description="Short display code, e.g. R-01.")
    title: Text = Field(description="Plain-text title.")
    category: Text | None = Field(None, description="Risk category, e.g. 合规风险.")
    rating: Rating = Field(description="high | medium | low (inherent: before controls).")
    residual: Rating | None = Field(
        None, description="high | medium | low: the rating left once the controls operate."
    )
    owner: Id | None = Field(None, description="Role that owns the risk.")
    description: Markdown | None = Field(None, description="Markdown: causes and consequences.")
    response: Markdown | None = Field(
        None, description="Markdown: the response strategy, what the bank does about this risk."
    )
    indicators: tuple[Indicator, ...] = Field(
        (), description="Key risk indicators (KRIs), each with its escalation threshold."
    )
    sources: tuple[Text, ...] = Field((), description="Provenance tags.")


class Control(Model):
    """A control point (控制点) applied at steps to mitigate risks."""

    id: Id = Field(description="Control id, unique across the manual.")
    code: Text | None = Field(None, description="Short display code for charts, e.g. CP-01.")
    title: Text = Field(description="Plain-text title.")
    objective: Markdown = Field(description="Markdown: what the control achieves.")
    type: ControlType = Field(description="preventive | detective | corrective.")
    automation: Automation = Field(description="manual | automated | hybrid.")
    key: bool = Field(False, description="Key control (关键控制点): must be applied somewhere.")
    owner: Id = Field(description="Role that owns the control.")
    risks: tuple[Id, ...] = Field(min_length=1, description="Risks the control mitigates.")
    evidence: Text = Field(description="What proves the control was performed.")
    design_evidence: Text | None = Field(
        None,
        description="What the control owner keeps to prove the control is designed (e.g. "
        "脱敏配置记录, 档案保管期限表): shown on the owner's checklist, never on the sheet of "
        "the staff who perform the steps.",
    )
    frequency: Text | None = Field(None, description="How often it operates.")
    sources: tuple[Text, ...] = Field((), description="Provenance tags.")


class ControlCatalogue(Model):
    """One file of controls/: any number of risks and controls."""

    risks: tuple[Risk, ...] = Field((), description="Risks defined in this file.")
    controls: tuple[Control, ...] = Field((), description="Controls defined in this file.")


class QuizItem(Model):
    """An authored quiz question attached to a FAQ entry."""

    question: Text | None = Field(
        None,
        description="The question as the quiz asks it, when the FAQ's own question does not "
        "fit the options (e.g. a 'why' question answered with a number); default: the FAQ's.",
    )
    correct: Text = Field(description="The correct answer.")
    distractors: tuple[Text, ...] = Field(min_length=2, description="At least two wrong answers.")


class FaqEntry(Model):
    """A question and its answer."""

    id: Id = Field(description="Entry id, unique across the manual.")
    question: Text = Field(description="Plain-text question.")
    answer: Markdown = Field(description="Markdown answer.")
    refs: tuple[StepRef, ...] = Field((), description="Steps concerned, as procedure-id#step-id.")
    roles: tuple[Id, ...] = Field((), description="Audience roles.")
    quiz: QuizItem | None = Field(None, description="Optional: turns the entry into a question.")
    sources: tuple[Text, ...] = Field((), description="Provenance tags.")


class FaqTopic(Model):
    """One FAQ topic file."""

    id: Id | None = Field(None, description="Topic id; defaults to the file name without .yml.")
    topic: Text = Field(description="Plain-text topic title.")
    entries: tuple[FaqEntry, ...] = Field(min_length=1, description="Questions of the topic.")


class Language(StrEnum):
    """UI language of the generated site."""

    ZH = "zh"
    EN = "en"


class RegulationStatus(StrEnum):
    """Whether a regulation (or a source) is in force."""

    IN_FORCE = "in-force"
    REPEALED = "repealed"
    NOT_IN_FORCE = "not-in-force"


CitationId = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=64)
]


class Regulation(Model):
    """A law, rule or notice the manual cites: ``[REG:CDD2025 §5]``, or in ``regulations:``."""

    id: CitationId = Field(
        description="What citations name, e.g. CDD2025 in [REG:CDD2025 §5]; also the anchor "
        "reg-<id> of the regulations page."
    )
    short: Text = Field(description="Short name shown in citations, e.g. 《反洗钱法》.")
    title: Text = Field(
        description="Full title, shown on hover and on the regulations page; a procedure's "
        "`regulations:` may name it by this title, e.g. 《中华人民共和国反洗钱法》."
    )
    issuer: Text | None = Field(None, description="Issuing body (发文机关).")
    number: Text | None = Field(None, description="Document number or how it was issued (文号).")
    effective: dt.date | None = Field(None, description="Date it took effect (YYYY-MM-DD).")
    effective_note: Text | None = Field(
        None, description="When there is no single date: e.g. 2019年起分步实施, 现行有效."
    )
    status: RegulationStatus = Field(
        RegulationStatus.IN_FORCE, description="in-force (default) | repealed | not-in-force."
    )
    requirements: Markdown | None = Field(
        None, description="Markdown: the requirements of it that the manual applies."
    )
    note: Text | None = Field(None, description="Plain text, e.g. why it is no longer in force.")


class SourceLabel(Model):
    """How readers see a provenance tag's code (``ADD`` in ``[ADD]``, ``S2`` in ``[S2 §4]``)."""

    label: Text = Field(description="What readers see instead of the code, e.g. 本行标准.")
    title: Text | None = Field(
        None, description="Full title, shown on hover and on the regulations page."
    )
    issuer: Text | None = Field(None, description="Who issued it (发文机关), or what it is.")
    status: RegulationStatus | None = Field(
        None, description="in-force | repealed | not-in-force, where it applies."
    )
    note: Text | None = Field(None, description="Plain text shown with it on the regulations page.")
    regulations: bool = Field(
        False,
        description="What follows the colon is the id of an entry of `regulations`: [REG:ATF §16] "
        "shows as that entry's short name followed by §16; an id not listed is E024.",
    )
    page: (
        Annotated[str, StringConstraints(pattern=r"^[\w./-]+\.md(#[\w-]*(\{ident\})?[\w-]*)?$")]
        | None
    ) = Field(
        None,
        description="Page of the site that explains these sources, e.g. "
        "guide/regulations.md (a hand-written page of templates/pages appears under "
        "guide/); in the anchor {ident} stands for what follows the colon, so "
        "guide/regulations.md#reg-{ident} links [REG:ACCT] to the anchor reg-ACCT.",
    )


class TrainingSettings(Model):
    """What the training section of the site publishes."""

    trainer_pages: bool = Field(
        False,
        description="Publish the trainer pages (answer keys and LMS exports) in the site; "
        "leave false for the staff site and build a separate trainer site with true.",
    )


class Settings(Model):
    """opsmanual.yml: the generator's own settings."""

    language: Language = Field(Language.ZH, description="UI language: zh | en.")
    organisation: Text | None = Field(None, description="Name of the organisation.")
    compliance_team: Team | None = Field(
        None,
        description="Code-review team that reviews every procedure and control change: "
        "@org/team, @user or an e-mail address.",
    )
    due_soon_days: int = Field(30, ge=1, le=365, description="Days ahead a review counts as due.")
    sources: dict[Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*$")], SourceLabel] = (
        Field(
            default_factory=dict,
            description="Provenance codes as readers should see them: [S2 §4.1] shows as the "
            "label of S2 followed by §4.1, linked to its page. Codes not listed show as written.",
        )
    )
    training: TrainingSettings = Field(
        default_factory=TrainingSettings, description="Training section of the site."
    )
    regulations: tuple[Regulation, ...] = Field(
        (),
        description="The laws, rules and notices the manual cites, by id: in provenance tags "
        "of a code with `regulations: true` ([REG:CDD2025]) and, by id or full title, in "
        "procedures' `regulations:`. The regulations page is generated from them.",
    )
