"""Plain-text page furniture: found by general cues, offsets of the story unchanged."""

from __future__ import annotations

from kg.read.boilerplate import furniture, story_regions
from kg.read.txt import article_from_text

APPEAL = (
    "Floods hit the coast\n"
    "Your support keeps our reporters in the field\n"
    "From elections to climate, the Daily Example covers what matters. We think facts should be free.\n"
    "Your donation makes it possible.Heavy rain flooded the river towns on Tuesday, officials said.\n"
    "Thousands of people left their homes.\n"
    "Join our commenting forum\n"
    "Follow other readers and reply\n"
    "Comments\n"
)


def _kept(text: str) -> str:
    return "".join(text[b:e] for b, e in story_regions(text))


def test_appeal_block_and_comment_prompts_are_furniture() -> None:
    kept = _kept(APPEAL)
    assert "Floods hit the coast" in kept
    assert "Heavy rain flooded the river towns on Tuesday, officials said." in kept
    assert "Thousands of people left their homes." in kept
    for gone in ("Your support", "Daily Example", "Your donation", "commenting forum", "other readers", "Comments"):
        assert gone not in kept


def test_story_text_blanks_furniture_and_keeps_offsets() -> None:
    article = article_from_text(APPEAL, id="b1", source_file="b1.txt", sha256="0" * 64)
    story = article.story_text()
    assert len(story) == len(APPEAL)
    begin = APPEAL.index("Heavy rain")
    assert story[begin:begin + 10] == "Heavy rain"
    assert "Daily Example" not in story
    assert story.count("\n") == APPEAL.count("\n")


def test_story_between_ad_markers_is_kept() -> None:
    text = ("Advertisement\n"
            "The minister resigned on Friday.\n"
            "Advertisement\n"
            "Her deputy will take over.\n"
            "Share this article\n")
    kept = _kept(text)
    assert "The minister resigned on Friday." in kept
    assert "Her deputy will take over." in kept
    assert "Advertisement" not in kept
    assert "Share this" not in kept


def test_ad_line_and_legal_notice() -> None:
    text = ("Limited edition mugs - Buy it Here!\n"
            "This report was originally posted by Example Radio. It is in the public domain. "
            "The river burst its banks overnight.\n")
    cut = [text[b:e] for b, e in furniture(text)]
    assert cut == ["Limited edition mugs - Buy it Here!",
                   "This report was originally posted by Example Radio.",
                   "It is in the public domain."]
    assert "The river burst its banks overnight." in _kept(text)


def test_plain_story_has_no_furniture() -> None:
    text = "The council approved the budget.\nWe will appeal, a resident said, \"and you will hear from us.\"\n"
    assert furniture(text) == []
    assert story_regions(text) == ((0, len(text)),)


def test_news_site_header_menu_and_related_footer_are_furniture():
    from kg.read.boilerplate import furniture

    text = ("Accessibility links\nSkip to content\nHome\nNews\nSport\nRiver floods a valley town\n"
            "Published 2 hours ago\nWater rose overnight in the valley. Plows worked.\n"
            "Related Topics\nFloods\nMore on this story\nStorm hits the coast\n"
            "Published\n3 May\nCopyright 2020 Example. All rights reserved.\n")
    marked = {text[b:e] for b, e in furniture(text)}
    assert {"Home", "News", "Sport", "Floods", "Storm hits the coast", "3 May"} <= marked
    assert not {"River floods a valley town", "Plows worked.", "Water rose overnight in the valley."} & marked
