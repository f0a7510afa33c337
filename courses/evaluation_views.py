"""The course evaluation: the learner's page (found only through their own completion),
and the aggregated results in the Wagtail admin for the editors and the course's seller."""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import evaluation
from courses.seats import course_titles

RATING_CHOICES = [
    (1, gettext_lazy("1 (poor)")),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, gettext_lazy("5 (excellent)")),
]


class EvaluationForm(forms.Form):
    """A 1–5 rating per question (radio buttons in a fieldset), a comment and the consent."""

    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=evaluation.MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("What worked, and what could be better? Please do not write your name."),
    )
    follow_up = forms.BooleanField(required=False)

    def __init__(self, *args, questions, follow_up_wording: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.keys = {}
        for question in questions:
            name = f"rating_{question.translation_key.hex}"
            self.keys[name] = question.translation_key
            self.fields[name] = forms.TypedChoiceField(
                label=question.text,
                choices=RATING_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": gettext_lazy("Choose a rating from 1 to 5.")},
            )
        self.fields["follow_up"].label = follow_up_wording
        self.order_fields([*self.keys, "comment", "follow_up"])

    def rating_fields(self):
        return [self[name] for name in self.keys]

    def ratings(self) -> dict[uuid.UUID, int]:
        return {key: self.cleaned_data[name] for name, key in self.keys.items()}


def _title(course) -> str:
    return course_titles({course.pk}, get_language()).get(course.pk, str(course))


@login_required
def course_evaluation(request, course_id):
    completion = evaluation.completion_of(request.user, course_id)
    if completion is None:
        return render(request, "courses/evaluation/not_completed.html", status=403)
    course = completion.course
    context = {"course": course, "title": _title(course)}
    if evaluation.response_of(request.user, course) is not None:
        if request.method == "POST":
            messages.info(request, _("You have already evaluated this course. Thank you!"))
            return redirect("course-evaluation", course_id=course.pk)
        context["consent"] = evaluation.consent_of(request.user, course)
        return render(request, "courses/evaluation/thanks.html", context)

    language = get_language()
    wording = evaluation.follow_up_wording()
    questions = evaluation.questions_for(course, language)
    form = EvaluationForm(
        request.POST if request.method == "POST" else None, questions=questions, follow_up_wording=wording
    )
    if form.is_valid():
        try:
            evaluation.submit_evaluation(
                request.user,
                course,
                ratings=form.ratings(),
                comment=form.cleaned_data["comment"],
                follow_up=wording if form.cleaned_data["follow_up"] else "",
                language=language,
            )
        except evaluation.AlreadyEvaluated as refusal:
            messages.info(request, refusal.message)
            return redirect("course-evaluation", course_id=course.pk)
        except evaluation.EvaluationRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Thank you for evaluating the course."))
            return redirect("course-evaluation", course_id=course.pk)
    context["form"] = form
    return render(request, "courses/evaluation/form.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def withdraw_follow_up(request, course_id):
    """Only the signed-in person's own consent for this course is ever touched."""
    if evaluation.withdraw_follow_up(request.user, course_id):
        messages.success(request, _("You have withdrawn your consent: we will not send the follow-up mail."))
    else:
        messages.info(request, _("There was no consent to the follow-up mail to withdraw."))
    if request.POST.get("back") == "privacy":  # withdrawn from the privacy centre
        return redirect("account-privacy")
    return redirect("course-evaluation", course_id=course_id)


# --- The Wagtail admin: results ------------------------------------------------------------


def results_index(request):
    if not evaluation.may_see_results(request.user):
        raise PermissionDenied
    courses = list(evaluation.courses_with_results_for(request.user).select_related("seller"))
    ids = [course.pk for course in courses]
    titles = evaluation.course_result_titles(ids, get_language())
    counts = evaluation.response_counts(ids)
    rows = sorted(
        (
            {
                "course": course,
                "title": titles.get(course.pk, course.code),
                "responses": counts.get(course.pk, 0),
            }
            for course in courses
        ),
        key=lambda row: row["title"].casefold(),
    )
    return TemplateResponse(request, "courses/admin/evaluation_index.html", {"rows": rows})


def results_detail(request, course_id):
    if not evaluation.may_see_results(request.user):
        raise PermissionDenied
    # Another seller's course is not found: its id tells nothing.
    course = get_object_or_404(evaluation.courses_with_results_for(request.user), pk=course_id)
    language = get_language()
    return TemplateResponse(
        request,
        "courses/admin/evaluation_results.html",
        {
            "course": course,
            "title": evaluation.course_result_titles([course.pk], language).get(course.pk, course.code),
            "results": evaluation.course_results(course, language),
        },
    )
