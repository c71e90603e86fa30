from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("khao-sat/", views.SurveySessionListView.as_view(), name="session_list"),
    path("khao-sat/them/", views.SurveySessionEditView.as_view(), name="session_add"),
    path("khao-sat/<int:pk>/", views.SurveySessionDetailView.as_view(), name="session_detail"),
    path("khao-sat/<int:pk>/sua/", views.SurveySessionEditView.as_view(), name="session_edit"),
    path("khao-sat/<int:pk>/chot-so-lieu/", views.SessionFinaliseView.as_view(), name="session_finalise"),
    path(
        "khao-sat/<int:pk>/ket-luan/<int:recommendation_pk>/",
        views.FollowUpView.as_view(),
        name="recommendation_follow_up",
    ),
]
