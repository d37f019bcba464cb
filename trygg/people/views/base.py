"""What the people pages share beyond the generic base views in `trygg.core.views`."""

from django.utils.translation import gettext_lazy as _

OUT_OF_SCOPE_SITE = _("You cannot keep or put this record at that site: it would be outside your scope.")
