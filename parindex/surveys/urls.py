from django.urls import path

from parindex.surveys import collect_views, load_views, public_views, views

app_name = "surveys"
urlpatterns = [
    # Loading questionnaires (Home Affairs), before the survey codes below.
    path("load/", load_views.load_questionnaire, name="load"),
    path("samples/<str:name>", load_views.sample_questionnaire, name="sample"),
    # Collection (staff): the upload of an export, typing paper forms, the respondents' invitations.
    path("entry/", collect_views.entry_start, name="entry-start"),
    path("<str:code>/import/", collect_views.import_responses, name="import"),
    path("<str:code>/entry/<str:unit>/", collect_views.entry, name="entry"),
    path("<str:code>/units/<str:unit>/invitations/", collect_views.invitations, name="invitations"),
    path("<str:code>/respondents/<int:pk>/qr.svg", collect_views.respondent_qr, name="respondent-qr"),
    # The committee's pages: the list, a survey, the field dashboard, the results and their exports, the draw.
    path("", views.survey_list, name="list"),
    path("<str:code>/", views.survey_detail, name="detail"),
    path("<str:code>/field/", views.field_dashboard, name="dashboard"),
    path("<str:code>/results/", views.survey_results_page, name="results"),
    path("<str:code>/results.xlsx", views.results_xlsx, name="results-xlsx"),
    path("<str:code>/draw/", views.draw, name="draw"),
    path("<str:code>/respondents.xlsx", views.respondents_xlsx, name="respondents-xlsx"),
]

# The respondent's one-time form, at a short address for links and QR codes (no namespace: /s/<token>/).
public_urlpatterns = [
    path("s/<str:token>/", public_views.survey_form, name="survey-form"),
]
