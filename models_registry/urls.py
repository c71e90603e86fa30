from django.urls import path

from models_registry import views

app_name = "models_registry"

urlpatterns = [
    path("mo-hinh/", views.MobilizationModelListView.as_view(), name="model_list"),
    path("mo-hinh/them/", views.MobilizationModelEditView.as_view(), name="model_add"),
    path("mo-hinh/tim/", views.model_search, name="model_search"),
    path("mo-hinh/<int:pk>/", views.MobilizationModelDetailView.as_view(), name="model_detail"),
    path("mo-hinh/<int:pk>/sua/", views.MobilizationModelEditView.as_view(), name="model_edit"),
    path("mo-hinh/<int:pk>/gui-duyet/", views.ModelSubmitView.as_view(), name="model_submit"),
    path("mo-hinh/<int:pk>/duyet/", views.ModelReviewView.as_view(), name="model_review"),
    path("mo-hinh/cho-duyet/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("don-vi/tim/", views.unit_search, name="unit_search"),
]
