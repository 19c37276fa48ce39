"""The journey context: what the question pages ask of the route they are served on.

The same pages serve two routes. The public asks for a review online, and their browser's session
finds their draft; a member of staff enters a request that came by phone, post, email or in person,
and an id in the address finds theirs (views/entry.py). A context knows the route's URL names, its
layout, how its draft is found and started, and what happens on leaving or sending.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from datetime import date
from functools import wraps
from typing import Any, ClassVar, TypeVar, cast

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from community_trigger.agencies.models import Partnership
from community_trigger.agencies.public_pages import kept_partnership
from community_trigger.applications import journey
from community_trigger.applications.models import Draft
from community_trigger.applications.questions import QUESTIONS, Question
from community_trigger.applications.selectors import draft_for_browser
from community_trigger.applications.services import (
    draft_start,
    draft_submit,
    draft_update,
    resume_code_issue,
    status_token,
)
from community_trigger.cases.models import Application
from community_trigger.notifications.links import NoSiteUrl, site_url

DRAFT_SESSION_KEY = "draft:{slug}"
CODE_SESSION_KEY = "code:{slug}"
SUBMITTED_SESSION_KEY = "submitted:{slug}"

View = TypeVar("View", bound=Callable[..., HttpResponse])


class JourneyRedirect(Exception):
    """Raised deep inside a page to answer with a redirect (no draft yet, or a page out of order)."""

    def __init__(self, url: str) -> None:
        self.url = url


def redirecting(view: View) -> View:
    """Lets a helper deep inside a view answer with a redirect, by raising JourneyRedirect."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except JourneyRedirect as redirect_to:
            return HttpResponseRedirect(redirect_to.url)

    return cast(View, wrapped)


class JourneyContext(ABC):
    """One route through the question pages: its addresses, its layout, its draft."""

    namespace: ClassVar[str]  # of the route's URL names, which are the same on every route
    layout: ClassVar[str]  # the template every question page extends
    questions: ClassVar[Mapping[str, Question]] = QUESTIONS
    templates: ClassVar[Mapping[str, str]] = {}  # a page's template, where the route draws it its own way

    def __init__(self, request: HttpRequest, partnership: Partnership, draft: Draft | None) -> None:
        self.request = request
        self.partnership = partnership
        self.draft = draft

    @abstractmethod
    def url_args(self) -> list[str]:
        """What comes before a page's own arguments in each of the route's addresses."""

    @property
    @abstractmethod
    def start_url(self) -> str:
        """The page before the first question: its back link goes there, and so does a page asked for
        without a draft."""

    @property
    def received_on(self) -> date | None:
        """The day the request was received, when it is known before it is sent (entered by staff)."""
        return None

    @abstractmethod
    def started_draft(self) -> Draft:
        """The draft to keep a first answer in, started now if there is none yet."""

    def leave(self, page: str, answer: Mapping[str, Any]) -> HttpResponse:
        """Keep `answer`, which `page` explains: sharing refused (nothing is deleted until the person
        confirms) or a complaint about staff behaviour (the request carries on)."""
        draft_update(draft=self.started_draft(), changes=answer)
        return redirect(self.url(page))

    @abstractmethod
    def saved_for_later(self) -> HttpResponse:
        """Where "Save and come back later" leads, once the page being typed is kept."""

    @abstractmethod
    def submit(self, draft: Draft) -> HttpResponse:
        """Send the complete draft, and show where that leads."""

    @abstractmethod
    def _render(self, template: str, context: dict[str, Any]) -> HttpResponse: ...

    def already_sent(self) -> HttpResponse | None:
        """Where to show what was sent, when check answers is asked for again after sending."""
        return None

    def url(self, name: str, *args: str) -> str:
        return reverse(f"{self.namespace}:{name}", args=[*self.url_args(), *args])

    def step_url(self, step: str) -> str:
        return self.url("step", step)

    @property
    def changing(self) -> bool:
        """True when the person came from check answers, so saving returns them there."""
        return self.request.GET.get("change") == "1"

    def keep_changing(self, url: str) -> str:
        """`url`, still on the way back to check answers if that is where the person came from."""
        return f"{url}?change=1" if self.changing else url

    def require_draft(self, step: str) -> Draft:
        """The draft, if `step` may be seen yet; otherwise a redirect to where the person should be."""
        if self.draft is None:
            raise JourneyRedirect(self.start_url)
        if not journey.can_visit(step, self.draft.answers):
            raise JourneyRedirect(self.step_url(journey.first_unanswered(self.draft.answers)))
        return self.draft

    def status_url(self, application: Application) -> str:
        """The applicant's own link to their request's progress, for the confirmation email; empty when
        the site does not know its address (the email then goes without it: the reference still helps)."""
        path = reverse("applications:status", args=[self.partnership.slug, status_token(application)])
        try:
            return site_url(path)
        except NoSiteUrl:
            return ""

    def render(self, template: str, **context: Any) -> HttpResponse:
        return self._render(
            self.templates.get(template, template),
            {
                "partnership": self.partnership,
                "journey": self,
                "layout": self.layout,
                "changing": self.changing,
                **context,
            },
        )


# The public's journey, found through the browser's session ----------------------------------------


def partnership_or_404(slug: str, request: HttpRequest | None = None) -> Partnership:
    """The partnership of a public page; with the `request`, the one the language middleware already
    found and kept, when it is a page asked for with GET (agencies/public_pages.py)."""
    if request is not None:
        kept = kept_partnership(request, slug)
        if kept is not None:
            return kept
    return get_object_or_404(Partnership, slug=slug)


def session_draft(request: HttpRequest, partnership: Partnership) -> Draft | None:
    """The draft this browser is filling in for `partnership`, if it is still there, unsubmitted and
    still this browser's (opening a "carry on later" link elsewhere takes it away)."""
    kept = request.session.get(DRAFT_SESSION_KEY.format(slug=partnership.slug))
    if not isinstance(kept, dict):
        return None
    return draft_for_browser(
        partnership=partnership, draft_id=str(kept.get("draft", "")), browser_key=str(kept.get("key", ""))
    )


def remember_draft(request: HttpRequest, draft: Draft, browser_key: str) -> None:
    """This browser now fills in `draft`, which it finds again with `browser_key`."""
    request.session[DRAFT_SESSION_KEY.format(slug=draft.partnership.slug)] = {
        "draft": str(draft.pk),
        "key": browser_key,
    }


def forget_draft(request: HttpRequest, partnership: Partnership) -> None:
    request.session.pop(DRAFT_SESSION_KEY.format(slug=partnership.slug), None)
    request.session.pop(CODE_SESSION_KEY.format(slug=partnership.slug), None)


def remember_code(request: HttpRequest, partnership: Partnership, code: str) -> None:
    """The code just given for the saved answers, kept in the (server-side) session only so that the
    saved page can show it and text it; the database keeps only its hash."""
    request.session[CODE_SESSION_KEY.format(slug=partnership.slug)] = code


def session_code(request: HttpRequest, partnership: Partnership) -> str:
    return str(request.session.get(CODE_SESSION_KEY.format(slug=partnership.slug), ""))


def session_submitted(request: HttpRequest, partnership: Partnership) -> Application | None:
    """The application this browser sent last for `partnership`, for its confirmation page."""
    application_id = request.session.get(SUBMITTED_SESSION_KEY.format(slug=partnership.slug))
    if not application_id:
        return None
    return Application.objects.filter(pk=application_id, partnership=partnership).first()


def step_url(partnership: Partnership, step: str) -> str:
    return reverse("applications:step", args=[partnership.slug, step])


class PublicJourney(JourneyContext):
    """Someone asking online. Nothing is kept for a person the procedure cannot help."""

    namespace = "applications"
    layout = "applications/layout.html"

    def __init__(self, request: HttpRequest, partnership: Partnership) -> None:
        super().__init__(request, partnership, session_draft(request, partnership))

    def url_args(self) -> list[str]:
        return [self.partnership.slug]

    @property
    def start_url(self) -> str:
        return self.url("start")

    def started_draft(self) -> Draft:
        if self.draft is None:
            self.draft, browser_key = draft_start(partnership=self.partnership)
            remember_draft(self.request, self.draft, browser_key)
        return self.draft

    def saved_for_later(self) -> HttpResponse:
        # A fresh code for this save, shown once on the next page; any earlier ones still work.
        assert self.draft is not None
        remember_code(self.request, self.partnership, resume_code_issue(draft=self.draft))
        return redirect(self.url("saved"))

    def submit(self, draft: Draft) -> HttpResponse:
        application = draft_submit(draft=draft, status_url_for=self.status_url)
        forget_draft(self.request, self.partnership)
        self.request.session[SUBMITTED_SESSION_KEY.format(slug=self.partnership.slug)] = application.pk
        return redirect(self.url("confirmation"))

    def already_sent(self) -> HttpResponse | None:
        # A refresh or a second click after submitting: show what was sent, never send it again.
        if self.draft is None and session_submitted(self.request, self.partnership) is not None:
            return redirect(self.url("confirmation"))
        return None

    def _render(self, template: str, context: dict[str, Any]) -> HttpResponse:
        return render(self.request, f"applications/{template}", context)


def public_journey(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A question page on the public route: /<partnership>/apply/…, the draft from the session."""

    @wraps(view)
    def wrapped(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        return view(request, PublicJourney(request, partnership_or_404(slug, request)), *args, **kwargs)

    return wrapped
