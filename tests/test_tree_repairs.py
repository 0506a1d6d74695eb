"""The misparses of the compact model that :func:`quoteattr._tree._repaired` mends, on
the parser's own output (``fixtures/misparses.conllu``), and what the rules then read."""

from pathlib import Path

import quoteattr
from quoteattr._readers import iter_conllu_documents
from quoteattr._tree import Tree, _repaired

FIXTURE = Path(__file__).parent / "fixtures" / "misparses.conllu"
DOCS = dict(iter_conllu_documents(FIXTURE))


def arcs(name):
    """word text → (head text, relation), in the rules' view of the tree."""
    tree = Tree(DOCS[name].sentences[0], 0)
    return {w.text: (tree.w(w.head).text if w.head else "ROOT", w.deprel) for w in tree.words[1:]}


def chains(name):
    doc = quoteattr.attribute_document(DOCS[name], id=name, learned_spans=False)
    return doc, sorted(a.chain for a in doc.attributions)


def test_the_document_keeps_the_parsers_arcs():
    sent = DOCS["relay_inside_report"].sentences[0]
    assert _repaired(sent.words) != list(sent.words)
    said = next(w for w in sent.words if w.text == "said")
    assert said.deprel == "root"  # the parse as stanza made it, untouched


def test_a_relay_inside_a_report_is_the_second_verbs_subject():
    # parsed: "said" the root, "reported" its complement, "Ukraine" the subject of "reported"
    a = arcs("relay_inside_report")
    assert a["said"] == ("reported", "ccomp")
    assert a["reported"] == ("ROOT", "root")
    assert a["Ukraine"] == ("said", "nsubj")
    assert a["citing"] == ("said", "advcl")
    assert a["source"] == ("citing", "obj")
    assert a["that"] == ("said", "mark")
    _, got = chains("relay_inside_report")
    assert ("Kyiv Post", "Interfax-Ukraine", "source in the presidential office") in got


def test_a_subject_with_a_preposition_is_a_modifier():
    # parsed: "Clarín" the subject of "published", a complement of "said"
    a = arcs("subject_with_preposition")
    assert a["Clarín"] == ("interview", "nmod")
    assert a["published"] == ("interview", "acl")
    _, got = chains("subject_with_preposition")
    assert ("Clarín", "Javier Milei") in got


def test_a_hyphenated_participle_is_an_adjective_of_its_noun():
    # parsed: "run" a verb, the agency its object, "according" its marker
    a = arcs("hyphenated_participle")
    assert a["run"] == ("agency", "amod")
    assert a["agency"] == ("said", "obl")
    assert a["according"] == ("agency", "case")
    assert a["state"] == ("run", "compound")
    doc, got = chains("hyphenated_participle")
    assert ("IRNA", "Mohammad-Reza Ghaffari") in got
    said = next(x for x in doc.attributions if x.source is not None and x.source.entity == "Mohammad-Reza Ghaffari")
    assert [c.text for c in said.content] == ["Iran will resume talks next week"]


def test_a_participle_after_said_in_modifies_the_phrase_and_adding_is_the_verbs():
    # parsed: "message" the subject of "sent", "adding" on "sent"
    a = arcs("participle_after_said_in")
    assert a["message"] == ("said", "obl")
    assert a["sent"] == ("message", "acl")
    assert a["adding"] == ("said", "advcl")
    doc, _ = chains("participle_after_said_in")
    adding = next(x for x in doc.attributions if [c.text for c in x.cue] == ["adding"])
    assert adding.source is not None and adding.source.entity == "JCS"


def test_a_family_name_first_joins_the_hyphenated_given_name():
    # parsed: "Koo" the role's apposition, "Byoung" its flat part, "sam" the verb's subject
    a = arcs("family_name_first")
    assert a["Koo"] == ("sam", "flat")
    assert a["Byoung"] == ("sam", "flat")
    _, got = chains("family_name_first")
    assert ("Koo Byoung-sam",) in got


def test_a_hyphenated_given_name_kept_whole_is_a_name():
    # parsed: "Mei-Ling" a verb, an acl of "president"
    tree = Tree(DOCS["given_name_whole"].sentences[0], 0)
    mei = next(w for w in tree.words if w.text == "Mei-Ling")
    assert (mei.upos, mei.deprel, tree.w(mei.head).text) == ("PROPN", "appos", "president")
    _, got = chains("given_name_whole")
    assert ("Mei-Ling Haworth",) in got


def test_a_papers_kind_tagged_as_an_adverb_heads_its_phrase():
    # parsed: "daily" an adverb beside "business", the relative clause on it
    a = arcs("kind_in_phrase")
    assert a["daily"] == ("report", "nmod")
    assert a["business"] == ("daily", "compound")
    _, got = chains("kind_in_phrase")
    assert ("Nikkei", "ruling party lawmaker") in got
