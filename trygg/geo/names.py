"""Translated names of countries and languages, from the ISO catalogues that pycountry ships."""

import gettext
from functools import cache

import pycountry
from django.utils.translation import get_language

# Django language code -> the locale folder pycountry uses for it.
_PYCOUNTRY_LOCALES = {"nb": ["nb_NO", "nb"]}


@cache
def _catalogue(domain: str, language: str):
    languages = _PYCOUNTRY_LOCALES.get(language, [language])
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=languages, fallback=True)


def country_name(code: str, english_name: str) -> str:
    language = (get_language() or "en").split("-")[0]
    if language == "en":
        return english_name
    return _catalogue("iso3166-1", language).gettext(english_name)


def language_name(code: str) -> str:
    """Name of an ISO 639 language (two- or three-letter code) in the active language."""
    record = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    record = record or pycountry.languages.get(alpha_3=code)
    if record is None:
        return code
    language = (get_language() or "en").split("-")[0]
    if language == "en":
        return record.name
    return _catalogue("iso639-3", language).gettext(record.name)


def is_language_code(code: str) -> bool:
    if len(code) == 2:
        return pycountry.languages.get(alpha_2=code) is not None
    if len(code) == 3:
        return pycountry.languages.get(alpha_3=code) is not None
    return False
