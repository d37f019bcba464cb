"""State changes in the geo app. Each runs in one transaction and writes its audit event."""

from .location_import import (
    MAX_IMPORT_BYTES,
    import_locations,
    parse_location_csv,
    start_location_import,
)
from .places import (
    LOCATION_FIELDS,
    PROGRAMME_FIELDS,
    SITE_FIELDS,
    create_location,
    create_programme,
    create_site,
    delete_programme,
    delete_site,
    set_country_operating,
    update_location,
    update_programme,
    update_site,
)

__all__ = [
    "LOCATION_FIELDS",
    "MAX_IMPORT_BYTES",
    "PROGRAMME_FIELDS",
    "SITE_FIELDS",
    "create_location",
    "create_programme",
    "create_site",
    "delete_programme",
    "delete_site",
    "import_locations",
    "parse_location_csv",
    "set_country_operating",
    "start_location_import",
    "update_location",
    "update_programme",
    "update_site",
]
