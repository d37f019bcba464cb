"""Tracing pages. One module per part of the work: requests, match review, after a match, admin."""
