"""Synthetic children and cases for benchmarks and demos: name lists, distributions, a bulk loader.

Nothing here is real data. `manage.py generate_cases` is the entry point.
"""
