"""Care pages (see urls.py)."""
