"""Match the role texts of a staff list to the policy's role vocabulary."""

from __future__ import annotations

import fnmatch
import re

from ..model import StaffMember
from .rules import Role

# Cells like "Year 3 Teacher / Literacy Leader" hold several roles.
_SEPARATORS = re.compile(r"\s*[/;,+|\n]\s*|\s*&\s*|\s+and\s+", re.IGNORECASE)


def normalise_role(text: str) -> str:
    """Lower-case a role text and even out spelling: co-ordinator, &, dots."""
    text = text.lower().replace("&", " and ")
    text = re.sub(r"co\W?ordinator", "coordinator", text)
    text = re.sub(r"[^\w*]+", " ", text)
    return " ".join(text.split())


class RoleMatcher:
    """Looks role texts up in a vocabulary, synonyms and wildcards included."""

    def __init__(self, roles: dict[str, Role]) -> None:
        self.roles = roles
        self._exact: dict[str, str] = {}
        self._patterns: list[tuple[str, str]] = []
        for role in roles.values():
            for spelling in (role.id.replace("_", " "), role.title, *role.synonyms):
                key = normalise_role(spelling)
                if "*" in key:
                    self._patterns.append((key, role.id))
                else:
                    self._exact.setdefault(key, role.id)

    def match_one(self, text: str, patterns: bool = True) -> str | None:
        """The role id one text names, or None."""
        key = normalise_role(text)
        if key in self._exact:
            return self._exact[key]
        if patterns:
            for pattern, role_id in self._patterns:
                if fnmatch.fnmatchcase(key, pattern):
                    return role_id
        return None

    def match(self, text: str) -> tuple[list[str], list[str]]:
        """The role ids a cell names, and the parts of it that match nothing.

        A cell is looked up whole (exact spellings only), then split at
        / ; , + & and "and". Wildcard spellings are tried on each part, so
        "* teacher" cannot swallow "Forest School Lead and Year 2 Teacher".
        """
        whole = self.match_one(text, patterns=False)
        if whole is not None:
            return [whole], []
        parts = [p.strip() for p in _SEPARATORS.split(text) if p and p.strip()]
        found = [(part, self.match_one(part)) for part in parts]
        unknown = [part for part, role_id in found if role_id is None]
        return [role_id for _, role_id in found if role_id is not None], unknown

    def expand(self, role_ids: list[str]) -> list[str]:
        """Add the roles each role implies, keeping the order, once each."""
        out: list[str] = []
        todo = list(role_ids)
        while todo:
            role_id = todo.pop(0)
            if role_id not in out:
                out.append(role_id)
                todo.extend(self.roles[role_id].implies)
        return out


def staff_role_texts(member: StaffMember) -> tuple[str, ...]:
    """The role texts of a staff member: the roles, else the job title."""
    if member.roles:
        return member.roles
    return (member.job_title,) if member.job_title else ()
