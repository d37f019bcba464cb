"""Background work of the geo app. Tasks take ids and call a service."""

import logging

from celery import shared_task

from trygg.audit import context

from .models import LocationImport
from .services import import_locations

logger = logging.getLogger(__name__)


@shared_task
def run_location_import(import_id: int) -> dict:
    """Import an uploaded location file, as the administrator who uploaded it."""
    imports = LocationImport.objects.select_related("country", "created_by")
    location_import = imports.filter(pk=import_id).first()
    if location_import is None:
        logger.warning("Location import %s does not exist", import_id)
        return {"status": "missing"}
    current = context.current()
    token = context.bind(
        context.AuditContext(ip_address=current.ip_address, request_id=current.request_id, channel="task")
    )
    try:
        location_import = import_locations(location_import, acting_user=location_import.created_by)
    finally:
        context.reset(token)
    return {
        "import": str(location_import.uuid),
        "status": location_import.status,
        "created": location_import.created_count,
        "updated": location_import.updated_count,
        "unchanged": location_import.unchanged_count,
        "errors": len(location_import.errors),
    }
