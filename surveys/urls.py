from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("khao-sat/", views.SurveySessionListView.as_view(), name="session_list"),
    path("khao-sat/them/", views.SurveySessionEditView.as_view(), name="session_add"),
    path("khao-sat/<int:pk>/", views.SurveySessionDetailView.as_view(), name="session_detail"),
    path("khao-sat/<int:pk>/sua/", views.SurveySessionEditView.as_view(), name="session_edit"),
    path("khao-sat/<int:pk>/chot-so-lieu/", views.SessionFinaliseView.as_view(), name="session_finalise"),
    path("theo-doi/", views.FollowUpListView.as_view(), name="follow_up_list"),
    path("theo-doi/<int:pk>/", views.FollowUpDetailView.as_view(), name="follow_up_detail"),
]
