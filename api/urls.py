"""REST API v1 routes, the OpenAPI schema and its documentation pages."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from .resources.agencies import AgencyViewSet
from .resources.indicators import IndicatorViewSet
from .resources.measures import MeasureViewSet
from .resources.on_behalf import ReportOnBehalfViewSet
from .resources.plans import PeriodViewSet, PlanViewSet
from .resources.reports import ReportViewSet
from .resources.setup_directory import AssignmentViewSet, MeasureLinkViewSet
from .views import RedocView, SwaggerView, not_found

app_name = "api"

router = DefaultRouter()
router.include_root_view = False
router.register("agencies", AgencyViewSet, basename="agency")
router.register("plans", PlanViewSet, basename="plan")
router.register("periods", PeriodViewSet, basename="period")
router.register("measures", MeasureViewSet, basename="measure")
router.register("measures", MeasureLinkViewSet, basename="measure-link")
router.register("reports", ReportViewSet, basename="report")
router.register("reports", ReportOnBehalfViewSet, basename="report-on-behalf")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("assignments", AssignmentViewSet, basename="assignment")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", RedocView.as_view(url_name="api:schema"), name="redoc"),
    *router.urls,
    re_path(r"^.*$", not_found),
]
