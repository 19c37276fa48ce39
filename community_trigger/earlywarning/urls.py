"""URLs of the early-warning pages, under /staff/early-warning/ (each view wrapped in staff_required)."""

from django.urls import path

from community_trigger.earlywarning import views

app_name = "earlywarning"
urlpatterns = [
    path("", views.finding_list, name="list"),
    path("<int:pk>/", views.finding_page, name="finding"),
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/<int:pk>/", views.task_page, name="task"),
]
