"""Back-office URLs for a case's letters (under /staff/cases/<reference>/letters/)."""

from django.urls import path

from community_trigger.letters import views

app_name = "letters"

urlpatterns = [
    path("format/", views.format_change, name="format"),
    path("<int:letter_id>.pdf", views.letter_pdf, name="pdf"),
    path("<int:letter_id>/posted/", views.letter_posted, name="posted"),
    path("<int:letter_id>/resend/", views.letter_resend, name="resend"),
]
