from __future__ import annotations

from django.urls import path

from aglomera.intentions.views import changes, evaluation, publication, statements, submission

app_name = "intentions"

urlpatterns = [
    # the applicant's side: lists, the intention form, its page, steps and attachments
    path("<slug:slug>/intentions/", submission.intention_list, name="list"),
    path("<slug:slug>/intentions/new/", submission.intention_new, name="new"),
    path(
        "<slug:slug>/calls/<int:call_pk>/intentions/new/",
        submission.intention_create,
        name="create",
    ),
    path("<slug:slug>/intentions/<int:pk>/", submission.intention_detail, name="detail"),
    path("<slug:slug>/intentions/<int:pk>/edit/", submission.intention_edit, name="edit"),
    path("<slug:slug>/intentions/<int:pk>/submit/", submission.intention_submit, name="submit"),
    path(
        "<slug:slug>/intentions/<int:pk>/withdraw/",
        submission.intention_withdraw,
        name="withdraw",
    ),
    path(
        "<slug:slug>/intentions/<int:pk>/attachments/",
        submission.attachment_add,
        name="attachment_add",
    ),
    path(
        "<slug:slug>/intentions/<int:pk>/attachments/<int:attachment_pk>/",
        submission.attachment_download,
        name="attachment",
    ),
    path(
        "<slug:slug>/intentions/<int:pk>/attachments/<int:attachment_pk>/delete/",
        submission.attachment_delete,
        name="attachment_delete",
    ),
    # evaluation: the calls, formal check, who reviews by when, reviews, recommendation, ranking
    path("<slug:slug>/evaluation/", evaluation.evaluation_calls, name="evaluation_calls"),
    path(
        "<slug:slug>/evaluation/calls/<int:call_pk>/",
        evaluation.call_intentions,
        name="evaluation_call",
    ),
    path(
        "<slug:slug>/evaluation/calls/<int:call_pk>/ranking/",
        evaluation.call_ranking,
        name="evaluation_ranking",
    ),
    path(
        "<slug:slug>/evaluation/intentions/<int:pk>/",
        evaluation.intention_evaluation,
        name="evaluation_intention",
    ),
    path(
        "<slug:slug>/evaluation/intentions/<int:pk>/formal-check/",
        evaluation.formal_check,
        name="evaluation_formal_check",
    ),
    path(
        "<slug:slug>/evaluation/intentions/<int:pk>/return/",
        evaluation.return_for_completion,
        name="evaluation_return",
    ),
    path(
        "<slug:slug>/evaluation/intentions/<int:pk>/pass/",
        evaluation.pass_check,
        name="evaluation_pass",
    ),
    path(
        "<slug:slug>/evaluation/intentions/<int:pk>/recommend/",
        evaluation.recommend,
        name="evaluation_recommend",
    ),
    path(
        "<slug:slug>/evaluation/intentions/<int:pk>/assignments/",
        evaluation.assign,
        name="evaluation_assign",
    ),
    path(
        "<slug:slug>/evaluation/intentions/<int:pk>/assignments/<int:assignment_pk>/delete/",
        evaluation.unassign,
        name="evaluation_unassign",
    ),
    path(
        "<slug:slug>/evaluation/intentions/<int:pk>/review/",
        evaluation.review,
        name="evaluation_review",
    ),
    # statements and the managing authority's record
    path(
        "<slug:slug>/intentions/<int:pk>/statements/",
        statements.intention_statements,
        name="statements",
    ),
    path(
        "<slug:slug>/intentions/<int:pk>/managing-authority/",
        statements.managing_authority,
        name="managing_authority",
    ),
    path("<slug:slug>/statements/<int:pk>/pdf/", statements.statement_pdf, name="statement_pdf"),
    path("<slug:slug>/statements/<int:pk>/docx/", statements.statement_docx, name="statement_docx"),
    # what the list of operations (CPR Art. 49(3)) publishes: purpose, achievements, contractors
    path(
        "<slug:slug>/intentions/<int:pk>/publication/",
        publication.publication,
        name="publication",
    ),
    path(
        "<slug:slug>/intentions/<int:pk>/contractors/",
        publication.contractor_add,
        name="contractor_add",
    ),
    path(
        "<slug:slug>/intentions/<int:pk>/contractors/<int:contractor_pk>/delete/",
        publication.contractor_remove,
        name="contractor_remove",
    ),
    # change requests and the competence rules
    path("<slug:slug>/intentions/<int:pk>/changes/new/", changes.change_new, name="change_new"),
    path("<slug:slug>/changes/", changes.change_list, name="changes"),
    path("<slug:slug>/changes/<int:pk>/", changes.change_detail, name="change"),
    path("<slug:slug>/changes/<int:pk>/withdraw/", changes.change_withdraw, name="change_withdraw"),
    path("<slug:slug>/competence-rules/", changes.competence_rules, name="competence_rules"),
]
