"""Screening finds spun copies of part of a source, and sources copied into
part of a longer suspect, at the default settings.

Trial finding: a spun copy of part of a source (550 words spun from a
1,342-word source) got "no-match" from ``screen``: its skeleton Jaccard
similarity with the whole source (0.2-0.3) is where the default 42 x 3 LSH
bands find a pair about half the time. The index now also holds chunks of
long documents and looks up chunks of long suspects
(:mod:`spindetect.screening.chunks`). Each case below is data: the sources
(seed articles joined, or handwritten distractors), the suspect, what
``screen`` should say.
"""

from __future__ import annotations

import pytest
from conftest import seed

from spindetect import screen
from spindetect.screening.index import SourceIndex

# Two handwritten paragraphs on other subjects: distractors, no one's copy.
GARDEN = (
    "Most vegetables need at least six hours of direct sun a day, so the first job in spring is to find the "
    "brightest corner of the garden. Dig the soil to the depth of a spade, remove the roots of perennial weeds "
    "and work in a few buckets of compost. Sow lettuce, radish and spinach in short rows every two weeks, so "
    "that the harvest comes a little at a time instead of all at once. Tomatoes and beans are sown indoors in "
    "pots and planted out when the nights are warm. Water in the morning rather than the evening, at the foot "
    "of the plants, and keep the leaves dry. A layer of straw between the rows holds the moisture in the "
    "ground and keeps the slugs away from the young plants. By the end of the summer the beds can be cleared "
    "and sown with green manure, which is dug in before the winter frosts."
)
KITCHEN = (
    "A good loaf of bread needs only four things: flour, water, salt and time. Mix the flour with most of "
    "the water and leave it for half an hour before adding the salt and the yeast, so that the flour can "
    "soak. Knead the dough on a board for ten minutes, until it is smooth and springs back when pressed with "
    "a finger. Let it rise in a warm place for two hours, fold it over itself a few times, and shape it into "
    "a round. Bake it in the hottest oven you have, with a tray of water on the floor of the oven for the "
    "first twenty minutes, then lower the heat and bake it until the crust is dark and the loaf sounds hollow "
    "when it is tapped underneath. Leave it to cool for an hour before cutting it, or the crumb will be sticky."
)

# Spun copies of part of the source "002+004" (the AP seed and the NYT seed
# joined: 1,873 words), made once with devtools.spinners.WordNetSpinner at
# 30% substitution (random.Random(rng)) from a run of sentences covering 29%
# of the source's characters, starting at sentence `first` (as
# devtools.spinners is slow to load, the texts are kept here). Skeleton
# Jaccard similarity with the whole source: 0.28 ("sentence-40") and 0.28
# ("sentence-4"); containment 0.91 and 0.89.
SPUN_PARTS = {
    "sentence-40": (
        "Washington and NATO friends have rejected Russia’s demands but have put forth a number of proposals "
        "and are seeking dialogue with Russian capital.\n\nBlinken told newspersons at the White House on "
        "Wednesday that U.S. Ambassador to the Russian Federation John Sullivan delivered the Biden "
        "administration’s published responses to the Russian Ministry of Strange Personal matters in Russian "
        "capital in person. He said the proposals the United States Government have put forward can address "
        "Russia’s concerns at the same time as raising the security of NATO fellow member states.\n\nThe Biden "
        "administration, in the written document delivered to Moscow, made clear the core principles it is "
        "committed to defending, which includes “Ukrayina’s sovereignty and territorial reserve integrity, "
        "and the redress of provinces to choose their own security arrangements and alliances,” Blinken told "
        "newsmans.\n\n“We’ve addressed the possibility of multiplicative inverse transparence measures "
        "considering force posture in Ukraine, as well as mensurates to growth authority regarding war "
        "machine exercises and maneuvers in Europe,” Blinken said.\n\n“And we address other countries where we "
        "see potency for shape up, including arms control related to missiles in EC, our interest in a "
        "follow-on agreement to the New START accord that covers all atomic weapons, and styles to addition "
        "transparency and stability,” he brought.\n\nUnder the New START accord, the United States and Soviet "
        "Union are limited to an match list of deployed strategical loads and weapons carrying them.\n\nBlinken"
        " told the U.S. responses were “full coordinated with Ukraine and our European friends and "
        "cooperators.”\n\n“I expect to speak to [Russian] Foreign Minister Lavrov in the coming years after "
        "Moscow has had a chance to read the paper and is ready to discuss next steps,” Blinken said. “There "
        "should be to be sure round our seriousness of purpose when it comes to diplomatic negotiations, and "
        "we’re playing with equal focus and coerce to bolster Ukraine’s defenses and train a fleet, united "
        "response to further Russian aggression.”\n\nNATO Secretary Full general Jens Stoltenberg talks of the "
        "town during a articulatio pressconference at the NATO headquarters in Belgian capital, Belgique, on "
        "January. 24, 2022. (John Thys/AFP via Getty Images)\n\nShortly after Blinken’s news conference, NATO "
        "Secretary-Full general Jens Stoltenberg said at an online briefing that the alliance had sent a "
        "separate reply to Russia.\n\nStoltenberg told reporters there were three master expanses where NATO "
        "southeastwards room for get on—NATO-Russia intercourses; European protection; and risk reduction, "
        "transparency, and arms operate.\n\nSpecifically, Stoltenberg called to re-establish communications and"
        " diplomatical ties between Russia and the 30-member alliance to help improve dealings and foreclose "
        "armed services incidents or accidents.\n\nHe also said that NATO is prepared to engage with Moscow in "
        "“a real number conversation on how to uphold and beef up the basicses of European security.”\n\n“This "
        "admits the right of each nation to select its own security systems,” he noted, calling on Russian "
        "capital to “refrain from coercive force posturing, aggressive empty words, and malign activities "
        "guided against Allies and other nations.”\n\n“Russia should furthermore withdraw its forces from "
        "Ukraine, Peach State, and Moldavia, where they are deployed without these commonwealths’ consent,” "
        "he added.\n\nNATO too offered a serial of approaches to increase military transparency and discuss "
        "blazon control—including on nuclear weapons and missiles. “These areas exemplify an schedule for "
        "meaningful dialogue, and I have invited Friends and Russia to a series of meetings to reference all "
        "of these brings out in greater detail in the NATO-Russia Council,” he read."
    ),
    "sentence-4": (
        "The U.S. proposals, resounded in the NATO document, include the potency for negotiations over "
        "offence missile placements and military workouts in Easterly Europe besides as broad arms control "
        "agreements as long as Soviet Union withdraws its troops from the Ukrainian border and agrees to halt"
        " inflammatory grandiloquence designed to deepen divisions and disagree among the allies and inside "
        "Ukraine itself.\nThe responses were not unexpected and mirrored what senior U.S. and NATO officials "
        "have been saying for weeks. Notwithstanding, they and the eventual Russian chemical reaction to them"
        " could ascertain whether Europe might once more be soaked up into warfare.\nOral presentation to "
        "Russian lawgivers Wednesday before the U.S. and NATO responses were presented, Lavrov enunciated he "
        "and other transcend officials will rede Putin on the next steps.\nIn freestanding published reactions"
        " delivered to the Russians, the U.S. and NATO held firm to the bond's open-door policy for rank, "
        "rejected a exact to permanently banish Ukraine from getting together, and said allied deployments of"
        " troops and armed services equipment in Easterly Europe are nonnegotiable.\nSpeech production to "
        "reporters in Washington, Blinken said Soviet Russia would not be surprised by the contents of the "
        "several-foliate American text file that U.S. Ambassador to Russia John Edward Vincent Sullivan "
        "delivered Wed to the Russian Extraneous Ministry.\nRussian capital has postulated guarantees NATO "
        "will ne'er admit Ukraine and other ex-Soviet lands as members and the alliance will roll back flock "
        "deployments in former Soviet axis nations. Some of these, the likes of the membership pledge, are "
        "nonstarters for the U.S. and its friends, making a apparently intractable deadlock that many fear "
        "can only end in a war.\nThere was no contiguous response from Russia however Russian officials have "
        'discouraged Russian capital would quickly take "retributory measures" if the U.S. and its allies '
        'reject its requirements.\n"If the West goes forward its aggressive course, Moscow will take the '
        'necessary retaliatory measures," Lavrov said.\nAs component of the drills, mechanized infantry and '
        "artillery units in southwesterly Russia rehearsed firing live ammunition, warplanes in Kaliningrad "
        "on the Baltic Sea executed bombing runs, dozens of warships swept for preparation exercises in the "
        "Euxine Sea and the Gumshoe, and Russian fighter aircraft spurts and paratroopers arrived in Belarus "
        "for articulatio war games.\nAlso not up for dialogue will be the U.S. and European reply to any "
        "Russian invasion of Ukraine, he said, repeating the mantra that any such incursion would be ran into"
        ' with massive consequences and spartan economical costs.\n"We\'ll realize how they react," he said. '
        "\"But there's to be sure in my mind that if Russia were to approach this seriously and in a spirit up"
        " of reciprocity with a determination to enhance collective security for all of us, there are very "
        "positive degree things in this in this document that could be pursued. We can't make that decision "
        'for President Putin."\nBlinken said he skipped to speak with Russian Foreign Minister Sergey Lavrov '
        "about the response in the coming years. Nonetheless, he stressed the conclusion about going after "
        "discreetness or infringe rests with Russia and, more specifically, with Russian President Vladimir "
        'Putin.\n"There is no change, there will be no alter," Secretary of State Antony Blinken said.\n"Russia'
        " should refrain from coercive force posing, strong-growing rhetoric and malefic activities directed "
        "against friends and other countries. Russia should also withdraw its forces from Ukraine, Sakartvelo"
        ' and Moldova, where they are deployed with out these countries\' go for," he said.\n"All told it sets '
        "out a dangerous diplomatic path forward."
    ),
}


def _text(spec: str) -> str:
    """A text named in a case: names joined by "+", each a seed, a spun
    part (:data:`SPUN_PARTS`) or a handwritten distractor."""
    parts = []
    for name in spec.split("+"):
        if name in ("GARDEN", "KITCHEN"):
            parts.append(GARDEN if name == "GARDEN" else KITCHEN)
        elif name in SPUN_PARTS:
            parts.append(SPUN_PARTS[name])
        else:
            parts.append(seed(name))
    return "\n\n".join(parts)


CASES = [
    {
        "id": "spun-part-of-long-source",
        "sources": {"ap+nyt": "002+004", "rewrite": "001", "garden": "GARDEN"},
        "suspect": "sentence-40",
        "expect": {"source": "ap+nyt", "label": "spun"},
        "comment": "570 words spun from 29% of a 1,873-word source (the trial's case: 550 of 1,342 words). "
        "Before chunks: no-match (skeleton similarity 0.28, where 42 x 3 bands find a pair half the time)",
    },
    {
        "id": "spun-part-of-long-source-2",
        "sources": {"ap+nyt": "002+004", "rewrite": "001", "garden": "GARDEN"},
        "suspect": "sentence-4",
        "expect": {"source": "ap+nyt", "label": "spun"},
        "comment": "582 words spun from the start of the same source (found before chunks too, by luck of the bands)",
    },
    {
        "id": "spun-source-inside-long-suspect",
        "sources": {"ap+nyt": "002+004", "garden": "GARDEN"},
        "suspect": "KITCHEN+sentence-40+001",
        "expect": {"source": "ap+nyt"},
        "comment": "a long suspect (a recipe, the spun part, then the fluent rewrite 001 of the AP text) "
        "holding a spun copy of part of the source",
    },
    {
        "id": "unrelated-suspect",
        "sources": {"ap+nyt": "002+004", "garden": "GARDEN"},
        "suspect": "KITCHEN",
        "expect": {"source": None, "label": "no-match"},
        "comment": "a recipe: no source, and the garden paragraph (same length, same function words) is no match",
    },
]


@pytest.fixture(scope="module", params=CASES, ids=[c["id"] for c in CASES])
def case_result(request):
    case = request.param
    sources = {name: _text(spec) for name, spec in case["sources"].items()}
    result = screen({"suspect": _text(case["suspect"])}, sources)
    return case, result


def test_partial_copy_found_with_its_source(case_result):
    case, result = case_result
    rows = list(result)
    expect = case["expect"]
    if expect["source"] is None:
        assert [r.label for r in rows] == [expect["label"]], rows
        return
    by_source = {r.source_id: r for r in rows}
    assert expect["source"] in by_source, rows
    row = by_source[expect["source"]]
    if "label" in expect:
        assert row.label == expect["label"] and row.spun_id == "suspect", row
    # the distractors are never found
    assert "garden" not in by_source and "rewrite" not in by_source, rows


def test_partial_copy_is_ranked_by_part_similarity():
    """The index says why it matched: the suspect is found mostly in the
    source (containment near 1), its Jaccard similarity with the whole is low."""
    index = SourceIndex()
    index.add_many({"ap+nyt": _text("002+004"), "garden": GARDEN})
    matches = index.find(_text("sentence-40"), k=3, min_similarity=0.2)
    assert matches.ids == ("ap+nyt",)
    top = matches[0]
    assert top.similarity < 0.35 and top.containment > 0.8
    assert top.part_similarity == pytest.approx(top.containment / (2 - top.containment), abs=1e-6)
    assert top.to_dict()["part_similarity"] == pytest.approx(top.part_similarity, abs=1e-5)


def test_saved_index_keeps_its_chunks(tmp_path):
    index = SourceIndex()
    index.add_many({"ap+nyt": _text("002+004"), "garden": GARDEN})
    loaded = SourceIndex.load(index.save(tmp_path / "index"))
    suspect = _text("sentence-40")
    assert loaded.find(suspect).to_dict() == index.find(suspect).to_dict()
    assert loaded.find(suspect).ids == ("ap+nyt",)


@pytest.mark.parametrize("case", CASES[:1] + CASES[2:3], ids=[CASES[0]["id"], CASES[2]["id"]])
def test_screen_with_a_saved_index_finds_partial_copies_too(case, tmp_path):
    """``screen(..., index=path)`` builds the index with ``build_index``:
    it answered no-match where ``screen()`` found the source (trial 32: the
    built index had no chunk table); on a second run it maps the saved one."""
    sources = {name: _text(spec) for name, spec in case["sources"].items()}
    suspects = {"suspect": _text(case["suspect"])}
    want = [(r.source_id, r.label) for r in screen(suspects, sources)]
    assert case["expect"]["source"] in [source for source, _ in want]
    for _ in range(2):  # built, then reused
        got = [(r.source_id, r.label) for r in screen(suspects, sources, index=tmp_path / "index")]
        assert got == want
