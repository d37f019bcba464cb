"""Tracing services: every state change of a tracing request and what follows it. Import from the
submodules: `requests`, `matching`, `review`, `reunification`, `batch`, `config`."""
