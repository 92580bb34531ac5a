"""The fixed texts every answer may carry: screening, triage notes, crisis resources, abstention.

They live in one place so that the console, the CLI and Discord say exactly the same thing,
and so that a clinician reviewing the bot can read all of it at once.
"""

from __future__ import annotations

SCREENING_QUOTE = (
    "All runners who have loss of leg coordination should be screened for other injuries and "
    "neurological problems as well."
)

SCREENING = (
    "This is not a diagnosis, and I can't examine you. As the summary says: \u201c"
    + SCREENING_QUOTE
    + "\u201d Please see a doctor or physical therapist to rule those out."
)

CRISIS_RESOURCES = (
    "If you might act on these thoughts or are in danger right now, call your local emergency "
    "number (911 in the US and Canada, 999 or 112 in the UK, 112 in the EU, 000 in Australia). "
    "You can call or text 988 in the US, call Samaritans on 116 123 in the UK and Ireland, or find "
    "a free, confidential helpline in your country at https://findahelpline.com."
)

CRISIS_REPLY = (
    "I'm really sorry you're going through this, and I'm glad you said something. Living with "
    "a problem that doctors struggle to name, and losing the running you love, is hard, and "
    "feeling this way makes sense. You don't have to carry it alone. Please reach out to someone "
    "right now: a friend, family member, your doctor or another clinician, or a "
    "crisis line. " + CRISIS_RESOURCES
    + " The moderators here care about you too, and you're welcome to keep talking with this "
    "community."
)

URGENT_NOTE = (
    "What you describe ({reasons}) is not how loss of leg coordination behaves and can be a "
    "sign of something that needs care today. Please see a clinician now: contact a doctor, "
    "go to an emergency department, or call your local emergency number."
)

SEE_DOCTOR_NOTE = (
    "You mentioned {reasons}. The summary describes loss of leg coordination as coming only "
    "while running, without numbness, shooting pain or pins and needles, so please see a "
    "clinician (a doctor or physical therapist) about this: it may be a different problem that "
    "can be treated."
)

ABSTAIN = (
    "I'm sorry, the summary and its literature list don't cover that, so I won't guess. "
    "I can help with what is known about loss of leg coordination while running (LLC): its "
    "symptoms, what makes it worse, who gets it, how it differs from runner's dystonia, the "
    "strategies runners found helpful, outcomes, and the nine published papers. For this "
    "question, try asking the community, who share their own experience, or a clinician."
)

INTRO = "Here is what the summary on loss of leg coordination (LLC) says:"

SUPPORT_REPLY = (
    "I'm sorry this is weighing on you so much. Losing running, or living with a body that "
    "won't do what it used to, is a real loss, and feeling low about it makes sense. You don't "
    "have to carry it alone: a doctor, a counsellor or another clinician can help with how "
    "you're feeling, and https://findahelpline.com lists free, confidential support lines in "
    "your country if you'd like to talk to someone. Many members here know this from the "
    "inside: if you'd like, use /match to be introduced to a runner with a similar story, or "
    "tell the community channel how you're doing."
)

MEDICATION_NOTE = (
    "Questions about a dose, or about starting, stopping or changing a medication (botulinum "
    "toxin included), are for the clinician who prescribes it: please don't change anything "
    "without them. The summary gives no doses or prescribing advice; anything quoted here is "
    "background for that conversation, not a recommendation."
)

FEAR_OF_DISEASE_NOTE = (
    "Whether this could be another illness (Parkinson's, MS or anything else) is a fair "
    "question, and only a doctor who examines you can answer it: the summary does not cover "
    "those illnesses. Please take the worry to your doctor or neurologist."
)

LOOKALIKE = (
    "What you describe does not sound like what the summary covers, so I won't answer it as "
    "loss of leg coordination while running (LLC). The summary describes LLC this way: "
    "\u201c{lead}\u201d ({title}). A problem with a sore spot, a moment it happened, "
    "numbness, pressure or pain that builds, or one outside running is worth having examined "
    "by a doctor or physical therapist; the community can share experience too."
)

STORY_INTRO = "Here is how the summary relates to what you wrote:"
ON_WHAT_YOU_ASKED = "On what you asked, the summary says:"
ON_YOUR_WORRY = "On what you asked:"
RELATES_TO_YOURS = "How this relates to what you wrote:"
ALSO_SAYS = "The summary also says:"

UNCOVERED_IN_STORY = (
    "You also mention {topic}: the summary does not cover that, so the community or a "
    "clinician is the place to ask."
)
