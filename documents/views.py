"""Downloads of the official documents: whoever may see the record gets its document (scoping
decides, as for its page: a session the user may not see is a 404)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views import View

from documents.render import docx_response, registration_sheet_context, render, session_report_context
from documents.template_sources import REGISTRATION_ITEMS, REGISTRATION_SHEET, SESSION_REPORT
from models_registry.models import MobilizationModel
from surveys.models import SurveySession
from units import scoping


class SessionReportView(LoginRequiredMixin, View):
    """Báo cáo kết quả khảo sát of one session (.docx)."""

    def get(self, request, pk):
        session = scoping.get_restricted_or_404(SurveySession.objects.select_related("unit"), request.user, pk)
        counts = session.reported_counts.select_related("field")
        visited = (
            MobilizationModel.objects.restrict(request.user, scoping.Action.VIEW)
            .filter(visiting_sessions=session).select_related("unit").order_by("name", "pk")
        )
        context = session_report_context(session, counts, session.counts_total(), visited)
        return docx_response(render(SESSION_REPORT, context), f"bao-cao-ket-qua-khao-sat-{session.pk}")


class RegistrationSheetView(View):
    """Phiếu đăng ký of one model (.docx): for whoever may see the model's page."""

    def get(self, request, pk):
        model = scoping.get_restricted_or_404(
            MobilizationModel.objects.select_related("field", "unit__parent"), request.user, pk
        )
        context = registration_sheet_context(model, REGISTRATION_ITEMS)
        return docx_response(render(REGISTRATION_SHEET, context), f"phieu-dang-ky-mo-hinh-{model.pk}")
