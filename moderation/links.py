"""Links: Discord invites, phishing lookalikes, and sites outside the community's allowlist."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import tldextract

from moderation.config import Action, LinkSettings
from moderation.verdict import Finding

_TLDS = (
    "com|org|net|edu|gov|io|gg|co|uk|us|ca|au|nz|ie|de|fr|nl|es|it|ru|cn|in|info|biz|xyz|top"
    "|site|online|shop|store|app|link|live|me|tv|cc|ly|to|gift|gifts|click|club|vip|pro|work"
    "|fun|icu|buzz|ws|su|tk|ml|ga|cf|gq|pw|win|bid|loan|health|page|blog|news|int"
)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'`|\[\]{}]+"
    rf"|(?<![@\w.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})\b(?:/[^\s<>\"'`|\[\]{{}}]*)?"
)
# Invites written to dodge link detection: "discord . gg / abc", "discord dot gg/abc".
_SPACED_INVITE = re.compile(
    r"\bdiscord(?:app)?\s*(?:\.|dot)\s*(?:gg|com\s*/\s*invite|me|io)\s*/\s*[a-z0-9-]{2,}"
)
_INVITE_HOSTS = frozenset({"discord.gg", "dsc.gg", "invite.gg", "discord.me", "discord.io"})
_INVITE_PATH_HOSTS = frozenset({"discord.com", "discordapp.com"})
_LOOKALIKE_DIGITS = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t"})


@dataclass(frozen=True, slots=True)
class Link:
    """A link's lowercased host (without "www.") and path."""

    host: str
    path: str


def extract_links(lower_text: str) -> list[Link]:
    """Every link in lowercased text, with or without a scheme."""
    links = []
    for match in _URL.finditer(lower_text):
        url = match.group(0).rstrip(".,;:!?'\")>")
        rest = url.split("://", 1)[-1]
        host, _, path = rest.partition("/")
        host = host.rpartition("@")[2].split(":", 1)[0].split("?", 1)[0].rstrip(".")
        links.append(Link(host=host.removeprefix("www."), path="/" + path))
    return links


class LinkChecker:
    """Invites and phishing are removed; unknown sites wait for a moderator."""

    def __init__(self, settings: LinkSettings, scam_action: Action) -> None:
        self._settings = settings
        self._scam_action = scam_action
        self._allowed = [_split_entry(entry.lower()) for entry in settings.allowed_domains]
        brands = settings.protected_brands
        self._brand_names = tuple(brand.lower() for brand in brands)
        self._official = tuple(
            domain.lower() for domains in brands.values() for domain in domains
        )
        # Reading the bundled suffix list takes tens of milliseconds: here, not on a message.
        _public_suffixes()("example.com")

    def check(self, lower_text: str, links: list[Link], *, new_member: bool) -> list[Finding]:
        """Findings for the links of one message (already extracted by the caller)."""
        if not self._settings.enabled:
            return []
        findings: list[Finding] = []
        if _SPACED_INVITE.search(lower_text) or any(_is_invite(link) for link in links):
            findings.append(self._invite())
        for link in links:
            if _is_invite(link) or self._is_allowed(link):
                continue
            brand = _imitated_brand(link.host, self._brand_names, self._official)
            findings.append(self._unknown(new_member) if brand is None else self._phishing(brand))
        return findings

    def _is_allowed(self, link: Link) -> bool:
        return any(
            _on_domain(link.host, domain) and link.path.startswith(prefix)
            for domain, prefix in self._allowed
        )

    def _invite(self) -> Finding:
        return Finding(
            category="link",
            action=self._settings.invite_action,
            reason="Invites to other Discord servers are not allowed here.",
            advice="If you think a server would help the community, ask a moderator to share it.",
            harm=True,
        )

    def _phishing(self, brand: str) -> Finding:
        return Finding(
            category="scam",
            action=self._scam_action,
            reason=f"The message links to a site imitating {brand.capitalize()}, a likely scam.",
            advice=(
                "Don't open or share that link. If you didn't post it yourself, change your "
                "password and turn on two-factor authentication."
            ),
            harm=True,
        )

    def _unknown(self, new_member: bool) -> Finding:
        if new_member:
            return Finding(
                category="link",
                action=self._settings.new_member_action,
                reason=(
                    "New members cannot post links to sites outside the community's trusted "
                    "list yet."
                ),
                advice="Post the link again once you have been here a while, or ask a moderator.",
                harm=True,
            )
        return Finding(
            category="link",
            action=self._settings.unknown_domain_action,
            reason=(
                "The message links to a site outside the community's trusted list, so a "
                "moderator will check it."
            ),
            advice="Link to research (PubMed, DOI) or ask a moderator to add the site.",
            harm=True,
        )


# Spam repeats the same few hosts: remember answers rather than recompute edit distances.
@lru_cache(maxsize=1024)
def _imitated_brand(host: str, brands: tuple[str, ...], official: tuple[str, ...]) -> str | None:
    """The brand a host pretends to be, judged on its names with lookalike characters undone
    ("dlscord", "stearncommunity", "discord-nitro.gift")."""
    if any(_on_domain(host, domain) for domain in official):
        return None
    for name in _names(host):
        for brand in brands:
            if _imitates(name, brand):
                return brand
    return None


def _split_entry(entry: str) -> tuple[str, str]:
    domain, _, path = entry.partition("/")
    return domain, "/" + path if path else "/"


def _on_domain(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def _is_invite(link: Link) -> bool:
    if link.host in _INVITE_HOSTS:
        return len(link.path) > 1
    return link.host in _INVITE_PATH_HOSTS and link.path.startswith("/invite/")


@lru_cache(maxsize=1)
def _public_suffixes() -> tldextract.TLDExtract:
    """The public suffix list bundled with tldextract: never fetched (no URLs, no cache
    directory), so a link check cannot wait on the network. Private suffixes count too:
    "discord-nitro.vercel.app" is registered by whoever holds "discord-nitro"."""
    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


def _names(host: str) -> list[str]:
    """The host's labels below its public suffix, whole and split on hyphens."""
    parts = _public_suffixes()(host)
    # A suffix the list does not know: every label but the last.
    labels = (
        [*parts.subdomain.split("."), parts.domain] if parts.suffix else host.split(".")[:-1]
    )
    names = []
    for label in filter(None, labels):
        plain = label.translate(_LOOKALIKE_DIGITS).replace("rn", "m").replace("vv", "w")
        names.append(plain.replace("-", ""))
        names.extend(part for part in plain.split("-") if part)
    return names


def _imitates(name: str, brand: str) -> bool:
    if name == brand or (len(brand) >= 7 and brand in name):
        return True
    if len(name) < len(brand) - 1:
        return False
    return _edit_distance(name, brand, limit=2) <= (1 if len(brand) <= 6 else 2)


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (swaps count once), giving up past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
