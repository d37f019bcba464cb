"""Imports every part of the cases app that registers stage requirements or case-page panels."""

from . import case_parts, identification_parts, management_parts  # noqa: F401
