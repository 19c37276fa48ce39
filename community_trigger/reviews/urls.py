"""Back-office URLs for a case's review (under /staff/cases/<reference>/review/)."""

from django.urls import path

from community_trigger.reviews import views

app_name = "reviews"

urlpatterns = [
    path("schedule/", views.schedule, name="schedule"),
    path("meetings/<int:meeting_id>/change/", views.meeting_change, name="meeting_change"),
    path("meetings/<int:meeting_id>/pack.pdf", views.pack, name="pack"),
    path("meetings/<int:meeting_id>/record/", views.record, name="record"),
    path("meetings/<int:meeting_id>/recommendations/add/", views.recommend, name="recommend"),
    path("meetings/<int:meeting_id>/plan/share/", views.plan_share, name="plan_share"),
    path("meetings/<int:meeting_id>/plan/comments/", views.plan_comments, name="plan_comments"),
    path("meetings/<int:meeting_id>/plan/final/", views.plan_final, name="plan_final"),
    path("meetings/<int:meeting_id>/outcome/", views.outcome, name="outcome"),
    path("recommendations/<int:recommendation_id>/", views.recommendation, name="recommendation"),
    path(
        "recommendations/<int:recommendation_id>/change/",
        views.recommendation_change,
        name="recommendation_change",
    ),
    path("close/", views.close, name="close"),
    path("escalations/new/", views.escalation_new, name="escalation_new"),
    path("escalations/<int:escalation_id>/decide/", views.escalation_decide, name="escalation_decide"),
]
