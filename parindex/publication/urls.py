from django.urls import path

from parindex.publication import decision_views, dispatch_views, views

# Open to everyone, without logging in; the names have no namespace (the public pages are linked from everywhere).
urlpatterns = [
    path("public/", views.published_list, name="public-list"),
    path("public/<str:code>/", views.published_results, name="public-results"),
    path("public/<str:code>/decision.pdf", decision_views.public_decision_pdf, name="public-decision-pdf"),
    # The decision's page and its files, for Home Affairs (beside the campaign's pages, under /campaigns/).
    path("campaigns/<str:code>/decision/", decision_views.decision_form, name="publication-decision"),
    path(
        "campaigns/<str:code>/decision/<int:pk>/<str:kind>/",
        decision_views.decision_file,
        name="publication-decision-file",
    ),
    # The dispatch to the units after publication, drafted from the results, for Home Affairs to edit and download.
    path("campaigns/<str:code>/dispatch/", dispatch_views.dispatch_form, name="publication-dispatch"),
]
