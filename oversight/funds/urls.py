"""URLs of oversight: funds (joined in oversight/urls.py). The compound's fund page lives under
funds/ because compounds/ belongs to the register's URLconf."""

from django.urls import path

from . import views

urlpatterns = [
    path("funds/", views.fund_list, name="fund_list"),
    path("funds/compounds/<int:compound_pk>/", views.compound_funds, name="compound_funds"),
    path(
        "funds/compounds/<int:compound_pk>/budgets/new/",
        views.AllocationCreate.as_view(),
        name="fund_allocation_create",
    ),
    path(
        "funds/compounds/<int:compound_pk>/payments/new/",
        views.PaymentCreate.as_view(),
        name="fund_payment_create",
    ),
    path("funds/budgets/<int:pk>/", views.allocation_detail, name="fund_allocation_detail"),
    path(
        "funds/budgets/<int:pk>/change/",
        views.AllocationChange.as_view(),
        name="fund_allocation_change",
    ),
    path("funds/payments/<int:pk>/document/", views.payment_document, name="fund_payment_document"),
]
