"""The core's refusals and findings about trust, in the station's language: the rule book
(DESIGN §3.4: who may do what, four eyes), the clock guard, and what an audit check names.

``appraisal_text`` appends these to its table; the group names are the parts of a message
it renders (``who`` a list of roles, ``role`` and ``state`` stored codes, the rest as is).
Context "core", like the rest of that table.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

# The role phrases of ``rules._WHO``, joined by " or " in a refusal.
ROLE_PHRASES = {
    "an appraiser": QT_TRANSLATE_NOOP("core", "an appraiser"),
    "a supervisor": QT_TRANSLATE_NOOP("core", "a supervisor"),
    "an administrator": QT_TRANSLATE_NOOP("core", "an administrator"),
}
_OR = QT_TRANSLATE_NOOP("core", " or ")


def roles_needed(text: str) -> str:
    """ "an appraiser or a supervisor" in the station's language."""
    parts = [ROLE_PHRASES.get(p.strip(), p.strip()) for p in text.split(" or ")]
    joiner = QCoreApplication.translate("core", _OR)
    return joiner.join(QCoreApplication.translate("core", p) for p in parts)


_UID = r"(?P<uid>[A-Z0-9][A-Z0-9-]*)"

PATTERNS: tuple[tuple[str, str], ...] = (
    # -- the rule book (appraiser/services/admin/rules.py) -------------------------------------
    (
        r"^Sign in first: this needs (?P<who>.+)\.$",
        QT_TRANSLATE_NOOP("core", "Sign in first: this needs {who}."),
    ),
    (
        r"^(?P<user>.+) \((?P<role>appraiser|supervisor|admin)\) may not do this: "
        r"it needs (?P<who>.+)\.$",
        QT_TRANSLATE_NOOP("core", "{user} ({role}) may not do this: it needs {who}."),
    ),
    (r"^Ask (?P<who>.+)\.$", QT_TRANSLATE_NOOP("core", "Ask {who}.")),  # role refusal hint
    # -- four eyes: amendments, reviews, labels --------------------------------------------
    (
        r"^You signed this verdict: you cannot amend your own; another supervisor must\.$",
        QT_TRANSLATE_NOOP(
            "core", "You signed this verdict: you cannot amend your own; another supervisor must."
        ),
    ),
    (
        rf"^Appraisal {_UID} is awaiting blind review: the review decides it, not an "
        r"amendment\.$",
        QT_TRANSLATE_NOOP(
            "core",
            "Appraisal {uid} is awaiting blind review: the review decides it, not an amendment.",
        ),
    ),
    (
        r"^There is no signed verdict to amend\.$",
        QT_TRANSLATE_NOOP("core", "There is no signed verdict to amend."),
    ),
    (
        r"^An amendment needs a reason\.$",
        QT_TRANSLATE_NOOP("core", "An amendment needs a reason."),
    ),
    (
        r"^This appraisal is signed; change it with an amendment\.$",
        QT_TRANSLATE_NOOP("core", "This appraisal is signed; change it with an amendment."),
    ),
    (
        rf"^Appraisal {_UID} has no signed verdict\.$",
        QT_TRANSLATE_NOOP("core", "Appraisal {uid} has no signed verdict."),
    ),
    (
        r"^A second appraiser or a supervisor must review this item\.$",
        QT_TRANSLATE_NOOP("core", "A second appraiser or a supervisor must review this item."),
    ),
    (
        r"^Only the appraiser who holds this item can sign it\.$",
        QT_TRANSLATE_NOOP("core", "Only the appraiser who holds this item can sign it."),
    ),
    (
        rf"^Appraisal {_UID} is in blind review: it gets no label until the review ends\.$",
        QT_TRANSLATE_NOOP(
            "core", "Appraisal {uid} is in blind review: it gets no label until the review ends."
        ),
    ),
    (
        rf"^Only the appraiser who signed the genuine verdict of {_UID}, or a supervisor, may "
        r"issue or first print its label\.$",
        QT_TRANSLATE_NOOP(
            "core",
            "Only the appraiser who signed the genuine verdict of {uid}, or a supervisor, "
            "may issue or first print its label.",
        ),
    ),
    (
        r"^A reprint needs a supervisor's approval\.$",
        QT_TRANSLATE_NOOP("core", "A reprint needs a supervisor's approval."),
    ),
    (
        r"^A void needs a supervisor's approval\.$",
        QT_TRANSLATE_NOOP("core", "A void needs a supervisor's approval."),
    ),
    (
        r"^(?P<user>.+) cannot approve their own reprint request: another supervisor must "
        r"approve it \(four eyes\)\.$",
        QT_TRANSLATE_NOOP(
            "core",
            "{user} cannot approve their own reprint request: another supervisor must "
            "approve it (four eyes).",
        ),
    ),
    (
        r"^(?P<user>.+) cannot approve their own void request: another supervisor must "
        r"approve it \(four eyes\)\.$",
        QT_TRANSLATE_NOOP(
            "core",
            "{user} cannot approve their own void request: another supervisor must "
            "approve it (four eyes).",
        ),
    ),
    # -- a pending lot's category at intake (appraiser/services/lots/category_choice.py) -----
    (
        rf"^Line {_UID} is (?P<known>\w+) \(the line's category\); it cannot be confirmed "
        r"as (?P<chosen>\w+)\.$",
        QT_TRANSLATE_NOOP(
            "core",
            "Line {uid} is {known} (the line's category); it cannot be confirmed as {chosen}.",
        ),
    ),
    (
        rf"^Line {_UID} is (?P<known>\w+) \(its GTIN's category in the library\); it cannot "
        r"be confirmed as (?P<chosen>\w+)\.$",
        QT_TRANSLATE_NOOP(
            "core",
            "Line {uid} is {known} (its GTIN's category in the library); it cannot be "
            "confirmed as {chosen}.",
        ),
    ),
    (r"^Choose (?P<known>\w+)\.$", QT_TRANSLATE_NOOP("core", "Choose {known}.")),
    (
        r"^(?P<chosen>\w+) is inspected less strictly than other categories, and nothing names "
        rf"line {_UID}'s category: a supervisor must confirm it as (?P=chosen)\.$",
        QT_TRANSLATE_NOOP(
            "core",
            "{chosen} is inspected less strictly than other categories, and nothing names "
            "line {uid}'s category: a supervisor must confirm it as {chosen}.",
        ),
    ),
    (
        r"^A supervisor confirms it, or choose one of: (?P<choices>[\w, ]+)\.$",
        QT_TRANSLATE_NOOP("core", "A supervisor confirms it, or choose one of: {choices}."),
    ),
    # -- who may do it instead, after a four-eyes refusal (rules.four_eyes_hint) -------------
    (
        r"^Another supervisor must do this\.$",
        QT_TRANSLATE_NOOP("core", "Another supervisor must do this."),
    ),
    (
        r"^Another appraiser or supervisor must do this\.$",
        QT_TRANSLATE_NOOP("core", "Another appraiser or supervisor must do this."),
    ),
    (
        r"^Another supervisor or administrator must do this\.$",
        QT_TRANSLATE_NOOP("core", "Another supervisor or administrator must do this."),
    ),
    (
        r"^Another administrator must do this\.$",
        QT_TRANSLATE_NOOP("core", "Another administrator must do this."),
    ),
    # -- a label that cannot be printed (label_printing, labels) ----------------------------
    (
        r"^Label (?P<serial>\S+) is (?P<state>\w+); a label prints once\. "
        r"Ask a supervisor for a reprint\.$",
        QT_TRANSLATE_NOOP(
            "core",
            "Label {serial} is {state}; a label prints once. Ask a supervisor for a reprint.",
        ),
    ),
    (
        r"^Label (?P<serial>\S+) is already (?P<state>\w+)\.$",
        QT_TRANSLATE_NOOP("core", "Label {serial} is already {state}."),
    ),
    (
        r"^There are no labels to print\.$",
        QT_TRANSLATE_NOOP("core", "There are no labels to print."),
    ),
    (
        rf"^Appraisal {_UID} is (?P<state>\w+); it can no longer be changed\.$",
        QT_TRANSLATE_NOOP("core", "Appraisal {uid} is {state}; it can no longer be changed."),
    ),
    (
        r"^This case has a signed verdict; it can only be finished\.$",
        QT_TRANSLATE_NOOP("core", "This case has a signed verdict; it can only be finished."),
    ),
    (
        r"^Abandoning an appraisal needs a reason\.$",
        QT_TRANSLATE_NOOP("core", "Abandoning an appraisal needs a reason."),
    ),
    # -- the clock guard (appraiser/services/admin/clock_guard.py) ---------------------------
    (
        r"^The station clock reads (?P<now>.+) but the last recorded event is (?P<newest>.+); "
        r"an administrator must confirm the clock\.$",
        QT_TRANSLATE_NOOP(
            "core",
            "The station clock reads {now} but the last recorded event is {newest}; "
            "an administrator must confirm the clock.",
        ),
    ),
    (
        r"^Check the date and time of this computer; an administrator confirms the clock in "
        r"Settings \(Confirm clock\) or with: appraiser accounts confirm-clock --user ADMIN\.$",
        QT_TRANSLATE_NOOP(
            "core",
            "Check the date and time of this computer; an administrator confirms the "
            "clock in Settings (Confirm clock) or with: appraiser accounts confirm-clock "
            "--user ADMIN.",
        ),
    ),
    # -- what an audit check names (appraiser/storage/audit.py, checkpoint_verify.py) -------
    (
        r"^trigger (?P<name>\w+) is missing$",
        QT_TRANSLATE_NOOP("core", "trigger {name} is missing"),
    ),
    (
        r"^trigger (?P<name>\w+) was altered$",
        QT_TRANSLATE_NOOP("core", "trigger {name} was altered"),
    ),
    (
        r"^trigger (?P<name>\w+) was added outside the app$",
        QT_TRANSLATE_NOOP("core", "trigger {name} was added outside the app"),
    ),
    (
        r"^audit event (?P<n>\d+) is missing \(next is (?P<m>\d+)\)$",
        QT_TRANSLATE_NOOP("core", "audit event {n} is missing (next is {m})"),
    ),
    (
        r"^audit event (?P<n>\d+): link to event (?P<m>\d+) is broken$",
        QT_TRANSLATE_NOOP("core", "audit event {n}: link to event {m} is broken"),
    ),
    (
        r"^audit event (?P<n>\d+) \((?P<action>[\w.]+)\) was altered$",
        QT_TRANSLATE_NOOP("core", "audit event {n} ({action}) was altered"),
    ),
    (
        r"^(?P<table>\w+) row (?P<key>\S+) has no audit event \(added outside the app\?\)$",
        QT_TRANSLATE_NOOP("core", "{table} row {key} has no audit event (added outside the app?)"),
    ),
    (
        r"^(?P<table>\w+) row (?P<key>\S+) differs from audit event (?P<n>\d+) "
        r"\((?P<action>[\w.]+)\)$",
        QT_TRANSLATE_NOOP("core", "{table} row {key} differs from audit event {n} ({action})"),
    ),
    (
        r"^(?P<table>\w+) row (?P<key>\S+) named by audit event (?P<n>\d+) is gone$",
        QT_TRANSLATE_NOOP("core", "{table} row {key} named by audit event {n} is gone"),
    ),
    (
        r"^checkpoint line (?P<n>\d+) has a bad signature$",
        QT_TRANSLATE_NOOP("core", "checkpoint line {n} has a bad signature"),
    ),
    (
        r"^checkpoint line (?P<n>\d+) is damaged$",
        QT_TRANSLATE_NOOP("core", "checkpoint line {n} is damaged"),
    ),
    (
        r"^audit events? (?P<n>[\d–]+) (?:has|have) no signed checkpoint "
        r"\(added outside the app\)$",
        QT_TRANSLATE_NOOP(
            "core", "audit events {n} have no signed checkpoint (added outside the app)"
        ),
    ),
    (
        r"^the checkpoint file (?P<name>\S+) is missing or empty, though checkpoints have been "
        r"kept since audit event (?P<n>\d+)$",
        QT_TRANSLATE_NOOP(
            "core",
            "the checkpoint file {name} is missing or empty, though checkpoints have "
            "been kept since audit event {n}",
        ),
    ),
    # issue 14 breaker H1, H2, H5, M3 (appraiser/storage/checkpoint_verify.py,
    # schema_check.py, label_invariants.py; services/admin/accounts.py)
    (
        r"^audit events? (?P<n>[\d–]+) predates? the signed checkpoints \(started "
        r"(?P<day>[\d-]+), at the upgrade from schema version (?P<v>\d+)\); only the chain "
        r"vouches for them: check them against the daily exports kept off the station: "
        r"appraiser audit verify --exports DIR$",
        QT_TRANSLATE_NOOP(
            "core",
            "audit events {n} predate the signed checkpoints (started {day}, at the upgrade "
            "from schema version {v}); only the chain vouches for them: check them against "
            "the daily exports kept off the station: appraiser audit verify --exports DIR",
        ),
    ),
    (
        r"^no audit event records when checkpoints started \(it was removed\)$",
        QT_TRANSLATE_NOOP(
            "core", "no audit event records when checkpoints started (it was removed)"
        ),
    ),
    (
        r"^checkpoints started at audit event (?P<n>\d+), after (?P<m>\d+) older events, on a "
        r"station that was created with checkpoints \(they must cover it from audit event 1\): "
        r"the events before it were rewritten$",
        QT_TRANSLATE_NOOP(
            "core",
            "checkpoints started at audit event {n}, after {m} older events, on a station that "
            "was created with checkpoints (they must cover it from audit event 1): the events "
            "before it were rewritten",
        ),
    ),
    (
        r"^the checkpoint file (?P<name>\S+) is not a regular file$",
        QT_TRANSLATE_NOOP("core", "the checkpoint file {name} is not a regular file"),
    ),
    (
        r"^view (?P<name>\w+) is missing$",
        QT_TRANSLATE_NOOP("core", "view {name} is missing"),
    ),
    (
        r"^view (?P<name>\w+) was altered$",
        QT_TRANSLATE_NOOP("core", "view {name} was altered"),
    ),
    (
        r"^view (?P<name>\w+) was added outside the app$",
        QT_TRANSLATE_NOOP("core", "view {name} was added outside the app"),
    ),
    (
        r"^table (?P<name>\w+) is missing$",
        QT_TRANSLATE_NOOP("core", "table {name} is missing"),
    ),
    (
        r"^table (?P<name>\w+) was altered$",
        QT_TRANSLATE_NOOP("core", "table {name} was altered"),
    ),
    (
        r"^table (?P<name>\w+) was added outside the app$",
        QT_TRANSLATE_NOOP("core", "table {name} was added outside the app"),
    ),
    (
        r"^index (?P<name>\w+) is missing$",
        QT_TRANSLATE_NOOP("core", "index {name} is missing"),
    ),
    (
        r"^index (?P<name>\w+) was altered$",
        QT_TRANSLATE_NOOP("core", "index {name} was altered"),
    ),
    (
        r"^index (?P<name>\w+) was added outside the app$",
        QT_TRANSLATE_NOOP("core", "index {name} was added outside the app"),
    ),
    (
        r"^label (?P<serial>\S+) was issued \(audit event (?P<n>\d+)\) while the verdict in "
        r"force for appraisal (?P<uid>\S+) was (?P<state>\w+) \(audit event (?P<m>\d+)\)$",
        QT_TRANSLATE_NOOP(
            "core",
            "label {serial} was issued (audit event {n}) while the verdict in force for "
            "appraisal {uid} was {state} (audit event {m})",
        ),
    ),
    (
        r"^label (?P<serial>\S+) of appraisal (?P<uid>\S+) is not revoked, though its verdict "
        r"was amended to (?P<state>\w+) at audit event (?P<n>\d+)$",
        QT_TRANSLATE_NOOP(
            "core",
            "label {serial} of appraisal {uid} is not revoked, though its verdict was amended "
            "to {state} at audit event {n}",
        ),
    ),
    (
        r"^The account (?P<name>\S+) was changed outside the app; an administrator must look "
        r"at the audit trail \('appraiser audit verify'\) before it can sign in\.$",
        QT_TRANSLATE_NOOP(
            "core",
            "The account {name} was changed outside the app; an administrator must look at "
            "the audit trail ('appraiser audit verify') before it can sign in.",
        ),
    ),
    (
        r"^The database schema was altered outside the app: (?P<rest>.+)\. Nothing was saved\.$",
        QT_TRANSLATE_NOOP(
            "core", "The database schema was altered outside the app: {rest}. Nothing was saved."
        ),
    ),
)
