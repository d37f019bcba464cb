"""Case services: every state change of a case and its parts. Import from the submodules."""
