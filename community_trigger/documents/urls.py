"""Back-office URLs for a case's documents (under /staff/cases/<reference>/documents/)."""

from django.urls import path

from community_trigger.documents import views

app_name = "documents"

urlpatterns = [
    path("add/", views.add_to_case, name="add"),
    path("add/answers/<int:part_id>/", views.add_to_answer, name="add_to_answer"),
    path("add/meetings/<int:part_id>/", views.add_to_meeting, name="add_to_meeting"),
    path("add/diary/<int:part_id>/", views.add_to_entry, name="add_to_entry"),
    path("<int:document_id>/", views.download, name="download"),
]
