"""The small English manual the rule and loader tests edit, as inline YAML of their own.

Each test changes a few lines of these files and asserts the exact code and place of
what the rules find; the line numbers are this module's, so the starter manual that
``opsmanual init`` ships can change without breaking them.
"""

from __future__ import annotations

MKDOCS = """\
site_name: Rules test manual
docs_dir: site
theme: {name: material}
markdown_extensions: [attr_list, toc]
extra_css: [assets/opsmanual.css, assets/quiz.css]
extra_javascript: [assets/quiz.js, assets/opsmanual.js]
"""

OPSMANUAL = """\
# yaml-language-server: $schema=schema/settings.schema.json
# Settings of the opsmanual generator (see `opsmanual schema`).
language: en            # UI language of the generated site: zh | en
organisation: Example Bank
compliance_team: "@example-bank/compliance"
"""

ROLES_TELLER = """\
# yaml-language-server: $schema=../schema/role.schema.json
id: teller
name: Teller
department: Branch
summary: Receives applications and verifies identity at the counter.
responsibilities: [Teller duties as described in the procedures]
"""

ROLES_REVIEWER = """\
# yaml-language-server: $schema=../schema/role.schema.json
id: reviewer
name: Second reviewer
department: Branch
summary: Re-checks the teller's work independently (maker-checker).
responsibilities: [Second reviewer duties as described in the procedures]
"""

ROLES_BRANCH_MANAGER = """\
# yaml-language-server: $schema=../schema/role.schema.json
id: branch-manager
name: Branch manager
department: Branch
summary: Accountable for the branch's compliance with the manual.
responsibilities: [Branch manager duties as described in the procedures]
review_team: "@example-bank/branch-operations"
"""

ROLES_CUSTOMER = """\
# yaml-language-server: $schema=../schema/role.schema.json
id: customer
name: Customer
kind: customer
summary: The person who applies for the account.
"""

CONTROLS_CONTROLS = """\
# yaml-language-server: $schema=../schema/controls.schema.json
risks:
  - id: identity-fraud
    code: R-01
    title: Account opened under a false identity
    category: Fraud
    rating: high
    owner: branch-manager
    description: Forged or borrowed identity documents are used to open an account.
controls:
  - id: identity-verification
    code: CP-01
    title: Identity verification
    objective: Confirm the customer's identity against the official ID database.
    type: preventive
    automation: hybrid
    key: true
    owner: branch-manager
    risks: [identity-fraud]
    evidence: ID database check result
    frequency: Every application
  - id: document-check
    code: CP-02
    title: Document completeness check
    objective: Make sure the application and documents are complete before processing.
    type: preventive
    automation: manual
    owner: branch-manager
    risks: [identity-fraud]
    evidence: Ticked checklist
  - id: dual-review
    code: CP-03
    title: Dual review
    objective: A second person re-checks the key data entered by the first.
    type: detective
    automation: hybrid
    key: true
    owner: branch-manager
    risks: [identity-fraud]
    evidence: System log with two user ids
"""

PROCEDURES_ACCOUNT_OPENING = """\
# yaml-language-server: $schema=../schema/procedure.schema.json
id: account-opening
title: Open a personal account
category: Accounts
summary: Open a personal account for a verified customer.
owner: branch-manager
version: 1.0.0
effective: 2026-12-01
review:
  cycle_months: 12
  last_reviewed: 2026-11-16
  approver: branch-manager
trigger: A customer asks to open an account at the counter.
steps:
  - id: receive-application
    title: Receive the application
    owner: teller
    informed: [customer]
    controls: [document-check]
    records: [Account application form]
    sla: On the spot
    instructions: |
      Check that the form is complete and signed, and that the ID is valid.
  - id: documents-complete
    kind: decision
    title: Documents complete?
    owner: teller
    controls: [document-check]
    branches:
      - when: "Yes"
        next: verify-identity
      - when: "No"
        next: returned
  - id: verify-identity
    title: Verify identity
    owner: teller
    controls: [identity-verification]
  - id: second-review
    title: Second review
    owner: reviewer
    checks: verify-identity
    controls: [dual-review]
    next: opened
  - id: opened
    kind: end
    title: Account opened
  - id: returned
    kind: end
    title: Application returned
history:
  - version: 1.0.0
    date: 2026-11-16
    summary: First release
    approved_by: branch-manager
"""

FAQ_ACCOUNTS = """\
# yaml-language-server: $schema=../schema/faq.schema.json
topic: Accounts
entries:
  - id: expired-id
    question: Can a customer open an account with an expired ID card?
    answer: No. The customer must present a valid ID.
    refs: [account-opening#receive-application]
    roles: [teller]
    quiz:
      correct: No, a valid ID is required
      distractors:
        - Yes, if the customer signs a declaration
        - Yes, with the manager's approval
"""

#: path in the manual → text
FILES: dict[str, str] = {
    "mkdocs.yml": MKDOCS,
    "opsmanual.yml": OPSMANUAL,
    "roles/teller.yml": ROLES_TELLER,
    "roles/reviewer.yml": ROLES_REVIEWER,
    "roles/branch-manager.yml": ROLES_BRANCH_MANAGER,
    "roles/customer.yml": ROLES_CUSTOMER,
    "controls/controls.yml": CONTROLS_CONTROLS,
    "procedures/account-opening.yml": PROCEDURES_ACCOUNT_OPENING,
    "faq/accounts.yml": FAQ_ACCOUNTS,
}
