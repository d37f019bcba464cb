"""Text normalisation for search: accents and case do not matter."""

from unidecode import unidecode


def normalise(*parts: str) -> str:
    """Lower-case ASCII transliteration, whitespace collapsed: 'Ågot Ørn' -> 'agot orn'."""
    text = " ".join(p for p in parts if p)
    return " ".join(unidecode(text).lower().split())
