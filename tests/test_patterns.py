"""One minimal sentence per attribution rule, on hand-written parses (the rules
alone: the learned span model of stage 7 is tested in test_spanmodel.py).

The parses are in ``fixtures/patterns.conllu`` (UD v2, written by hand), so a
rule's test does not depend on the parser's mood.
"""

from pathlib import Path

import pytest

import quoteattr
from quoteattr._readers import iter_conllu_documents

FIXTURE = Path(__file__).parent / "fixtures" / "patterns.conllu"
DOCS = dict(iter_conllu_documents(FIXTURE))


def run(name):
    return quoteattr.attribute_document(DOCS[name], id=name, learned_spans=False)


def only(name):
    doc = run(name)
    assert len(doc.attributions) == 1, [a.to_dict() for a in doc.attributions]
    return doc.attributions[0]


def texts(spans):
    return [s.text for s in spans]


# name, kind, source text, entity, type, cue texts, relays, content texts
CASES = [
    ("direct_inverted", "direct", "the minister", "minister", "person", ["said"], [], ["We will win,"]),
    ("direct_said_np", "direct", "John Smith", "John Smith", "person", ["said"], [], ["We will win,"]),
    ("direct_colon", "direct", "The minister", "minister", "person", ["said"], [], ["We will win."]),
    ("indirect_that", "indirect", "The minister", "minister", "person", ["said"], [], ["the talks failed"]),
    ("accusation", "indirect", "The Kremlin", "Kremlin", "organization", ["accused"], [], ["Ukraine of staging attacks"]),
    ("according_to", "indirect", "Reuters", "Reuters", "outlet", ["According to"], [], ["the talks failed"]),
    ("relay_quoted_as_saying", "direct", "the ministry", "ministry", "organization", ["quoted", "as saying"], ["AFP"], ["Talks failed,"]),
    ("participial", "indirect", "Moscow", "Moscow", "organization", ["saying"], [], ["the images are fake"]),
    ("outlet_inverted", "indirect", "news agency AFP", "AFP", "outlet", ["reported"], [], ["The talks failed"]),
    ("citing", "indirect", "officials", "officials", "person", ["said", "citing"], ["army"], ["the talks failed"]),
    ("quoting_before_verb", "indirect", "an official", "official", "person", ["quoting", "said"], ["TASS"], ["the talks failed"]),
    ("citing_a_reason", "indirect", "The mayor", "mayor", "person", ["said"], [], ["the park would close"]),
    # relays the parser hides: a trailing "…, Interfax reported" read as a second complement,
    # an addressee after the content, an interview participle, the agent under "saying"
    ("trailing_report", "indirect", "Peskov", "Peskov", "unknown", ["said"], ["Interfax"], ["the talks failed"]),
    ("inverted_told_outlet", "indirect", "the ministry", "ministry", "organization", ["told"], ["AFP"], ["The talks failed"]),
    ("speaking_to_outlet", "indirect", "Zelensky", "Zelensky", "unknown", ["said"], ["CNN"], ["the talks failed"]),
    ("quoted_as_saying_by", "indirect", "Peskov", "Peskov", "unknown", ["was quoted as saying"], ["Interfax"], ["the talks failed"]),
    ("object_then_ccomp", "indirect", "Zelensky", "Zelensky", "unknown", ["said"], [], ["the talks failed"]),
    ("one_outlet_two_addressees", "indirect", "Peskov", "Peskov", "unknown", ["told"], ["TASS"], ["the talks failed"]),
    # a title the parser split off the name as a second subject: one mention, named by the name
    ("title_split_from_name", "indirect", "Attorney General Loretta Lynch", "Loretta Lynch", "person", ["announced"], [], ["the inquiry was closed"]),
    ("split_quote", "direct", "he", "he", "person", ["said"], [], ["It is true,", "and it is final."]),
    # a subjectless participle before the cue, parsed as a second complement, is not content
    ("participle_on_subject", "indirect", "People", "People", "unknown", ["said"], [], ["it failed"]),
    # the quote after a surface fallback's "…,” X said Tuesday." is the same speech
    ("surface_split_quote", "direct", "Tom Smith", "Tom Smith", "person", ["said"], [], ["It is true,", "It is final."]),
    # "…,” said Army Capt. Christian Pardo": the tree's subject phrase starts with the name run
    ("inverted_title_name", "direct", "Army Capt. Christian Pardo", "Christian Pardo", "person", ["said"], [], ["We will win,"]),
    ("apposition", "indirect", "John Smith", "John Smith", "person", ["said"], [], ["the talks failed"]),
    ("nominal_claim", "indirect", "The ministry's", "ministry", "organization", ["claim"], [], ["the talks failed"]),
    ("mixed", "mixed", "She", "She", "person", ["said"], [], ["the plan was “a total disaster”"]),
    ("told_outlet", "indirect", "The minister", "minister", "person", ["told"], ["Reuters"], ["the talks failed"]),
    ("demand", "indirect", "Zelensky", "Zelensky", "unknown", ["demanded"], [], ["tough sanctions on Moscow"]),
    # cue extent as annotated in PolNeAR/PARC (counts in lexicons/en/cue_modifiers.tsv)
    ("cue_time_after", "indirect", "The minister", "minister", "person", ["said Tuesday"], [], ["the talks failed"]),
    ("cue_medium_after", "indirect", "The ministry", "ministry", "organization", ["said in a statement"], [], ["the talks failed"]),
    ("cue_adverb_before", "indirect", "The minister", "minister", "person", ["recently said"], [], ["the talks failed"]),
    ("speech_object", "indirect", "The governor", "governor", "person", ["announced"], [], ["his candidacy"]),
    ("prepositional_argument", "indirect", "The mayor", "mayor", "person", ["called for"], [], ["an inquiry"]),
    # a coordinated clause that the parser hung on the cue verb is still content
    ("coordinated_content", "indirect", "The minister", "minister", "person", ["said"], [], ["the talks failed, but a deal is possible"]),
    ("as_reported", "indirect", "the newspaper", "newspaper", "outlet", ["reported"], [], ["the talks failed"]),
    ("cue_interview_outside", "indirect", "The minister", "minister", "person", ["said"], [], ["the talks failed"]),
    # the cue takes in the catenative verbs it complements (PARC 3.0 / PolNeAR)
    # a cue clause between commas inside the clause it reports: two content parts
    ("parenthetical", "indirect", "he", "he", "person", ["said"], [], ["In a merger", "the brand survives"]),
    # ... and one that interrupts the reported clause between its subject and its verb
    ("parenthetical_subject", "indirect", "officials", "officials", "person", ["said"], [], ["Whatever progress Mr. Kerry has made", "could easily be unraveled"]),
    # "in a poll" credits the finding to the poll (survey_nouns.txt)
    ("survey_in", "indirect", "a new poll", "new poll", "unknown", ["In"], [], ["most voters chose Clinton"]),
    ("catenative_chain", "indirect", "The minister", "minister", "person", ["went on to say"], [], ["the talks failed"]),
    # relay chains: a citing participle before a quoting verb is a second link; a
    # sentence-final "…, quoting an officer" (hung on the reported clause) is cut from it
    ("citing_then_quoted", "indirect", "the ministry", "ministry", "organization", ["quoted", "as saying"], ["AFP", "Interfax"], ["the talks failed"]),
    ("trailing_quoting", "indirect", "an officer", "officer", "person", ["reported", "quoting"], ["The Times"], ["police arrested five men"]),
    # a cue inside the quotation ("respond") reports quoted speech: never the unquoted frame
    ("cue_inside_quote", "direct", "Putin", "Putin", "unknown", ["quoted", "as saying"], ["State media"], ["We will respond."]),
    # the bundled parser's misparse: "Anadolu reported" as a complement of "told"; it relays
    ("told_then_bare_report", "direct", "Erdogan", "Erdogan", "unknown", ["told"], ["Anadolu"], ["We are ready,"]),
    # a role named by its holder: the entity is the name (the bundled parser split the
    # phrase into two objects of "quoted"; one mention all the same)
    ("role_and_name_split", "indirect", "Kremlin spokesman Dmitry Peskov", "Dmitry Peskov", "person", ["quoted", "as saying"], ["TASS"], ["the talks failed"]),
    ("appos_name", "indirect", "The ministry's spokeswoman", "Maria Zakharova", "person", ["said"], [], ["the talks failed"]),
    # the bundled parser's reading of "…, the state-run TASS news agency reported": a
    # complement of "said" with two sibling subjects (and "state-run" a verb); it relays
    ("final_report_split_subject", "indirect", "The spokeswoman", "spokeswoman", "person", ["said"], ["TASS"], ["Moscow would respond"]),
    # "at least" hung on the source's noun after the comma starts the content
    ("according_then_at_least", "indirect", "the UN office", "UN office", "organization", ["According to"], [], ["at least 1,000 civilians died"]),
    # a partial quotation's unquoted lead-in is part of what was said (PolNeAR draws the
    # whole clause), here around an interposed cue clause
    ("lead_in_interposed", "mixed", "he", "he", "person", ["said"], [], ["No name change", "hides what it really is."]),
    # a subjectless phrase between the subject and its verb modifies the subject; the
    # that-clause hung on the addressee is what was said
    ("subject_modifier_as_complement", "indirect", "People", "People", "unknown", ["told"], ["Bloomberg"], ["the deal could be announced this week"]),
    # the citing participle read as the complement is the citing participle still
    ("quoting_as_complement", "indirect", "police", "police", "organization", ["said", "quoting"], ["broadcaster"], ["the suspect had been detained"]),
    # the passive's subject is the addressee, the agent the speaker
    ("passive_told_outlet", "indirect", "two officials", "two officials", "person", ["was told"], ["The Guardian"], ["the plan had been dropped"]),
    # a named journalist of an outlet speaks through it
    ("outlet_journalist", "indirect", "Al Jazeera's Hind Khoudary", "Hind Khoudary", "person", ["said"], ["Al Jazeera"], ["the hospital had been hit"]),
    # the outlet that put the question relays the answer
    ("asked_by_outlet", "indirect", "a spokesman", "spokesman", "person", ["confirmed"], ["Reuters"], ["the talks were off"]),
    # an aside between speaker and cue names the outlet spoken to, wherever the parser hung it
    ("aside_on_quote_verb", "direct", "the minister", "minister", "person", ["said"], ["ANSA"], ["We will win,"]),
    ("who_spoke_to_outlet", "indirect", "Javier Milei", "Javier Milei", "person", ["said"], ["La Nación"], ["inflation would fall"]),
    # (and it is no part of the speaker's name: before, "Folha" made the speaker the outlet)
    ("speaking_under_apposition", "indirect", "Finance minister Fernando Haddad", "Fernando Haddad", "person", ["said"], ["Folha de S.Paulo"],
     ["the target would be kept"]),
]


def test_two_reporting_verbs_share_the_complement_after_the_second():
    reported, confirmed = run("shared_complement").attributions
    assert (reported.source.entity, texts(reported.cue)) == ("The Times", ["reported"])
    assert (confirmed.source.entity, texts(confirmed.cue)) == ("BBC", ["confirmed"])
    assert texts(reported.content) == texts(confirmed.content) == ["the minister will resign"]


@pytest.mark.parametrize("name,kind,src,entity,stype,cue,relays,content", CASES, ids=[c[0] for c in CASES])
def test_pattern(name, kind, src, entity, stype, cue, relays, content):
    a = only(name)
    assert a.kind == kind
    assert a.source is not None and a.source.text == src
    assert a.source.entity == entity
    assert a.source.type == stype
    assert texts(a.cue) == cue
    assert [r.source.entity for r in a.relayed_by] == relays
    assert texts(a.content) == content
    assert 0 < a.confidence < 1


def test_a_coordinated_clause_with_a_cue_of_its_own_is_not_content():
    """"say X, and some allies questioned Y": the conjunct has its own subject, but
    it heads an attribution of its own (a learned cue), so it is a second speaker,
    not more of what the first said."""
    say, questioned = run("coordinated_cue_clause").attributions
    assert texts(say.content) == ["they do not trust her"]
    assert questioned.parent is None and questioned.chain == ("allies",)
    assert texts(questioned.content) == ["why the foundation kept the money"]


def test_a_speaker_whose_name_holds_the_closing_marks_is_outside_the_quotation():
    """“…,” Khizr Khan, 66, said …. “…”: the parser hung the closing comma and mark on
    "Khizr", so the name's phrase began inside the quotation and was taken for quoted
    words (the speaker was "66"); and "said" is a parataxis of the quotation's verb. The
    reporting clause after the comma takes the quotation before it, and the next one.
    (A cue inside the quotation, "are pointing fingers at them", is nested in it.)"""
    doc = run("inverted_name_holds_the_marks")
    (a,) = [x for x in doc.attributions if x.parent is None]
    for x in doc.attributions:
        assert x is a or (x.parent == doc.attributions.index(a) and a.content[0].start <= x.cue[0].start < a.content[0].end)
    assert a.rule == "inverted" and a.source.text == "Khizr Khan" and a.source.entity == "Khizr Khan"
    assert [c.text[:24] for c in a.content] == ["You see people wearing s", "Most Americans are again"]


def test_a_contracted_has_is_active_and_the_speaker_is_the_pronoun_alone():
    """"He’s said that …" is "He has said": with a complement, a contracted "’s" the
    parser read as a passive "is" is active. The speaker is "He", not the whole token
    "He’s": the pieces of a contraction have their own ranges."""
    (a,) = run("contracted_has_said").attributions
    assert a.source is not None and a.source.text == "He" and a.source.span.end == 2
    assert texts(a.cue) == ["’s said"] and texts(a.content) == ["the talks failed"]


def test_fronted_speech_verb_takes_the_name_after_it():
    """"Added Smith: “…”": the verb first, the speaker after it, then the quotation;
    the parser made the speaker an object."""
    (a,) = run("fronted_speech_verb").attributions
    assert a.kind == "direct" and a.source is not None and a.source.text == "Smith"
    assert texts(a.cue) == ["Added"] and texts(a.content) == ["We will win this."]


def test_subject_hung_on_a_final_credit_is_the_speakers():
    """"Two people … said …, the Financial Times reported on Friday": the parser gave
    "reported" both subjects; the one before "said" is the speaker, and the credit
    after the comma relays the whole."""
    (a,) = run("subject_hung_on_the_credit").attributions
    assert a.source is not None and a.source.text == "Two people"
    assert list(a.chain) == ["Financial Times", "Two people"] and texts(a.content) == ["the talks had collapsed"]


def test_subject_hung_on_the_quotation_is_the_verbs_after_it():
    """"“…,” Seth McKee, a political scientist, told The Hill": the parser hung the
    speaker on the quotation's last verb and left "told" with no subject."""
    from quoteattr._engine import _subject
    from quoteattr._tree import Tree

    tree = Tree(DOCS["subject_hung_on_the_quotation"].sentences[0], 0)
    assert _subject(tree, 17) == (10, False)
    assert _subject(tree, 5) == (3, False)  # the quotation's verb keeps its own subject
    (a,) = run("subject_hung_on_the_quotation").attributions
    assert a.source is not None and a.source.text == "Seth McKee" and a.source.role.text == "a political scientist"
    assert texts(a.cue) == ["told"] and texts(a.content) == ["Public opinion would shift against her,"]
    # or as an apposition to the quotation's last noun: the phrase's head is the subject
    tree = Tree(DOCS["speaker_as_apposition_in_the_quotation"].sentences[0], 0)
    assert _subject(tree, 18) == (13, False)


def test_that_clause_labelled_conj_is_the_complement():
    """"warned this week that Trump … had elevated the dangers": the parser made the
    that-clause a conjunct of "warned"; a "that" opening the conjunct marks a complement."""
    (a,) = run("that_clause_as_conj").attributions
    assert a.source is not None and a.source.text == "Joseph R. Biden Jr."
    assert texts(a.cue) == ["warned"] and texts(a.content) == ["Donald J. Trump, even as a candidate, had elevated the dangers"]


def test_contraction_pieces_have_their_own_ranges_only_before_a_clitic():
    from quoteattr._tree import Tree

    doc = DOCS["contracted_has_said"]
    tree = Tree(doc.sentences[0], 0)
    assert [doc.text[slice(*tree.own_offsets(i))] for i in (1, 2, 3)] == ["He", "’s", "said"]
    assert (tree.w(1).start, tree.w(1).end) == (0, 4)  # the words still share the token's range
    doc = quoteattr.Document.from_conllu(
        "# text = They can’t go.\n1\tThey\tthey\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n2-3\tcan’t\t_\t_\t_\t_\t_\t_\t_\t_\n"
        "2\tca\tcan\tAUX\tMD\t_\t4\taux\t_\t_\n3\tn’t\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
        "4\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n")
    tree = Tree(doc.sentences[0], 0)
    assert [doc.text[slice(*tree.own_offsets(i))] for i in (2, 3)] == ["can’t", "can’t"]  # "ca" + "n’t": no clitic


def test_passive_as_clause_names_its_agent_not_the_main_subject():
    # "As reported by Reuters, officials said …": Reuters reports, officials speak
    doc = run("as_reported_by")
    outer, inner = sorted(doc.attributions, key=lambda a: a.parent is not None)
    assert outer.source.text == "Reuters" and texts(outer.cue) == ["reported"] and outer.parent is None
    assert inner.chain == ("Reuters", "officials") and texts(inner.content) == ["the talks failed"]


def test_reduced_passive_clause_has_no_source():
    # "…, when asked about the report": Peskov was asked; the asker is not said (the tagger
    # read "asked" as a past tense; a reduced clause's past form is passive all the same)
    doc = run("when_asked")
    (asked,) = [a for a in doc.attributions if texts(a.cue) == ["asked about"]]
    assert asked.source is None and texts(asked.content) == ["the report"]


def test_apposition_is_kept_as_role():
    a = only("apposition")
    assert a.source.role is not None and a.source.role.text == "a spokesman for the ministry"


def test_scare_quote_is_a_quote_not_an_attribution():
    doc = run("scare_quote")
    assert [q.content.text for q in doc.quotes] == ["nationalists"]
    assert doc.attributions == ()


def test_quote_after_the_cue_sentence_continues_it():
    # PolNeAR's convention: the quote that follows the cue clause's sentence, in the same
    # paragraph, is another part of the same speech
    a = only("quote_after_cue_sentence")
    assert texts(a.content) == ["It is true,", "It is final."]
    assert a.source.text == "he" and [r.source.entity for r in a.relayed_by] == ["newspaper"]


def test_final_credit_scopes_over_its_sentence_despite_the_parse():
    doc = run("final_credit_misparsed")
    by_cue = {" ".join(texts(a.cue)): a for a in doc.attributions}
    credit, demand = by_cue["reported"], by_cue["demanded"]
    assert credit.source.text == "news agency AFP" and credit.parent is None
    assert texts(demand.content) == ["an inquiry"]          # the credit is not content
    assert demand.chain == ("AFP", "governor")               # AFP relays the governor's demand
    assert doc.metadata["rules"]["fallback:final-credit-scope"] == 1


def test_participle_parsed_upside_down():
    doc = run("participle_upside_down")
    (a,) = [a for a in doc.attributions if texts(a.cue) == ["saying"]]
    assert a.source.text == "Moscow" and texts(a.content) == ["the images are fake"]
    assert doc.metadata["rules"]["fallback:participle-upside-down"] == 1


def test_addressee_object_is_not_content():
    assert run("addressee_object").attributions == ()


def test_sentence_without_verbs_gives_nothing():
    assert run("no_verb").attributions == ()


def test_relay_chain_outermost_first():
    a = only("relay_quoted_as_saying")
    assert a.chain == ("AFP", "ministry")
    assert a.relayed_by[0].source.type == "outlet"
    assert texts(a.relayed_by[0].cue) == ["quoted"]


def test_every_span_is_a_view_of_the_text():
    for name in DOCS:
        doc = run(name)
        spans = [s for a in doc.attributions for s in (*a.content, *a.cue)]
        spans += [a.source.span for a in doc.attributions if a.source]
        for s in spans:
            assert doc.text[s.start:s.end] == s.text


def test_rules_are_counted_in_metadata():
    doc = run("relay_quoted_as_saying")
    assert doc.metadata["rules"].get("rule:relay") == 1


# ------------------------------------------------------------ document-level rules

DOC_FIXTURE = Path(__file__).parent / "fixtures" / "documents.conllu"
DOCS2 = dict(iter_conllu_documents(DOC_FIXTURE))


def attributions(name):
    return quoteattr.attribute_document(DOCS2[name], learned_spans=False).attributions


def by_cue(atts, cue):
    found = [a for a in atts if a.cue and a.cue[0].text == cue]
    assert len(found) == 1, [a.to_dict() for a in atts]
    return found[0]


def test_outlet_credit_relays_its_paragraph_and_nests_what_it_holds():
    atts = attributions("paragraph_relay")
    reported = by_cue(atts, "reported")
    assert (reported.source.entity, reported.source.type) == ("AFP", "outlet")
    assert texts(reported.content) == ["The ministry said that Zelensky demanded sanctions"]
    # the sentence before, in the same paragraph, is relayed by AFP (paragraph scope)
    assert [r.source.entity for r in by_cue(atts, "accused").relayed_by] == ["AFP"]
    # nested: ministry's words are inside AFP's content; Zelensky's inside the ministry's
    said = by_cue(atts[:-1], "said")
    assert atts[said.parent] is reported
    demanded = by_cue(atts, "demanded")
    assert atts[demanded.parent] is said
    assert demanded.chain == ("AFP", "ministry", "Zelensky")


def test_outlet_credit_does_not_cross_the_paragraph_and_pronoun_resolves():
    atts = attributions("paragraph_relay")
    last = atts[-1]
    assert last.source.text == "He" and last.relayed_by == ()
    assert last.source.entity == "Zelensky" and last.source.type == "person"


def test_attribution_inside_a_quote_is_nested_with_the_speaker_as_relay():
    atts = attributions("nested_quote")
    outer = by_cue(atts, "said")
    inner = by_cue(atts, "hinted")
    assert outer.kind == "direct" and outer.source.entity == "Vassily Nebenzia"
    assert atts[inner.parent] is outer
    assert inner.chain == ("Vassily Nebenzia", "Zelensky")


def test_short_name_resolves_to_full_name():
    added = by_cue(attributions("nested_quote"), "added")
    assert (added.source.text, added.source.entity) == ("Nebenzia", "Vassily Nebenzia")


def test_quote_opening_next_paragraph_continues_the_speaker():
    (a,) = attributions("continuation")
    assert texts(a.content) == ["We will win,", "The war is over."]
    assert a.source.entity == "minister"


def test_surface_fallback_recovers_relay_from_a_wrong_tree():
    doc = quoteattr.attribute_document(DOCS2["misparsed_relay"], learned_spans=False)
    (a,) = doc.attributions
    assert a.kind == "direct" and a.source.text == "the ministry"
    assert [r.source.entity for r in a.relayed_by] == ["AFP"]
    assert texts(a.cue) == ["quoted", "as saying"]
    assert doc.metadata["rules"]["fallback:surface-relay"] == 1


def test_boilerplate_is_never_attributed():
    doc = quoteattr.attribute_document(DOCS2["boilerplate"], learned_spans=False)
    assert doc.attributions == ()
    assert [b.text for b in doc.boilerplate] == ["Also Read - Putin says “no” to talks"]
    assert [q.content.text for q in doc.quotes] == ["no"]


def test_attribution_in_the_sentence_before_the_quote():
    (a,) = attributions("attribution_before_quote")
    assert a.kind == "direct" and texts(a.content) == ["We will win."]
    assert a.source.text == "The minister" and texts(a.cue) == ["told"]


def test_a_name_that_reports_is_an_outlet():
    (a,) = attributions("outlet_by_pattern")
    assert (a.source.entity, a.source.type) == ("Kommersant", "outlet")


# ------------------------------------------- the seed's key sentences, parsed by hand

BUCHA = Path(__file__).parent / "fixtures" / "bucha_hand.conllu"
SEED_TEXT = (Path(__file__).parent.parent / "examples" / "bucha.txt").read_text(encoding="utf-8")


def bucha(name):
    # the fixture's offsets index the whole article: read it against the article's text
    from quoteattr._readers import document_from_conllu

    text = BUCHA.read_text(encoding="utf-8")
    chunk = text[text.index(f"# newdoc id = {name}"):]
    chunk = chunk[: chunk.index("\n\n") + 1]
    doc = document_from_conllu(chunk, text=SEED_TEXT)
    lo, hi = doc.sentences[0].start, doc.sentences[-1].end
    # only the hand-parsed sentence has a tree; keep what its cues made
    # (the quote fallbacks also fire on the rest of the article, which has no parse)
    return tuple(a for a in quoteattr.attribute_document(doc, learned_spans=False).attributions if lo <= a.cue[0].start < hi)


def test_seed_outlet_credit_with_nested_demand():
    atts = bucha("bucha_afp_reported")
    rep = by_cue(atts, "reported")
    assert (rep.source.text, rep.source.entity, rep.source.type) == ("news agency AFP", "AFP", "outlet")
    assert rep.content[0].text.startswith("The Russian defence ministry made the assertion")
    dem = by_cue(atts, "demanded")
    assert dem.source.text == "Ukrainian President Volodymyr Zelensky" and dem.source.entity == "Volodymyr Zelensky"
    assert dem.chain == ("AFP", "Volodymyr Zelensky")


def test_seed_agency_quoted_ministry_as_saying():
    (a,) = bucha("bucha_afp_quoted")
    assert a.kind == "direct" and a.source.text == "Russian defence ministry"
    assert texts(a.cue) == ["quoted", "as saying"] and a.chain == ("AFP", "Russian defence ministry")
    assert a.content[0].text.startswith("Similar events") and a.content[0].text.endswith("other cities,")


def test_seed_participial_saying_takes_the_main_subject():
    atts = bucha("bucha_denies_saying")
    saying = by_cue(atts, "saying")
    assert saying.source.text == "Moscow"
    assert texts(saying.content) == ["the images are fake or that the deaths occurred after Russian forces pulled out of the area"]
    assert texts(by_cue(atts, "denies").content) == ["any responsibility"]


def test_transcript_speaker_labels_need_no_parse():
    text = "TAPPER: Do you think he has campaigned as a healer?\n\nFALLIN: I think he is trying to do that.\n\nNOTE: This transcript was edited."
    doc = quoteattr.attribute_document(quoteattr.Document(text, ()))
    assert [(a.source.text, a.source.type, texts(a.cue)) for a in doc.attributions] == [("TAPPER", "person", [":"]), ("FALLIN", "person", [":"])]
    assert texts(doc.attributions[1].content) == ["I think he is trying to do that"]


@pytest.mark.parametrize(
    "headline, source, content",
    [
        ("Graham: Trump's rhetoric is destroying the party's chance.\n\nBody text follows here.", "Graham", "Trump's rhetoric is destroying the party's chance"),
        ("NY Daily News: Attacks highlight the threat posed by guns.\n\nBody.", "NY Daily News", "Attacks highlight the threat posed by guns"),
        ("Clinton camp: His rhetoric threatens national security.\n\nBody.", "Clinton camp", "His rhetoric threatens national security"),
    ],
)
def test_headline_label_in_mixed_case(headline, source, content):
    doc = quoteattr.attribute_document(quoteattr.Document(headline, ()))
    assert [(a.source.text, texts(a.cue), texts(a.content)) for a in doc.attributions] == [(source, [":"], [content])]


@pytest.mark.parametrize(
    "text",
    [
        "Breaking: The senate passed the bill tonight.\n\nBody.",  # a kicker (headline_kickers.txt)
        "BOOM: The senate passed the bill tonight.\n\nBody.",  # a kicker in capitals
        "Fiorina Endorses Cruz: The race tightens in Iowa today.\n\nBody.",  # the label holds a verb
        "Bill is back: Her husband is on the campaign trail.\n\nBody.",
        "The first paragraph is body text.\n\nCruz camp: this second paragraph is no headline at all.",  # not the first paragraph
    ],
)
def test_headline_label_rejects_kickers_and_clauses(text):
    doc = quoteattr.attribute_document(quoteattr.Document(text, ()))
    assert doc.attributions == ()


def test_catenative_chain_stops_at_an_object():
    # "asked them to say": the object breaks the chain, so "say" is not part of "asked"
    # and its subject is the object ("them" say it: object control), not the minister
    got = [(a.source.text if a.source else None, texts(a.cue)) for a in run("catenative_broken").attributions]
    assert ("The minister", ["asked"]) in got
    assert ("The minister", ["say"]) not in got and not any(c == ["asked to say"] for _, c in got)


def test_quote_inside_a_mixed_content_gets_no_second_attribution():
    # the tree hangs ",”" on "said", yet the content that opens the quotation closes it
    # (keep_closing_marks); the quote is inside it, so no fallback makes it a direct
    # quote of its own
    atts = run("mixed_inverted").attributions
    top = [a for a in atts if a.parent is None]
    assert [(a.kind, texts(a.cue), texts(a.content)) for a in top] == [("mixed", ["said"], ["Sooner or later, “I think we will have a tax,”"])]


def test_role_spans_appositions_and_a_nonrestrictive_relative_clause():
    a = only("role_relative")
    assert a.source.text == "Mike Murphy" and a.source.entity == "Mike Murphy"
    assert a.source.role.text == "52, a strategist, who ran a PAC"


def test_evidential_raising_reports_subject_and_complement_without_source():
    a = only("raising")
    assert a.source is None and texts(a.cue) == ["seemed"]
    assert texts(a.content) == ["The plan", "to fail"]
    assert run("raising_not").attributions == ()  # "appeared on television" reports nothing


def test_passive_participle_question_has_no_source():
    # "Asked about the rally, Reid said …": Reid was asked; the asker is not named
    got = {texts(a.cue)[0]: a.source.text if a.source else None for a in run("asked_participle").attributions}
    assert got == {"Asked about": None, "said": "Reid"}


def test_learned_detector_sees_through_an_unlemmatized_verb():
    # a dictionary lemmatizer leaves unseen inflections ("slammed") as they are; the
    # detector is asked about the lemma it was trained on ("slam")
    from quoteattr._classifier import load_cue_model
    from quoteattr._cues import _model_lemma
    from quoteattr._types import Word

    model = load_cue_model("en")
    w = Word(id=1, text="slammed", lemma="slammed", upos="VERB", xpos="VBD", feats="_", head=0, deprel="root", start=0, end=7)
    assert _model_lemma("slammed", w, model) == "slam"
    noun = Word(id=1, text="slams", lemma="slams", upos="NOUN", xpos="NNS", feats="_", head=0, deprel="root", start=0, end=5)
    assert _model_lemma("slams", noun, model) == "slams"  # only verbs are guessed


def test_a_multi_word_token_in_the_cue_is_given_once():
    """"doesn’t" is two words (does + n’t) with the token's offsets: the cue is
    one span, not "doesn’t" twice (which exact match would never credit)."""
    a = only("negated_mwt")
    assert texts(a.cue) == ["doesn’t think"]
    assert texts(a.content) == ["the plan works"]


def test_a_speaker_never_relays_itself():
    """The inverted-name fallback makes AFP the speaker of "“Yes,” told AFP"; the
    addressee rule must not also make it the relay (a chain "AFP → AFP")."""
    a = only("speaker_not_its_own_addressee")
    assert a.source.text == "AFP" and a.relayed_by == ()
    assert a.chain == ("AFP",)


def test_according_to_opening_a_reported_clause_nests_in_the_report():
    """"Sky News reported that, according to officials, …": the officials' attribution
    covers the that-clause only and nests in Sky News' report (chain Sky News → officials)."""
    report, officials = run("according_in_complement").attributions
    assert texts(report.cue) == ["reported"] and texts(report.content) == ["according to officials, the talks failed"]
    assert texts(officials.cue) == ["according to"] and texts(officials.content) == ["the talks failed"]
    assert officials.parent == 0 and officials.chain == ("Sky News", "officials")


def test_a_quote_with_its_own_reporting_clause_is_not_taken_by_an_earlier_cue():
    # "The man cited the polls. “It is over,” he said.": the quote is his, by "said"
    doc = run("quote_with_its_own_speaker")
    quoted = [a for a in doc.attributions if texts(a.content) == ["It is over,"]]
    assert len(quoted) == 1 and texts(quoted[0].cue) == ["said"] and quoted[0].source.text == "he"


def test_a_surface_reporting_clause_never_crosses_a_line_break():
    # "“…,” the editorial read.\n\nThe newspaper said …": "said" is the next paragraph's
    from quoteattr._engine import _SURFACE_NP_SAID

    assert _SURFACE_NP_SAID.match(" the editorial read.\n\nThe newspaper said") is None
    assert _SURFACE_NP_SAID.match(" Judicial Watch president Tom Fitton said Tuesday.").group("np") == "Judicial Watch president Tom Fitton"


@pytest.mark.parametrize("name, cue", [("carried_by_mid", "told"), ("carried_by_final", "said")])
def test_the_outlet_that_carried_the_comments_relays_them(name, cue):
    # "Peskov told reporters, in comments carried by TASS, that …" and the same phrase at
    # the sentence's end: TASS relays Peskov, and the phrase is no part of what he said
    doc = run(name)
    peskov = [a for a in doc.attributions if a.source is not None and a.source.text == "Peskov"]
    assert len(peskov) == 1
    a = peskov[0]
    assert texts(a.cue) == [cue] and texts(a.content) == ["the Kremlin saw no threat"]
    assert a.chain == ("TASS", "Peskov") and a.relayed_by[0].source.type == "outlet"
    assert texts(a.relayed_by[0].cue) == ["carried by"]
    assert not any("carried" in c.text for d in doc.attributions for c in d.content + d.cue if d is not a)


def test_a_complement_hung_on_the_relay_is_the_speakers():
    # "He said in a video posted by his spokesman that he was fine", the that-clause
    # misparsed as a relative clause on "spokesman": the content is still his
    a = only("complement_on_relay")
    assert a.source.text == "He" and texts(a.cue) == ["said"] and texts(a.content) == ["he was fine"]
    assert [r.source.text for r in a.relayed_by] == ["his spokesman"] and texts(a.relayed_by[0].cue) == ["posted by"]


def test_the_surface_fallback_keeps_an_outlet_addressee_in_the_chain():
    # "“…,” the general told state news agency RIA Novosti, according to a report by Al
    # Jazeera": the quote hangs on "told" as advcl, so the surface fallback reads it
    quoted = [a for a in run("surface_addressee_outlet").attributions if a.kind == "direct"]
    assert len(quoted) == 1 and quoted[0].source.text == "the general"
    assert quoted[0].chain == ("Al Jazeera", "RIA Novosti", "general")


@pytest.mark.parametrize("name, chain, content", [
    ("relay_event_noun_to", ("Reuters", "minister"), "the plan was dead"),  # "In remarks to Reuters, the minister said …"
    ("relay_said_on_outlet", ("CNN", "senator"), "the bill would pass"),  # "The senator said on CNN that …"
    ("relay_column_for", ("The Washington Post", "president"), "democracy was at stake"),  # "wrote in a column for The Washington Post"
    ("relay_reported_as_saying", ("Al Arabiya", "commander"), "the city had fallen"),  # "Al Arabiya reported the commander as saying …"
    ("no_relay_said_in_place", ("minister",), "talks would resume"),  # "said in Moscow": a place, no relay
    ("quoting_first", ("BBC", "witnesses"), "the building collapsed"),  # "Quoting witnesses, the BBC said …"
    # "State TV quoted Putin as saying …" with "TV" labelled nsubj:pass and "Putin" xcomp: still active
    ("quoted_active_misparsed_passive", ("State TV", "Putin"), "the operation was going to plan"),
    ("cited_by_on_speaker", ("Interfax", "minister"), "prices would rise"),  # "The minister, cited by Interfax, said …"
])
def test_outlets_named_around_the_cue_relay_it(name, chain, content):
    a = only(name)
    assert a.chain == chain and texts(a.content) == [content]


def test_a_citing_participle_before_a_verb_is_that_verbs_relay():
    # "Reuters reported that the Interfax news agency, citing a defence ministry source,
    # said …", "citing" misparsed onto "reported": it still relays "said", and the report holds it all
    report, inner = run("citing_sandwiched").attributions
    assert texts(report.content) == ["the Interfax news agency, citing a defence ministry source, said the troops had withdrawn"]
    assert inner.parent == 0 and inner.chain == ("Reuters", "Interfax", "defence ministry source")
    assert texts(inner.content) == ["the troops had withdrawn"]


def test_a_sentence_initial_citing_keeps_its_relay_whatever_its_lemma():
    # the bundled model lemmatizes a capitalized "Citing" as "Citing"
    a = only("citing_first_lemma")
    assert a.chain[0] == "TASS" and a.source.text == "a statement from the ministry"


@pytest.mark.parametrize("name, chain, cue, content", [
    ("final_report_after_relay", ("Reuters", "Interfax", "source"), ["cited", "as saying"], ["the talks had failed"]),
    ("final_report_as_complement", ("agency", "minister"), ["told"], ["prices would fall"]),
])
def test_a_bare_final_report_relays_the_speech_of_its_sentence(name, chain, cue, content):
    # "…, Reuters reported.": the outlet relays, outermost, and is no part of the content
    a = only(name)
    assert a.chain == chain and texts(a.cue) == cue and texts(a.content) == content


def test_a_bare_final_report_of_what_is_not_speech_is_its_own_attribution():
    # "The ministry denied the claims, the agency said": PolNeAR too has the agency say it
    agency = [a for a in run("final_report_not_speech").attributions if a.source is not None and a.source.entity == "agency"]
    assert len(agency) == 1 and texts(agency[0].content) == ["The ministry denied the claims"]


def test_an_auxiliary_misparsed_as_the_main_verb_is_no_cue():
    # "Police had last month charged …" with "had" as the root: the learned cue detector
    # never reads be/have/do, so nothing is attributed to "had"
    doc = run("auxiliary_as_main_verb")
    assert not any(texts(a.cue) == ["had"] for a in doc.attributions), [a.to_dict() for a in doc.attributions]
    assert not any(texts(r.cue) == ["had"] for a in doc.attributions for r in a.relayed_by)


def test_lead_in_is_counted_and_joins_the_quotation():
    doc = run("lead_in_interposed")
    assert doc.metadata["rules"]["rule:lead-in"] == 1
    assert [q.content.text for q in doc.quotes] == ["hides what it really is."]


def test_lead_in_already_in_the_clause_is_not_added_twice():
    # the tree hangs the condition on the quoted clause, so the clause rule's content holds
    # it already; the lead-in step has nothing to add
    doc = run("lead_in_before_quote")
    a = [a for a in doc.attributions if a.parent is None]
    assert [(x.kind, texts(x.content), x.source.text) for x in a] == [("mixed", ["If the bill passes, “I think it will fill a void,”"], "Hong")]
    assert "rule:lead-in" not in doc.metadata["rules"]


def test_adjunct_of_the_saying_is_no_lead_in():
    # "On Tuesday" dates the saying, not what was said
    a = [a for a in run("lead_in_adjunct_of_saying").attributions if a.cue[0].text == "said"][0]
    assert (a.kind, texts(a.content)) == ("direct", ["we will win."])


def test_antecedent_of_a_relative_frame_is_no_lead_in():
    # "the report, which notes, “…”": what precedes the frame is the antecedent's clause
    a = only("lead_in_relative_frame")
    assert (a.kind, texts(a.content), a.source.entity) == ("direct", ["most of them gave money."], "report")
