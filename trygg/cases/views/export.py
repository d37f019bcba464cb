"""The case list as a CSV download, with the list's filters (see services/export.py)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views import View
from django_htmx.http import HttpResponseClientRedirect

from trygg.core.views import ScopedViewMixin

from ..filters import CaseSearchFilter
from ..models import Case
from ..services.export import (
    EXPORT_ACTION,
    EXPORT_PERMISSION,
    ExportTooLarge,
    export_cases,
    export_filename,
    filter_names,
)

# Spreadsheet programs read a UTF-8 file as UTF-8 only when it starts with a byte order mark; without
# one, names in other scripts or with accents are garbled. Scripts (the API) get the file without.
BYTE_ORDER_MARK = "\ufeff"


def csv_response(export, *, byte_order_mark: bool = False) -> HttpResponse:
    """The export as a download named by its countries and today's date, never kept in a cache."""
    content = (BYTE_ORDER_MARK if byte_order_mark else "") + export.content
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    filename = export_filename(export.country_codes, timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, no_store=True, private=True)
    return response


class CaseExportView(ScopedViewMixin, View):
    """The cases of the list's filters, as CSV: only cases where the user holds `case.export`.

    A selection above the row cap, or filters that are not valid, go back to the list with the
    same filters and a message. One audit EXPORT event per download.
    """

    model = Case
    action = EXPORT_ACTION
    required_permission = EXPORT_PERMISSION

    def get(self, request, *args, **kwargs):
        if getattr(request, "htmx", False):
            # The list's export link asks through htmx so that it sends the filters as they are
            # now; the browser then downloads the file with a plain request to the same address.
            return HttpResponseClientRedirect(request.get_full_path())
        filterset = CaseSearchFilter(request.GET, queryset=self.get_queryset(), request=request)
        if not filterset.is_valid():
            messages.error(request, _("Some filters are not valid: correct them and export again."))
            return self.back_to_list()
        try:
            export = export_cases(filterset.qs, acting_user=request.user, filters=filter_names(filterset))
        except ExportTooLarge as exc:
            messages.error(request, exc.messages[0])
            return self.back_to_list()
        return csv_response(export, byte_order_mark=True)

    def back_to_list(self):
        query = self.request.GET.urlencode()
        return redirect(reverse("cases:case_list") + (f"?{query}" if query else ""))
