"""The policy as data, and the check of every staff member against it."""

from __future__ import annotations

from .check import check
from .rules import HoursRule, Policy, Role, Rule, Selector, Settings, load_policy

__all__ = [
    "HoursRule",
    "Policy",
    "Role",
    "Rule",
    "Selector",
    "Settings",
    "check",
    "load_policy",
]
