# Whole documents through the default cleaner: articles whose real content looks like
# debris come out untouched by rules, and a page full of debris comes out as the article.
from __future__ import annotations

import pytest

import cleaner

# Each text is real content that resembles debris; no rule may change it.
HARD_NEGATIVES = {
    "headline-like-widget-labels": (
        "Don't Miss the Lantern Parade: A Guide to Saturday\n\n"
        "Stay in Touch With Your Neighbours This Winter\n\n"
        "The parade leaves the library at 5 p.m. Most popular with children are the lanterns "
        "shaped like fish, which volunteers make in workshops the week before.\n\n"
        "Related events run all weekend. Read more about them in the printed programme, or "
        "subscribe to the newsletter by calling the town hall.\n"
    ),
    "quoted-cookie-and-channel-wording": (
        "Why every site asks about cookies\n\n"
        "A typical banner says “We use cookies to improve your experience” and offers a green "
        "button marked “Accept All”.\n\n"
        "“Join our WhatsApp channel,” the school told parents in March, and 400 did.\n\n"
        "We use cookies in the staff room on Fridays, and nobody has asked for consent yet.\n"
    ),
    "sports-report-with-score-lines": (
        "Harbour United 2–1 Calder: late goal settles derby\n\n"
        "HT: Harbour United 0–1 Calder\nFT: Harbour United 2–1 Calder\n\n"
        "Turning point\n\n"
        "The switch to a back three changed the game within ten minutes.\n\n"
        "Reactions\n\n"
        "“We were too polite,” the manager said.\n"
    ),
    "weather-story-with-temperatures-and-dates": (
        "Cold snap breaks records across the valley\n\n"
        "Lowest readings on Friday:\n\n"
        "Pell Crossing: -19.7 C\nUpper Fennick: -23.1 C\n\n"
        "A milder spell is expected from Tuesday, January 14, with highs near 0 C.\n"
    ),
    "dateline-and-agency-mentions": (
        "SEOUL, South Korea (AP) — Officials met on Friday, according to AFP and Reuters.\n"
        "By Monday, the talks had moved to a second round.\n"
        "The post office appeared first on the list of closures, the minister said.\n"
    ),
    "profile-of-a-journalist": (
        "After 40 years, Ana Ferris files her last story\n\n"
        "Ana Ferris joined the Valley Post in 1985 as a typist. She is best known for her "
        "reporting on the 1997 flood, which won a regional award.\n\n"
        "Ferris says she plans to garden and to write a history of the valley.\n"
    ),
    "list-of-platforms-in-prose": (
        "Regulators fined four platforms on Tuesday.\n\n"
        "The fines went to:\n"
        "Facebook\nTwitter\nTikTok\nSnapchat\n\n"
        "All four said they would appeal.\n"
    ),
    "german-and-french-content": (
        "Der Verein hat Anzeige gegen Unbekannt erstattet.\n\n"
        "« C’est une question de dignité », a déclaré la sénatrice à la tribune.\n\n"
        "Une réforme contestée\n\n"
        "Le texte doit désormais être examiné par l’Assemblée nationale.\n"
    ),
}


@pytest.mark.parametrize("name", sorted(HARD_NEGATIVES))
def test_hard_negatives_survive(default_cleaner, name):
    text = HARD_NEGATIVES[name]
    result = default_cleaner.clean(text)
    by_rules = [r for r in result.removals if r.category not in ("whitespace", "encoding")]
    assert by_rules == [], f"{name}: rules removed {[(r.rule, r.text) for r in by_rules]}"
    assert result.text == text.strip("\n")


# The article, paragraph by paragraph; the page interleaves it with debris.
HEADLINE = "Lakeport approves new ferry terminal"
PARAGRAPHS = [
    "Lakeport council voted 7–2 on Monday to build a ferry terminal on the old rail yard, "
    "ending a decade of argument about what to do with the site.",
    "The terminal will open in 2027, the council said. It will have a covered waiting hall, a "
    "cycle park for 200 bikes and a bus stop at the door, and it will replace the wooden pier "
    "that has served the island crossing since 1961.",
    "Supporters said the new berth would let larger and quieter electric ferries call at "
    "Lakeport, cutting the crossing to 25 minutes and ending the summer queues of cars that "
    "block Quay Street for hours.",
    "Opponents on the council said the cost, put at 38 million, had risen by a third since the "
    "plan was first drawn up, and that the town should first repair the sea wall, which was "
    "damaged in last winter's storms.",
    "Construction starts in the autumn. The operator said sailings would continue from the old "
    "pier until the day the terminal opens, and that fares would not rise to pay for it.",
    "Island residents, who make up most of the ferry's winter passengers, asked for a say in the "
    "timetable. The council agreed to set up a users' group before the first sailing from the new "
    "berth and to publish its minutes.",
    "The rail yard closed in 1994. Since then it has been used as a car park, a fairground and, "
    "for one summer, a film set, and two earlier plans for flats on the site were dropped.",
]

DIRTY_PAGE = "\n\n".join([
    "21.3 C\nLakeport\nMonday, June 2, 2025",
    "Home » News » Local",
    HEADLINE,
    "By ANA SILVA",
    PARAGRAPHS[0],
    "HARBOUR-FERRY-TERMINAL A ferry leaves the old pier in Lakeport on Sunday | AFP",
    "Advertisement",
    PARAGRAPHS[1],
    "Great news for commuters! pic.twitter.com/Ab12Cd34Ef\n"
    "— Lakeport Ferries (@LakeportFerries) June 2, 2025",
    PARAGRAPHS[2],
    "ALSO READ: Harbour fees to rise in July",
    PARAGRAPHS[3],
    PARAGRAPHS[4],
    PARAGRAPHS[5],
    PARAGRAPHS[6],
    "Share this:\nClick to share on Twitter (Opens in new window)\n"
    "Click to share on Facebook (Opens in new window)",
    "Like this:\nLike Loading...",
    "ANA SILVA\nANA SILVAhttps://lakeport-news.example/\n"
    "Ana covers the council and transport for the Lakeport News.",
    "Related Posts:\nHarbour fees to rise in July\nNew bus lanes for Quay Street",
    "Leave a Reply Cancel reply\nYour email address will not be published. Required fields are marked *\n"
    "Comment *\nName *\nEmail *\nPost Comment",
    "Join our WhatsApp Channel to get the latest news, exclusives and videos on WhatsApp",
    "This website uses cookies to improve your experience. We'll assume you're ok with this, "
    "but you can opt-out if you wish. Cookie settingsACCEPT",
    "© 2025 Lakeport News. All Rights Reserved.",
])


def test_dirty_page_comes_out_as_the_article(default_cleaner):
    result = default_cleaner.clean(DIRTY_PAGE)
    assert result.warnings == ()
    assert result.text == "\n\n".join([HEADLINE, *PARAGRAPHS])
    assert cleaner.restore(result.text, result.removals) == DIRTY_PAGE
    categories = {r.category for r in result.removals}
    assert {"header", "byline", "caption", "ads", "social", "navigation", "share", "comments", "cta",
            "consent", "footer"} <= categories


def _change_log(entries: int, titled: dict[int, str]) -> str:
    """A git log of ``entries`` commits, each with a short body; ``titled`` gives some
    commits their own title."""
    parts = []
    for i in range(entries):
        title = titled.get(i, f"Fix the parser for case {i}")
        parts.append(
            f"commit {i:040x}\nAuthor: Ann Lee <ann@example.org>\n\n    {title}\n\n"
            f"    The scanner now stops at byte {i} of the buffer.\n\n src/scan.c | 2 +-\n"
        )
    return "\n".join(parts)


def test_a_comments_line_far_from_the_end_heads_no_thread(default_cleaner):
    """A commit titled "Comments" far up a long log is content, and so is everything
    under it: the thread rule once took the rest of the log."""
    log = _change_log(1000, {600: "Comments"})
    result = default_cleaner.clean(log)
    assert [r.rule for r in result.removals if r.category == "comments"] == []


def test_a_comments_heading_near_the_end_still_takes_its_thread(default_cleaner):
    text = _change_log(30, {}) + "\n2 comments\nLovely fix!\nThanks, it works here too.\n"
    result = default_cleaner.clean(text)
    assert "Lovely fix!" not in result.text and "Thanks, it works" not in result.text
    assert "case 29" in result.text
