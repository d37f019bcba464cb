"""Case models, one module per part of the work: the case itself, identification, management."""

from .case import (  # noqa: F401
    DEFAULT_DEADLINE_HOURS,
    Case,
    CaseEvent,
    CasePart,
    ResponseDeadline,
)
from .consent import *  # noqa: F401,F403
from .identification import *  # noqa: F401,F403
from .management import *  # noqa: F401,F403
from .work import *  # noqa: F401,F403
