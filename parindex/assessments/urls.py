from django.urls import path

from parindex.assessments import appraisal_views, manage_views, unit_views, views

app_name = "assessments"
unit = "<str:code>/units/<str:unit_code>/"
urlpatterns = [
    path("", views.campaign_list, name="campaign-list"),
    path("new/", manage_views.new_campaign, name="campaign-new"),
    path("<str:code>/", views.campaign_detail, name="campaign-detail"),
    path("<str:code>/ranking/", views.campaign_ranking, name="campaign-ranking"),
    path("<str:code>/ranking/print/", views.campaign_ranking_print, name="campaign-ranking-print"),
    path("<str:code>/ranking/export.xlsx", views.campaign_ranking_export, name="campaign-ranking-export"),
    path("<str:code>/overview/", views.campaign_overview, name="overview"),
    path("<str:code>/settings/", manage_views.campaign_settings, name="campaign-settings"),
    path("<str:code>/appraisers/", manage_views.assignments, name="assignments"),
    path("<str:code>/results/<str:action>/", manage_views.change_status, name="change-status"),
    path("<str:code>/evidence/<int:pk>/", unit_views.download_evidence, name="evidence"),
    # The unit's own pages (officer prepares, head submits and sends explanations).
    path(unit, unit_views.unit_sheet, name="unit-sheet"),
    path(unit + "open/", unit_views.open_unit, name="unit-open"),
    path(unit + "leaves/<int:leaf_id>/", unit_views.save_leaf, name="save-leaf"),
    path(unit + "leaves/<int:leaf_id>/files/", unit_views.upload_evidence, name="upload-evidence"),
    path(unit + "leaves/<int:leaf_id>/history/", unit_views.leaf_history, name="leaf-history"),
    path(unit + "files/<int:pk>/remove/", unit_views.remove_evidence, name="remove-evidence"),
    path(unit + "submit/", unit_views.submit, name="submit"),
    path(unit + "withdraw/", unit_views.withdraw, name="withdraw"),
    path(unit + "questions/<int:pk>/answer/", unit_views.answer, name="answer"),
    path(unit + "explanation/send/", unit_views.send_explanation, name="send-explanation"),
    # The council's pages.
    path(unit + "appraisal/", appraisal_views.appraisal_sheet, name="appraisal-sheet"),
    path(unit + "appraisal/leaves/<int:leaf_id>/", appraisal_views.appraise_leaf, name="appraise-leaf"),
    path(unit + "appraisal/leaves/<int:leaf_id>/ask/", appraisal_views.ask_question, name="ask"),
    path(unit + "appraisal/close/", appraisal_views.close_round, name="close-round"),
    path(unit + "appraisal/accept/", appraisal_views.accept_self_scores, name="accept-self-scores"),
    path(unit + "exception/", manage_views.grant_exception, name="exception"),
]
