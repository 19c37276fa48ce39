"""Back-office URLs for cases (under /staff/cases/)."""

from django.urls import path, register_converter

from community_trigger.cases import views
from community_trigger.cases.sections import Section


class SectionConverter:
    """A section of the case page by its slug; any other word is not a section (and is left to the
    other pages under the case)."""

    regex = "|".join(section.value for section in Section if section != Section.SUMMARY)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SectionConverter, "case_section")

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("download.csv", views.case_export, name="export"),
    path("<str:reference>/", views.case_detail, name="detail"),
    path("<str:reference>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<str:reference>/decision/", views.decide, name="decide"),
    path("<str:reference>/information-requests/", views.request_information, name="request_information"),
    path(
        "<str:reference>/information-requests/<int:request_id>/due-date/",
        views.request_due_date,
        name="request_due_date",
    ),
    path(
        "<str:reference>/information-requests/<int:request_id>/record-answer/",
        views.record_answer,
        name="record_answer",
    ),
    path("<str:reference>/answer/", views.answer, name="answer"),
    path("<str:reference>/owner/", views.owner_change, name="owner_change"),
    path("<str:reference>/<case_section:section>/", views.case_section, name="section"),
]
