"""Tracing models, one module per part of the work: requests, matching, after a match."""

from .matching import *  # noqa: F401,F403
from .request import *  # noqa: F401,F403
from .reunification import *  # noqa: F401,F403
