from portfolio.text import clip


def test_clip_keeps_short_text_and_cuts_long_text_to_the_width():
    assert clip("Nord", 80) == "Nord"
    assert clip(None, 5) == ""
    assert clip("abcdefgh", 5) == "abcde"


def test_clip_with_ellipsis_stays_within_the_width():
    cut = clip("a long milestone title", 10, ellipsis=True)
    assert cut == "a long mi…" and len(cut) == 10
