"""The policy as data: read and validate a policy TOML file.

The file says who must complete which course (one rule per row of the
policy's appendices), the hours rule, a vocabulary of roles and a few
settings. docs/policy-file.md describes every key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PolicyError
from ..model import PHASES, Course, PolicyInfo
from ..resources import catalogue_dir

# Yes/no facts about a staff member: the staff list's column first, else the
# flags of the roles they hold (see roles.py).
FLAGS = (
    "teaching",
    "classroom_teacher",
    "contact_with_students",
    "conducts_pm",
    "npqml",
)

FLAG_WORDS = {
    "teaching": "teaching staff",
    "classroom_teacher": "classroom teacher",
    "contact_with_students": "in contact with students",
    "conducts_pm": "conducts performance management and observations",
    "npqml": "enrolled in NPQML",
}


@dataclass(slots=True)
class Settings:
    """The numbers and switches of the policy file's [settings] table."""

    hours_per_fortnight: float = 1.0
    modules_for_external_training: int = 5
    inactive_after_days: int = 30
    day_first: bool = True
    portal_started: dt.date | None = None
    max_hours_per_record: float = 10
    flag_defaults: dict[str, bool] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Role:
    """One role of the vocabulary: its title, other spellings and flags."""

    id: str
    title: str
    synonyms: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    implies: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Selector:
    """One entry of a rule's ``who``: everyone, a flag or a role."""

    kind: str  # "all", "flag" or "role"
    value: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of an appendix: who, in which phases, must complete what."""

    id: str
    phases: tuple[str, ...]
    who: tuple[Selector, ...]
    courses: tuple[str, ...]
    unless: tuple[Selector, ...] = ()
    mode: str | None = None
    note: str | None = None
    valid_for_days: int | None = None


@dataclass(frozen=True, slots=True)
class HoursRule:
    """The hours row of an appendix: the phases it covers."""

    id: str
    phases: tuple[str, ...]
    note: str | None = None


@dataclass(slots=True)
class Policy:
    """A whole policy file, validated."""

    info: PolicyInfo
    settings: Settings
    roles: dict[str, Role]
    rules: list[Rule]
    items: list[Course]
    hours: list[HoursRule] = field(default_factory=list)

    def hours_rule(self, phase: str | None) -> HoursRule | None:
        """The hours rule covering a phase, or None."""
        for rule in self.hours:
            if phase in rule.phases:
                return rule
        return None


def load_policy(path: str | Path | None = None) -> Policy:
    """Read a policy file; None means the shipped catalogue/policy.toml."""
    path = Path(path) if path is not None else catalogue_dir() / "policy.toml"
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise PolicyError(f"{path}: cannot read the policy file ({error})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise PolicyError(f"{path}: not a valid TOML file ({error})") from None
    return parse_policy(data, str(path), hashlib.sha256(raw).hexdigest())


def parse_policy(data: dict, path: str = "<policy>", sha256: str = "") -> Policy:
    """Validate the parsed TOML of a policy file into a Policy."""
    where = _Where(path)
    _keys(
        where,
        "the file",
        data,
        {"policy", "settings", "roles", "item", "rule", "hours"},
    )
    head = _table(where, "[policy]", data.get("policy", {}))
    _keys(where, "[policy]", head, {"name", "version"})
    info = PolicyInfo(
        name=_str(where, "[policy] name", head.get("name", Path(path).stem)),
        version=str(head.get("version", "")),
        path=path,
        sha256=sha256,
    )
    settings = _settings(where, _table(where, "[settings]", data.get("settings", {})))
    roles = _roles(where, _table(where, "[roles]", data.get("roles", {})))
    items = _items(where, _list(where, "[[item]]", data.get("item", [])))
    item_titles = {item.title for item in items}
    rules = _rules(
        where, _list(where, "[[rule]]", data.get("rule", [])), roles, item_titles
    )
    hours = _hours(where, _list(where, "[[hours]]", data.get("hours", [])))
    ids = [r.id for r in rules] + [h.id for h in hours]
    for rule_id in ids:
        if ids.count(rule_id) > 1:
            where.fail(f"rule id {rule_id!r} is used twice")
    return Policy(info, settings, roles, rules, items, hours)


class _Where:
    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, message: str):
        raise PolicyError(f"{self.path}: {message}")


def _keys(where: _Where, entry: str, table: dict, allowed: set[str]) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        where.fail(
            f"{entry}: unknown key {unknown[0]!r}; allowed keys are "
            + ", ".join(sorted(allowed))
        )


def _table(where: _Where, entry: str, value) -> dict:
    if not isinstance(value, dict):
        where.fail(f"{entry} must be a table")
    return value


def _list(where: _Where, entry: str, value) -> list:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        where.fail(f"{entry} must be an array of tables")
    return value


def _str(where: _Where, entry: str, value) -> str:
    if not isinstance(value, str) or not value.strip():
        where.fail(f"{entry} must be a non-empty string, not {value!r}")
    return value.strip()


def _strs(where: _Where, entry: str, value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        where.fail(f"{entry} must be a list of strings, not {value!r}")
    return tuple(_str(where, entry, v) for v in value)


def _number(where: _Where, entry: str, value, kind=float, minimum=0):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        where.fail(f"{entry} must be a number, not {value!r}")
    if kind is int and not isinstance(value, int):
        where.fail(f"{entry} must be a whole number, not {value!r}")
    if value < minimum:
        where.fail(f"{entry} must be at least {minimum}, not {value!r}")
    return kind(value)


def _settings(where: _Where, table: dict) -> Settings:
    _keys(where, "[settings]", table, set(Settings.__slots__))
    settings = Settings()
    if "hours_per_fortnight" in table:
        settings.hours_per_fortnight = _number(
            where, "[settings] hours_per_fortnight", table["hours_per_fortnight"]
        )
    if "max_hours_per_record" in table:
        settings.max_hours_per_record = _number(
            where, "[settings] max_hours_per_record", table["max_hours_per_record"]
        )
    for key in ("modules_for_external_training", "inactive_after_days"):
        if key in table:
            setattr(settings, key, _number(where, f"[settings] {key}", table[key], int))
    if "day_first" in table:
        if not isinstance(table["day_first"], bool):
            where.fail("[settings] day_first must be true or false")
        settings.day_first = table["day_first"]
    if "portal_started" in table:
        value = table["portal_started"]
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            where.fail(
                f"[settings] portal_started must be a TOML date such as "
                f"2015-09-01, not {value!r}"
            )
        settings.portal_started = value
    defaults = _table(where, "[settings.flag_defaults]", table.get("flag_defaults", {}))
    for flag, value in defaults.items():
        if flag not in FLAGS:
            where.fail(
                f"[settings.flag_defaults]: unknown flag {flag!r}; flags are "
                + ", ".join(FLAGS)
            )
        if not isinstance(value, bool):
            where.fail(f"[settings.flag_defaults] {flag} must be true or false")
    settings.flag_defaults = dict(defaults)
    return settings


def _roles(where: _Where, table: dict) -> dict[str, Role]:
    roles: dict[str, Role] = {}
    for role_id, entry in table.items():
        name = f"[roles.{role_id}]"
        _table(where, name, entry)
        _keys(where, name, entry, {"title", "synonyms", "flags", "implies"})
        flags = _strs(where, f"{name} flags", entry.get("flags", []))
        for flag in flags:
            if flag not in FLAGS:
                where.fail(
                    f"{name} flags: unknown flag {flag!r}; flags are "
                    + ", ".join(FLAGS)
                )
        roles[role_id] = Role(
            id=role_id,
            title=_str(where, f"{name} title", entry.get("title")),
            synonyms=_strs(where, f"{name} synonyms", entry.get("synonyms", [])),
            flags=flags,
            implies=_strs(where, f"{name} implies", entry.get("implies", [])),
        )
    for role in roles.values():
        for other in role.implies:
            if other not in roles:
                where.fail(f"[roles.{role.id}] implies {other!r}, which is no role")
    return roles


def _items(where: _Where, entries: list) -> list[Course]:
    items = []
    for number, entry in enumerate(entries, 1):
        name = f"[[item]] {number}"
        _keys(
            where,
            name,
            entry,
            {"heading", "title", "aliases", "duration_minutes", "mode", "notes"},
        )
        duration = entry.get("duration_minutes")
        items.append(
            Course(
                heading=_str(where, f"{name} heading", entry.get("heading")),
                title=_str(where, f"{name} title", entry.get("title")),
                aliases=_strs(where, f"{name} aliases", entry.get("aliases", [])),
                duration_minutes=(
                    None
                    if duration is None
                    else _number(where, f"{name} duration_minutes", duration)
                ),
                mode=entry.get("mode"),
                notes=entry.get("notes"),
            )
        )
    return items


def _phases(where: _Where, entry: str, value) -> tuple[str, ...]:
    phases = _strs(where, entry, value)
    for phase in phases:
        if phase not in PHASES:
            where.fail(
                f"{entry}: unknown phase {phase!r}; phases are " + ", ".join(PHASES)
            )
    if not phases:
        where.fail(f"{entry} must name at least one phase")
    return phases


def _selector(where: _Where, entry: str, text: str, roles: dict[str, Role]) -> Selector:
    if text == "all":
        return Selector("all")
    kind, _, value = text.partition(":")
    if kind == "flag" and value in FLAGS:
        return Selector("flag", value)
    if kind == "role" and value in roles:
        return Selector("role", value)
    where.fail(
        f'{entry}: {text!r} is not a selector; write "all", "flag:<flag>" '
        f'(flags: {", ".join(FLAGS)}) or "role:<id>" with an id from [roles]'
    )


def _rules(where, entries: list, roles: dict[str, Role], items: set[str]) -> list[Rule]:
    rules = []
    allowed = {
        "id",
        "phases",
        "who",
        "unless",
        "courses",
        "items",
        "mode",
        "note",
        "valid_for_days",
    }
    for number, entry in enumerate(entries, 1):
        name = f"[[rule]] {number}"
        _keys(where, name, entry, allowed)
        rule_id = _str(where, f"{name} id", entry.get("id"))
        name = f"[[rule]] {rule_id}"
        who = tuple(
            _selector(where, f"{name} who", text, roles)
            for text in _strs(where, f"{name} who", entry.get("who", []))
        )
        if not who:
            where.fail(f"{name} who must name at least one selector")
        unless = tuple(
            _selector(where, f"{name} unless", text, roles)
            for text in _strs(where, f"{name} unless", entry.get("unless", []))
        )
        courses = _strs(where, f"{name} courses", entry.get("courses", []))
        named_items = _strs(where, f"{name} items", entry.get("items", []))
        for item in named_items:
            if item not in items:
                where.fail(f"{name} items: {item!r} is not the title of any [[item]]")
        if not courses and not named_items:
            where.fail(f"{name} must require at least one course or item")
        valid = entry.get("valid_for_days")
        rules.append(
            Rule(
                id=rule_id,
                phases=_phases(where, f"{name} phases", entry.get("phases", [])),
                who=who,
                courses=courses + named_items,
                unless=unless,
                mode=entry.get("mode"),
                note=entry.get("note"),
                valid_for_days=(
                    None
                    if valid is None
                    else _number(where, f"{name} valid_for_days", valid, int, 1)
                ),
            )
        )
    return rules


def _hours(where: _Where, entries: list) -> list[HoursRule]:
    rules = []
    for number, entry in enumerate(entries, 1):
        name = f"[[hours]] {number}"
        _keys(where, name, entry, {"id", "phases", "note"})
        rules.append(
            HoursRule(
                id=_str(where, f"{name} id", entry.get("id")),
                phases=_phases(where, f"{name} phases", entry.get("phases", [])),
                note=entry.get("note"),
            )
        )
    return rules
