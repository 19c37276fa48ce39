"""What the person reads about their data, in words (and in Welsh): the kinds of record and their
fields in the export's PDF, and the lawful reasons in the letter refusing erasure. Kept apart from the
staff pages' strings so that the translations test holds every one of these to a Welsh translation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from community_trigger.datarequests.models import RefusalGround

# Each kind of record in words, for the search's results and the export (which the person reads).
SOURCE_WORDS = {
    "person": _("Person on the case"),
    "perpetrator": _("Alleged perpetrator"),
    "place": _("Place on the case"),
    "incident": _("Incident reported"),
    "diary": _("Case diary entry"),
    "document": _("Document on the case"),
    "letter": _("Letter from the partnership"),
    "message": _("Email or text message"),
    "answer": _("Agency's answer"),
    "meeting": _("Review meeting"),
}

# The fields in words, for the PDF the person reads (the JSON keeps the names). Worded apart from the
# staff pages' labels, which stay English in the Welsh catalogue, so that these can be translated.
FIELD_WORDS = {
    "role": _("Role on the case"),
    "name": _("Name"),
    "names": _("Names"),
    "address": _("Address"),
    "postcode": _("Postcode"),
    "email": _("Email address"),
    "phone": _("Phone number"),
    "relationship_to_victim": _("Relationship to the victim"),
    "description": _("Described as"),
    "date": _("Date"),
    "location": _("Where"),
    "kind": _("Kind"),
    "happened_at": _("When it happened"),
    "with_whom": _("With whom"),
    "summary": _("What was recorded"),
    "uploaded_at": _("Date added"),
    "subject": _("Letter subject"),
    "recipient_name": _("Sent to"),
    "recipient_address": _("Address it went to"),
    "recipient_email": _("Email address it went to"),
    "created_at": _("Written"),
    "body_text": _("Text"),
    "channel": _("Sent by"),
    "to": _("Sent to"),
    "sent_at": _("Date sent"),
    "action_taken": _("Action taken"),
    "outcome": _("Outcome"),
    "other_history": _("Other history with the agency"),
    "risk": _("Risk"),
    "answered_at": _("Answered"),
    "starts_at": _("Meeting date"),
    "findings": _("Panel's findings"),
    "applicant_comments": _("Comments"),
    "summary_for_applicant": _("Summary for the applicant"),
}

# The UK GDPR Article 17(3) grounds, as the letter gives them.
GROUND_WORDS = {
    RefusalGround.LEGAL_OBLIGATION: _("Needed to comply with a legal obligation (Article 17(3)(b))"),
    RefusalGround.PUBLIC_TASK: _("Needed for a task in the public interest (Article 17(3)(b))"),
    RefusalGround.LEGAL_CLAIMS: _("Needed for legal claims (Article 17(3)(e))"),
    RefusalGround.ARCHIVING: _("Archiving in the public interest or statistics (Article 17(3)(d))"),
    RefusalGround.OTHER: _("Another reason"),
}
