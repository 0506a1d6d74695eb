"""Relay chains end to end with the shipped model: who relayed whose words."""

import pytest

CASES = [
    ("According to Reuters, the minister said the talks had failed.", [("Reuters",), ("Reuters", "minister")]),
    ("The minister said the talks had failed, according to Reuters.", [("Reuters",), ("Reuters", "minister")]),
    ("The minister said the talks had failed, citing officials.", [("minister", "officials")]),
    ("The minister told the BBC that the talks had failed.", [("BBC", "minister")]),
    ("The minister said in an interview with CNN that the talks had failed.", [("CNN", "minister")]),
    ("“The talks failed,” Interfax news agency quoted the minister as saying.", [("Interfax", "minister")]),
    ("The minister was quoted by TASS as saying that the talks had failed.", [("TASS", "minister")]),
    ("The minister said the talks had failed, as quoted by TASS.", [("TASS", "minister")]),
    ("Reuters reported that the minister said the talks had failed.", [("Reuters",), ("Reuters", "minister")]),
    ("The Kremlin denied the claim, RIA Novosti reported.", [("RIA Novosti",), ("RIA Novosti", "Kremlin")]),
    # a bare final report of speech relays it; the speech has no second, outer attribution
    ("The talks failed, the minister told reporters, Xinhua reported.", [("Xinhua", "minister")]),
    ("Interfax cited a source as saying the talks had failed, Reuters reported.", [("Reuters", "Interfax", "source")]),
    ("Reuters reported that the Interfax news agency, citing a defence ministry source, said the troops had withdrawn.",
     [("Reuters",), ("Reuters", "Interfax", "defence ministry source")]),
    ("Peskov told reporters, in comments carried by TASS, that the Kremlin saw no threat.", [("TASS", "Peskov")]),
    ("In remarks to Reuters, the minister said the plan was dead.", [("Reuters", "minister")]),
    ("Xinhua said, citing local authorities, that the death toll had risen to 12.", [("Xinhua", "local authorities")]),
    ("The senator said on CNN that the bill would pass.", [("CNN", "senator")]),
    # a trailing "according to" is no part of the content, even where a fallback reads it;
    # whoever released the document relays it, and the document itself is no link
    ("The White House said in a statement that the call was productive, according to a transcript released by the Kremlin.",
     [("Kremlin", "transcript"), ("Kremlin", "White House")]),
    ("Ukraine's military said Russian forces shelled the town, according to a statement cited by Ukrinform.",
     [("Ukrinform", "statement"), ("Ukrinform", "Ukraine military")]),
    # the bundled model often reads the complementizer after an addressee as a relative pronoun
    ("Erdogan told broadcaster NTV that Turkey would mediate.", [("NTV", "Erdogan")]),
    ("A senior official told The Wall Street Journal on condition of anonymity that the deal was off.", [("The Wall Street Journal", "senior official")]),
    ("Zelensky said in his nightly video address that Russia had fired 40 missiles.", [("Zelensky",)]),
    ("The official, speaking on condition of anonymity, told AFP that talks were stalled.", [("AFP", "official")]),
    ("The governor told local broadcaster WKYC-TV that the plant would close.", [("WKYC-TV", "governor")]),
    ("Russia's defence ministry, quoted by the TASS news agency, said its troops had taken control of the area.",
     [("TASS", "Russia defence ministry")]),
    ("The minister, cited by Interfax, said prices would rise.", [("Interfax", "minister")]),
    ("In an interview aired Sunday on CBS's 60 Minutes, the president said the economy was strong.", [("CBS", "president")]),
    ("The Guardian reported that AFP quoted a police spokesman as saying that witnesses told officers the gunman fled.",
     [("The Guardian",), ("The Guardian", "AFP", "police spokesman"), ("The Guardian", "AFP", "police spokesman", "witnesses")]),
    ("According to Axios, Trump told aides that he was furious, two sources said.", [("Axios",), ("Axios", "two sources", "Trump")]),
    ("According to the Associated Press, which cited police, three people were arrested.", [("AP", "police")]),
    ("Minister quoted as saying talks failed.", [("Minister",)]),  # a headline's passive without its auxiliary
    # a subjectless phrase between the subject and its verb modifies the subject; the
    # that-clause hung on the addressee is what was said
    ("People familiar with the matter told Bloomberg News that the deal could be announced this week.", [("Bloomberg", "People")]),
    # whoever saw or obtained the document relays it, and the document is no link
    ("“The evidence is overwhelming,” prosecutors said, according to court documents seen by the BBC.",
     [("BBC", "court documents"), ("BBC", "prosecutors")]),
    ("According to documents obtained by Reuters, the company knew of the defect.", [("Reuters", "documents")]),
    # an addressee the parser read as a subject; a speech handed to an outlet; a complement
    # hung on the interview under the addressee
    ("“We will rebuild,” the mayor told the local newspaper Kyiv Independent, according to Reuters.",
     [("Reuters",), ("Reuters", "Kyiv Independent", "mayor")]),
    ("In a statement sent to CNN, a spokesman for the airline said the flight was cancelled for safety reasons.",
     [("CNN", "spokesman for the airline")]),
    ("The company's chief executive told the Financial Times in an interview published on Sunday that profits would fall.",
     [("Financial Times", "company chief executive")]),
    # "quoting", read as the verb's complement, is the citing participle; the outlet the
    # remarks were reported by, or the essay published in, relays them
    ("The broadcaster said, quoting police, that the suspect had been detained.", [("broadcaster", "police")]),
    ("The memo, obtained by CNN, said the plan had been shelved.", [("CNN", "memo")]),
    ("The senator said in an interview published in the Guardian that the law was unconstitutional.", [("The Guardian", "senator")]),
    ("The White House, in a statement to Reuters, said the president had been briefed.", [("Reuters", "White House")]),
    ("The ministry's spokesman said in a video statement, carried by state television, that the strikes would continue.",
     [("state television", "ministry spokesman")]),
    ("Witnesses told the BBC they heard explosions, while officials told Reuters the blasts were controlled.",
     [("BBC", "Witnesses"), ("Reuters", "officials")]),
    ("“There is no threat,” Peskov told reporters on a daily call, Interfax reported.", [("Interfax", "Peskov")]),
    # "continued overnight": a time is no content ("continue" is a cue of speech: "…,” he continued)
    # (the correspondent reports for the outlet, as a journalist named by name does)
    ("Al Jazeera's correspondent reported that witnesses said the shelling continued overnight.",
     [("Al Jazeera", "Al Jazeera correspondent"), ("Al Jazeera", "Al Jazeera correspondent", "witnesses")]),
    # the speaker's own channel relays nothing
    ("The Kremlin said on Monday, in a statement published on its website, that Putin had spoken to Erdogan.", [("Kremlin",)]),
    ("Russian state TV quoted Putin as saying the operation was going to plan, the BBC reported.",
     [("BBC",), ("BBC", "Russian state TV", "Putin")]),
    ("“We are ready,” the general told state news agency RIA Novosti, according to a report by Al Jazeera.",
     [("Al Jazeera",), ("Al Jazeera", "RIA Novosti", "general")]),
    ("As reported by Reuters, officials said the deal was close.", [("Reuters",), ("Reuters", "officials")]),
    ("AFP, citing Interfax, quoted the ministry as saying that the drills were over.", [("AFP", "Interfax", "ministry")]),
    # a cue inside the quotation ("respond") is no attribution of the words around it
    ("Russian state media quoted Putin as saying: “We will respond.”", [("Russian state media", "Putin")]),
    ("“We are ready,” Erdogan told a news conference in Ankara, Anadolu reported.", [("Anadolu", "Erdogan")]),
    # the parent's outlet, credited again by the nested attribution, is one link
    ("According to a report in Le Monde, French officials believe the attack was planned abroad.",
     [("Le Monde",), ("Le Monde", "French officials")]),
    ("Tass quoted Kremlin spokesman Dmitry Peskov as saying that Putin had no plans to meet Biden.", [("TASS", "Dmitry Peskov")]),
    ("The Times of India reported that police had arrested five men, quoting a senior officer.", [("The Times of India", "senior officer")]),
    ("The ministry's spokeswoman, Maria Zakharova, said in a briefing broadcast by Rossiya 24 that Moscow would retaliate.",
     [("Rossiya 24", "Maria Zakharova")]),
    ("The spokesperson for the UN secretary-general, Stephane Dujarric, told reporters that aid was stuck.", [("Stephane Dujarric",)]),
    ("The Wall Street Journal, quoting people familiar with the matter, said the deal could be announced next week.",
     [("The Wall Street Journal", "people")]),
    ("Russia's foreign ministry spokeswoman said on Thursday that Moscow would respond to any new sanctions, "
     "the state-run TASS news agency reported.", [("TASS", "Russia foreign ministry spokeswoman"), ("TASS", "Russia foreign ministry spokeswoman", "Moscow")]),
    # the event noun of a relay frame hung under the time ("said on Saturday, in comments …")
    ("Turkish President Recep Tayyip Erdogan said on Saturday, in comments reported by Anadolu Agency, that grain exports would resume.",
     [("Anadolu", "Recep Tayyip Erdogan")]),
    # a participle that goes on from a cue goes through its relays; one on the speaker too
    ("“The Russians are retreating,” a Ukrainian soldier told CNN, adding that morale was high.",
     [("CNN", "Ukrainian soldier"), ("CNN", "Ukrainian soldier")]),
    ("The minister told Reuters that the negotiations had collapsed, saying a deal was impossible.",
     [("Reuters", "minister"), ("Reuters", "minister")]),
    ("“They told us to leave,” said Olga, 45, a resident of Bakhmut, speaking to the BBC.", [("BBC", "Olga"), ("BBC", "Olga", "They")]),
    # a participle after the speaker's comma is no part of the mention, whatever its label
    ("A senior US official, briefing reporters on condition of anonymity, said Washington had warned Moscow.", [("senior US official",)]),
    # a final report with its own source: the next link ("…, Reuters reported, citing Y")
    ("Witnesses said they heard several explosions, Reuters reported, citing a local official.", [("Reuters", "local official", "Witnesses")]),
    ("The head of the IAEA, Rafael Grossi, told reporters that the situation at the plant was fragile.", [("Rafael Grossi",)]),
    # the bundled parser reads the final report as a passive with two subjects
    ("The Kremlin on Tuesday dismissed the report as \"fake news\", state news agency RIA reported.", [("RIA Novosti",), ("RIA Novosti", "Kremlin")]),
    # a participle between the speaker and the verb relays ("The spokesman, speaking to AFP, …");
    # an outlet named after its noun by a misparse is one mention named by the name; a report
    # citing someone passes the chain on to them
    ("The spokesman, speaking to AFP by phone, denied the report.", [("AFP", "spokesman")]),
    ("The ministry said in a statement carried by the state news agency WAM that the talks would resume.", [("WAM", "ministry")]),
    ("According to a Reuters report citing two sources, the company will cut 5,000 jobs.", [("Reuters", "two sources")]),
    # the agent of "published" is "by X", not a time before it; a cited phrase whose own
    # clause swallowed the that-clause; "said on Telegram" names where, not what
    ("In an interview published on Tuesday by the Financial Times, the chancellor said Germany would send more tanks.",
     [("Financial Times", "chancellor")]),
    ("The Financial Times reported, citing three people briefed on the talks, that a deal was close.", [("Financial Times", "three people")]),
    ("“The situation is under control,” the governor said on Telegram, Interfax reported.", [("Interfax", "governor")]),
    # the bundled parser hangs "quoted by Haaretz" on the main verb, and reads "citing" as
    # an adjective of "police"; an outlet noun named by a proper noun before it
    ("According to sources quoted by Haaretz, the prime minister rejected the offer.",
     [("Haaretz", "sources"), ("Haaretz", "sources", "prime minister")]),
    ("Local media, citing police, reported that four people had died.", [("Local media", "police")]),
    ("The spokesman told the official IRNA news agency that Iran would respond.", [("IRNA", "spokesman")]),
    # a known outlet's name that goes on ("the Times" of the gazetteer, "of Israel" after it)
    ("The Israeli military said in a statement, reported by the Times of Israel, that it had struck 30 targets.",
     [("The Times of Israel", "Israeli military")]),
    # a "that" clause the parser hung inside the addressee's phrase is no part of the outlet;
    # a hyphenated name is one name
    ("Its foreign minister, Ali al-Sadiq, told the state news agency SUNA that the report was exaggerated.",
     [("SUNA", "Ali al-Sadiq")]),
    # a program's title in quotation marks after its outlet's possessive is no quotation of
    # the speaker's; the outlet relays (the parser hangs "NBC's" on "interview")
    ('In an interview with NBC\'s "Meet the Press," Clinton said she would not raise taxes.', [("NBC", "Clinton")]),
    # the bundled parser reads "Independent" as an adjective of "reported", "the" as its
    # determiner: the final report's name runs up to the verb, and ends like a newspaper's
    ("The army said in its morning update that 12 attacks had been repelled, the Kyiv Independent reported.",
     [("Kyiv Independent", "army")]),
    # a relay participle between the speaker and its verb, which the parser hung on the verb
    ("A spokesman for the ministry, quoted by RIA Novosti, denied the report.", [("RIA Novosti", "spokesman for the ministry")]),
    ("A spokesman for the ministry, quoted by RIA Novosti, said the report was false.", [("RIA Novosti", "spokesman for the ministry")]),
    # a possessive source whose head the tagger read as an adjective ("Ukraine's military"),
    # and a final report that scopes over the sentence, so no content runs into it
    ("According to Ukraine's military, Russian forces fired 40 missiles overnight, the Kyiv Independent reported.",
     [("Kyiv Independent",), ("Kyiv Independent", "Ukraine military")]),
    # "she’s said" after its quotation is "she has said", not a passive
    ("“We’re ready,” she’s said, according to Reuters.", [("Reuters",), ("Reuters", "she")]),
    # the reported clause hung on the final report as an adverb; the relay cites the speakers
    ("The deal is off, Bloomberg reported, citing people familiar with the matter.", [("Bloomberg", "people familiar with the matter")]),
    # the parser gave the final report both subjects
    ("Two people briefed on the matter said the talks had collapsed, the Financial Times reported on Friday.",
     [("Financial Times", "Two people")]),
    # the complement hung on the addressee, and a final report after it
    ("The ministry told state news agency IRNA that the sanctions were illegal, the semi-official Tasnim news agency reported.",
     [("Tasnim", "IRNA", "ministry")]),
    # "as telling reporters that …", with "that" read as a relative pronoun
    ("Putin was quoted by Interfax as telling reporters that Russia would respond.", [("Interfax", "Putin")]),
    # the paper that printed the words; an agency that carried a statement
    ("Writing in the Guardian, the former minister said the policy had failed.", [("The Guardian", "former minister")]),
    ("The statement, carried by the official Saudi Press Agency, said the kingdom welcomed the deal.", [("Saudi Press Agency", "statement")]),
    # a time is never a relay, even where the parser makes "broadcast" a noun
    ("He said in a television interview broadcast on Monday by Channel 4 that he would resign.", [("He",)]),
    ("The minister said in comments broadcast by state television that the border would stay closed.", [("state television", "minister")]),
    # the complement after a relative clause between commas on the addressee
    ("Officials told the New York Times, which first reported the plan, that it had been shelved.", [("The New York Times", "Officials")]),
    # a relaying participle with its agent, set off by a comma and read as the cue's
    # complement, names the relay; so does an outlet that interviewed or reached the
    # speaker (not a phone); the object of a citing verb whose relative clause speaks
    ("Moscow will respond in kind, Peskov said, quoted by Interfax.", [("Interfax", "Peskov")]),
    ("The talks failed, the minister said, quoted by state media.", [("state media", "minister")]),
    ("In a letter to EU leaders, seen by Politico, von der Leyen said the bloc would not back down.", [("Politico", "von der Leyen")]),
    ("Two diplomats interviewed by EFE said the talks had stalled.", [("EFE", "Two diplomats")]),
    ("Residents reached by phone said the shelling had stopped.", [("Residents",)]),
    ("Reuters cited a police official, who said the bomb had been planted under a car.", [("Reuters", "police official")]),
    # a relative clause the parser read as a complement of its own: "which" is the noun
    # phrase before its comma, never a link of the chain
    ("The Moscow Times reported, citing RIA Novosti, which quoted an unnamed source, that the general had been detained.",
     [("The Moscow Times", "RIA Novosti"), ("The Moscow Times", "RIA Novosti", "unnamed source")]),
    # "per X" credits like "according to X" (never "per share"); people who spoke to an
    # outlet are relayed by it; a fronted question put by an outlet ("Pressed by the BBC")
    ("The deal is worth about $2 billion, per Axios.", [("Axios",)]),
    ("Shares rose $5 per share, the company said.", [("company",)]),
    ("According to three people with direct knowledge of the talks, who spoke to The Wall Street Journal, the board met in secret.",
     [("The Wall Street Journal", "three people with direct knowledge of the talks")]),
    ("Pressed by the BBC on whether troops would be sent, the defence secretary said no decision had been made.",
     [("BBC", "defence secretary")]),
    # "It" after an outlet quoted someone is the outlet
    ("The Yonhap news agency quoted a military official as saying the missile flew 600 km. It added that the launch was detected at dawn.",
     [("Yonhap", "military official"), ("Yonhap",)]),
    # outlets of the gazetteer as addressees and interviewers
    ("In an interview with NHK aired on Sunday, Prime Minister Fumio Kishida said Japan would double its defence spending.",
     [("NHK", "Fumio Kishida")]),
    ("The coach admitted to Gazzetta dello Sport that he had considered quitting.", [("Gazzetta dello Sport", "coach")]),
    # an aside between speaker and cue names the outlet spoken to, wherever the tree hung it
    ("“We will not give up,” the minister, speaking to ANSA, said.", [("ANSA", "minister")]),
    ("“We are ready,” a senior official, talking to the BBC, said on Friday.", [("BBC", "senior official")]),
    ("Brazil's finance minister Fernando Haddad, speaking to Folha de S.Paulo, said the fiscal target would be kept.",
     [("Folha de S.Paulo", "Fernando Haddad")]),
    ("Argentine President Javier Milei, who spoke to La Nacion on Sunday, said monthly inflation would fall.",
     [("La Nación", "Javier Milei")]),  # (and the gazetteer's name is found without its accent)
    ("Colombian President Gustavo Petro told El Tiempo that the peace talks were in their final phase.", [("El Tiempo", "Gustavo Petro")]),
    # outlet names holding a possessive or a hyphen; a body named after an office
    ("An editorial in the People's Daily said the United States must stop interfering.", [("People's Daily",)]),
    ("A senior lawmaker told the Al-Akhbar newspaper that the session would go ahead.", [("Al-Akhbar", "senior lawmaker")]),
    ("The Russian Defence Ministry said 30 drones had been destroyed.", [("Russian Defence Ministry",)]),
    # the bundled parser hangs the speaker's title on the content, or the participle on the verb
    ("Japan will not send troops to the region, Chief Cabinet Secretary Yoshimasa Hayashi said in comments carried by Kyodo.",
     [("Kyodo", "Yoshimasa Hayashi")]),
    ("The ceasefire will take effect at midnight, according to Egyptian officials quoted by Al-Ahram.", [("Al-Ahram", "Egyptian officials")]),
    # whoever obtained the document in which someone wrote relays the words
    ("Politico obtained a memo in which the White House budget director wrote that agencies must cut staff.",
     [("Politico", "White House budget director")]),
    ("“We are not at war with NATO,” Lavrov told the Izvestia daily.", [("Izvestia", "Lavrov")]),
    # an outlet's reporter speaks through it; its spokesperson speaks for it; both are persons
    ("Al Jazeera's correspondent in Gaza said the hospital had been hit.", [("Al Jazeera", "Al Jazeera correspondent in Gaza")]),
    ("A BBC spokesperson said the programme would be reviewed.", [("BBC spokesperson",)]),
    ("“It was total chaos,” a witness told a Reuters reporter at the scene.", [("Reuters", "witness")]),
    # a dateline the parser made the subject is never the speaker; the nominal hung on it is
    ("BERLIN, June 12 (dpa) - Germany's Bild newspaper, citing Der Spiegel, reported that Chancellor Olaf Scholz would travel to Beijing.",
     [("Bild", "Der Spiegel")]),
    # a known outlet behind a country's possessive is the outlet, not the country
    ("In an interview with Germany's Die Zeit, Foreign Minister Annalena Baerbock said Europe had to take more responsibility.",
     [("Die Zeit", "Annalena Baerbock")]),
    # "the broadcaster", "the magazine": the outlet named before, never the attribution's own
    ("Israel's Channel 12 reported that the cabinet had approved the plan. The Times of Israel, citing the broadcaster, said the vote was unanimous.",
     [("Channel 12",), ("The Times of Israel", "Channel 12")]),
    ("Ukrainian President Volodymyr Zelenskiy gave a rare interview to The Economist this week. The war could end this year, he told the magazine.",
     [("The Economist", "Volodymyr Zelenskiy")]),
    # an outlet that says something of its own relays nothing said before it
    ("Coast guard spokesman Jay Tarriela told reporters Chinese vessels had fired water cannon at a supply boat. "
     "The Global Times said in an editorial that Manila had provoked the incident.", [("Jay Tarriela",), ("Global Times",)]),
    # what an outlet has learned, it reports; a final "…, X has learned" relays like "…, X reported"
    ("The Kremlin has told several Western embassies it will expel 20 diplomats, Kommersant has learned.", [("Kommersant", "Kremlin")]),
    # the outlet a question was asked on relays the answer; it is not what was asked
    # (the tagger reads "Asked" as a cue of its own, as PolNeAR draws it, with no source)
    ("Asked on Sky News whether he would resign, the minister replied: “Absolutely not.”", [(), ("Sky News", "minister")]),
    # an outlet told relays a cue the tagger found where the parse lost the clause ("that talks" read as a relative clause)
    ("A senior European diplomat told AFP that talks could resume next week.", [("AFP", "senior European diplomat")]),
    # a programme told: its outlet relays ("the BBC's Today programme")
    ("The foreign secretary told the BBC's Today programme that the talks would resume next week.", [("BBC", "foreign secretary")]),
    # a hyphenated name the parser split into an apposition is one name
    ("Two officials told Agence France-Presse on Tuesday that the plan was dead.", [("AFP", "Two officials")]),
    # a dateline hung as a second subject beside the speaker, or as the passive's subject, is no speaker
    ("BRUSSELS, May 12 (AFP) - European Union ambassadors agreed on Friday to extend sanctions on Belarus, two EU diplomats told AFP.",
     [("AFP", "two EU diplomats")]),
    ("TEHRAN — Iran's Foreign Minister Abbas Tavakoli was quoted by IRNA as saying the talks had failed.", [("IRNA", "Abbas Tavakoli")]),
    # "It quoted …": only an outlet quotes in a relay's place; the one named last before it
    ("The Sudan Tribune reported the seizure. It quoted one resident as saying that fighters had looted shops.",
     [("Sudan Tribune",), ("Sudan Tribune", "one resident")]),
]


def test_an_inverted_reporting_clause_is_never_what_its_head_clause_says(nlp):
    # "respond" is a cue verb; "the minister said" after the quotation's comma reports the
    # clause before it (before, it was taken as what Moscow would respond)
    doc = nlp("Moscow will respond with “mirror measures,” the minister said.")
    (top,) = [a for a in doc.attributions if a.parent is None]
    assert top.chain == ("minister",) and top.content[0].text.startswith("Moscow will respond")
    assert all("minister said" not in c.text for a in doc.attributions for c in a.content)


def test_a_person_in_an_apposition_naming_where_they_work_is_a_person(nlp):
    doc = nlp("John Ekai, a nurse at Lodwar County Referral Hospital, said the ward was full.")
    (a,) = doc.attributions
    assert (a.source.entity, a.source.type) == ("John Ekai", "person")


def test_a_tagger_source_is_named_within_its_own_words(nlp):
    # the parser made "spokeswoman" the root: its subtree is the whole sentence, "Reuters" included
    doc = nlp("A spokeswoman for the company confirmed to Reuters that talks were under way.")
    for a in doc.attributions:
        assert a.source is None or a.source.entity in a.source.text, a.to_dict()


@pytest.mark.parametrize("text,chains", CASES, ids=[c[0][:40] for c in CASES])
def test_relay_chain(nlp, text, chains):
    doc = nlp(text)
    assert sorted(a.chain for a in doc.attributions) == sorted(chains), [a.to_dict() for a in doc.attributions]


def test_cited_evidence_is_no_speaker(nlp):
    # lexicons/en/reason_nouns.txt: the think tank speaks; "citing" may still be a cue of its
    # own (PolNeAR draws "citing X" as one), but never a relay of the speech
    doc = nlp("Citing satellite images, the think tank said Russia had moved bombers to a base far from the front.")
    (said,) = [a for a in doc.attributions if [c.text for c in a.cue] == ["said"]]
    assert said.chain == ("think tank",)
    assert not any("satellite images" in link for a in doc.attributions for link in a.chain)


def test_a_definite_outlet_names_the_outlet_named_before_it(nlp):
    # "the agency" after "The Interfax news agency reported …" is Interfax, as a speaker and as a relay
    doc = nlp("The Interfax news agency reported on Monday that talks had resumed in Istanbul.\n\n"
              "The agency, citing a source in the delegation, said the first round would last two days. "
              "The agency added that the talks were tense.")
    chains = {" ".join(c.text for c in a.cue): a.chain for a in doc.attributions}
    assert chains["citing said"] == ("Interfax", "source in the delegation")
    assert chains["added"] == ("Interfax",)


def test_a_tagger_attribution_with_a_pronoun_speaker_is_resolved(nlp):
    # the tree hangs "that …" on "later", so the rules miss the second attribution; the span
    # tagger finds it, and its "He" names the speaker the rules found before
    doc = nlp("Ukraine's negotiator Mykhailo Podolyak said on Twitter that no ceasefire had been agreed. "
              "He told the BBC later that Kyiv would not trade territory for peace.")
    by_cue = {" ".join(c.text for c in a.cue): a for a in doc.attributions}
    assert by_cue["said"].source.entity == "Mykhailo Podolyak"  # a noun named right after it: the name
    told = by_cue["told"]
    assert told.source.text == "He" and told.source.entity == "Mykhailo Podolyak"


def test_an_outer_report_keeps_the_relay_phrase_of_what_it_reports(nlp):
    # "Al Jazeera reported that Hamas officials told the mediators, in remarks carried by
    # the group's TV channel, that …": the phrase is cut from the officials' content only
    doc = nlp("Al Jazeera reported that Hamas officials told the Qatari mediators, in remarks carried by the group's TV channel, "
              "that the talks had collapsed.")
    outer = [a for a in doc.attributions if a.parent is None]
    inner = [a for a in doc.attributions if a.parent is not None]
    assert len(outer) == 1 and len(inner) == 1
    assert "in remarks carried by" in outer[0].content[0].text and len(outer[0].content) == 1
    assert [c.text for c in inner[0].content] == ["the talks had collapsed"] and inner[0].chain[0] == "Al Jazeera"


def test_a_newspaper_named_like_one_is_an_outlet_and_the_newspaper_after_it(nlp):
    # lexicons/en/mastheads.txt: "the Sudan Tribune" is in no gazetteer, yet its name ends
    # like a newspaper's, so "The newspaper" in the next sentence is the Tribune
    doc = nlp("According to the Sudan Tribune, which cited local sources, fighting resumed overnight. "
              "The newspaper said at least 30 civilians had been killed.")
    by_cue = {" ".join(c.text for c in a.cue): a for a in doc.attributions}
    assert by_cue["According to cited"].chain == ("Sudan Tribune", "local sources")
    said = by_cue["said"]
    assert said.source.text == "The newspaper" and said.source.entity == "Sudan Tribune" and said.source.type == "outlet"


def test_an_adjective_after_the_according_phrase_is_part_of_it(nlp):
    # the parser hung "familiar" on the reported clause; it is the sources' description,
    # never a second part of what was said
    doc = nlp("CNN reported that Biden told aides he was frustrated, according to three people familiar with the conversations.")
    (outer,) = [a for a in doc.attributions if a.parent is None]
    assert outer.source.entity == "three people"
    assert [c.text for c in outer.content] == ["CNN reported that Biden told aides he was frustrated"]


def test_a_split_quote_goes_on_after_the_addressee(nlp):
    # the second part comes after the cue's addressee, not right after the cue
    doc = nlp('"We are not at war with Russia," Scholz told ZDF, "and we will not be drawn into it."')
    (a,) = doc.attributions
    assert a.chain == ("ZDF", "Scholz")
    assert [c.text for c in a.content] == ["We are not at war with Russia,", "and we will not be drawn into it."]


def test_a_wire_credit_without_a_dash_is_the_dateline(nlp):
    # Indian wire copy: "PLACE, Date (IANS) …"; the credit is no part of the speaker
    doc = nlp("NEW DELHI, May 4 (IANS) Congress leader Rahul Gandhi said the government had failed.")
    assert doc.metadata["wire"] == "IANS"
    (a,) = doc.attributions
    assert a.source.text == "Congress leader Rahul Gandhi" and a.chain == ("Rahul Gandhi",)


def test_a_wire_headline_credit_relays_the_headline_or_is_its_source(nlp):
    # Reuters' headline style: "… -state TV", "… -sources"; the credit is no content
    doc = nlp("Iran says it has seized oil tanker in Gulf -state TV\n\nIran said on Monday it had seized a tanker.")
    head = doc.attributions[0]
    assert head.chain == ("state TV", "Iran") and [c.text for c in head.content] == ["it has seized oil tanker in Gulf"]
    doc = nlp("Boeing plans to cut 500 jobs -sources\n\nThe company declined to comment.")
    head = doc.attributions[0]
    assert head.chain == ("sources",) and [c.text for c in head.content] == ["Boeing plans to cut 500 jobs"]
    # a hyphen inside the headline's words is no credit
    doc = nlp("A well-known long-term plan\n\nThe minister said the plan was old.")
    assert all(a.rule != "headline-credit" for a in doc.attributions)


def test_a_headline_label_told_to_an_outlet(nlp):
    doc = nlp('Zelensky to CNN: "We need more air defence"\n\nUkraine\'s president said his country needed more help.')
    assert doc.attributions[0].chain == ("CNN", "Zelensky")
    doc = nlp("Graham to Trump: Stop the attacks on the party now\n\nThe senator said the party was hurting.")
    assert doc.attributions[0].chain == ("Graham",)


def test_a_question_hung_on_the_cue_after_its_participle_is_not_the_answer(nlp):
    # the parser hangs "whether he would run again" on "said"; it is what CNN asked
    doc = nlp("Asked by CNN whether he would run again, the senator said he had not decided.")
    (said,) = [a for a in doc.attributions if [c.text for c in a.cue] == ["said"]]
    assert [c.text for c in said.content] == ["he had not decided"]
    assert said.chain == ("CNN", "senator")


def test_a_quote_inside_a_quote_ends_at_its_own_closing_mark(nlp):
    # the inner speech ends where its single quotation mark closes, not at the outer one
    doc = nlp("“He told me, ‘We are leaving,’” the witness told AFP.")
    (inner,) = [a for a in doc.attributions if a.parent is not None]
    assert inner.chain == ("AFP", "witness", "He") and [c.text for c in inner.content] == ["We are leaving"]


def test_a_pronoun_speaker_with_no_earlier_speaker_is_the_person_in_the_subject_before(nlp):
    # no speaker before "she": the person named in the previous sentence's subject is her;
    # a person named only as an object is not taken
    doc = nlp("Mexican activist Ana Enamorado has searched for her son for a decade. "
              "“I will not stop until I find him,” she told AFP.")
    (a,) = doc.attributions
    assert a.chain == ("AFP", "Ana Enamorado") and a.source.text == "she"
    doc = nlp("Police arrested John Smith on Monday. “We are still investigating,” he said.")
    (a,) = doc.attributions
    assert a.source.entity == "he"


def test_an_outlet_addressed_inside_a_mention_is_not_its_name(nlp):
    # "Macron's remarks to Le Figaro": the paper is spoken to, so the phrase is no outlet,
    # and the quotation told to "the paper" is relayed by it
    doc = nlp("PARIS (AFP) - French President Emmanuel Macron's remarks to Le Figaro drew sharp criticism on Sunday. "
              "“Europe must be ready to defend itself,” he told the paper.")
    assert all(a.source is None or a.source.entity != "Le Figaro" for a in doc.attributions)
    (told,) = [a for a in doc.attributions if [c.text for c in a.cue] == ["told"]]
    assert told.chain[0] == "Le Figaro"


def test_a_role_named_again_is_the_speaker_who_held_it(nlp):
    # "The minister added": the last speaker whose mention holds "minister"
    doc = nlp("“We will not be blackmailed,” Lithuanian Foreign Minister Gabrielius Landsbergis told LRT radio. "
              "The minister added that Vilnius would expel two Russian diplomats.")
    (added,) = [a for a in doc.attributions if [c.text for c in a.cue] == ["added"]]
    assert added.source.text == "The minister" and added.source.entity == "Gabrielius Landsbergis"


def test_a_pronoun_the_rules_left_alone_finds_a_speaker_only_the_tagger_found(nlp):
    # the parser made the dateline the first sentence's subject, so only the span tagger
    # finds "the Kommersant daily reported"; "It" in the next sentence is that paper
    doc = nlp("MOSCOW (Reuters) - Russia's central bank is considering capping deposit rates at major lenders, "
              "the Kommersant daily reported on Wednesday. It said the move could come as early as next month.")
    (said,) = [a for a in doc.attributions if [c.text for c in a.cue] == ["said"]]
    assert said.source.text == "It" and said.source.entity == "Kommersant"


def test_it_after_an_according_credit_is_the_speaker_not_the_credit(nlp):
    # "X said, according to Yonhap. It added …": "It" continues the military's speech;
    # the news agency only relayed it
    doc = nlp("North Korea fired a ballistic missile into the sea off its east coast on Sunday, "
              "South Korea's military said, according to Yonhap. It added that the missile flew about 600 km.")
    (added,) = [a for a in doc.attributions if [c.text for c in a.cue] == ["added"]]
    assert added.source.text == "It" and "military" in added.source.entity and added.source.entity != "Yonhap"


def test_it_with_no_organization_before_is_the_untyped_name_that_spoke(nlp):
    # the lexicon cannot type "Maersk", but "It" is no person: it is the company that spoke
    doc = nlp("In a statement to Reuters, Maersk said it would continue to avoid the Red Sea until further notice. "
              "It added that the diversions would add about two weeks to voyages between Asia and Europe.")
    (added,) = [a for a in doc.attributions if [c.text for c in a.cue] == ["added"]]
    assert added.source.entity == "Maersk" and added.source.type == "organization"


def test_the_statement_that_speaks_is_its_issuer(nlp):
    # "the statement added": the coalition that "said in a statement" before
    doc = nlp("DUBAI, Jan 8 (Reuters) - Saudi air defences intercepted a drone launched from Yemen, "
              "the Saudi-led coalition said in a statement carried by state news agency SPA. "
              "The drone had been targeting civilians in Jazan, the statement added.")
    (added,) = [a for a in doc.attributions if [c.text for c in a.cue] == ["added"]]
    assert added.source.text == "the statement" and "coalition" in added.source.entity
    # a statement nobody was said to have made stays what it is
    doc = nlp("The drone had been targeting civilians in Jazan, the statement added.")
    (added,) = doc.attributions
    assert added.source.entity == "statement"


def test_a_name_and_its_apposition_read_as_two_subjects_name_the_speaker(nlp):
    # the parser makes "a tabloid" a second subject of "said": the paper's name speaks
    doc = nlp("The Global Times, a tabloid run by the Communist Party's People's Daily, "
              "said in an editorial that Manila was \"playing with fire\".")
    (said,) = doc.attributions
    assert said.chain == ("Global Times",) and said.source.type == "outlet"


def test_a_journalist_only_the_tagger_found_is_relayed_by_the_outlet(nlp):
    # the rules find no speaker here; the tagger's "Al Jazeera's correspondent" is relayed
    # by the network as the rules' journalists are
    doc = nlp("Heavy shelling was heard near the airport overnight, Al Jazeera's correspondent in Khartoum reported.")
    (a,) = doc.attributions
    assert a.chain[0] == "Al Jazeera" and "correspondent" in a.source.text


def test_a_body_named_again_is_the_organization_that_spoke(nlp):
    # "The ministry added": the last organization speaker whose mention holds "ministry"
    doc = nlp("Russia's Defence Ministry said its forces had taken control of the village of Krasnoye, "
              "RIA Novosti reported. The ministry added that Ukrainian forces had lost up to 400 soldiers in the past day.")
    (added,) = [a for a in doc.attributions if [c.text for c in a.cue] == ["added"]]
    assert added.source.entity == "Defence Ministry" and added.source.type == "organization"
    # "The company": the last speaker that is no person, past the chief executive between
    doc = nlp("Nestle said on Thursday it would cut prices in Europe. \"We have listened to consumers,\" "
              "chief executive Laurent Fischer told a news conference in Vevey. "
              "The company also said it expected sales growth of around 3% this year.")
    (also,) = [a for a in doc.attributions if "also" in " ".join(c.text for c in a.cue)]
    assert also.source.text == "The company" and also.source.entity == "Nestle"


def test_according_to_an_outlet_citing_a_source(nlp):
    # the participle hangs on the main verb (or heads the outlet) in both positions: the
    # outlet relays whom it cites, and the participle is no attribution of its own
    for text in ("Israeli forces killed at least 15 people in an airstrike on a school in central Gaza, "
                 "according to Al Jazeera, citing the Palestinian civil defence agency.",
                 "According to Al Jazeera, citing the Palestinian civil defence agency, Israeli forces killed at least 15 people."):
        doc = nlp(text)
        (a,) = doc.attributions
        assert a.chain == ("Al Jazeera", "Palestinian civil defence agency")
        assert [c.text for c in a.content] == ["Israeli forces killed at least 15 people" + (
            " in an airstrike on a school in central Gaza" if text.startswith("Israeli") else "")]


def test_a_body_named_with_and_keeps_its_whole_name(nlp):
    doc = nlp("There were no immediate reports of damage, NHK said, citing the Fire and Disaster Management Agency.")
    (a,) = doc.attributions
    assert a.chain == ("NHK", "Fire and Disaster Management Agency")


def test_hyphenated_names_are_whole_speakers(nlp):
    # the tokenizer splits "Jin-woo" and the parser hangs "Jin" on the dateline
    doc = nlp("SEOUL, April 9 (Yonhap) - South Korea's defence minister Park Jin-woo told KBS radio on Tuesday "
              "that the North could test another missile soon. \"We are watching the situation very closely,\" he said.")
    assert [a.chain for a in doc.attributions] == [("KBS", "Park Jin-woo"), ("Park Jin-woo",)]
    doc = nlp("\"We will rebuild,\" Lagos governor Babajide Sanwo-Olu told Channels TV.")
    (a,) = doc.attributions
    assert a.chain == ("Channels TV", "Babajide Sanwo-Olu")


def test_the_party_cited_keeps_its_modifiers(nlp):
    # the compact parser hangs "familiar with …" and "in the company" on the citing verb,
    # and reads "daily" as its adverb: the cited party and the paper keep their words
    doc = nlp("TOKYO, Jan 22 (Reuters) - Toyota Motor Corp will raise base salaries by a record amount this year, "
              "the Nikkei business daily reported on Wednesday, citing people familiar with the matter.")
    (a,) = doc.attributions
    assert a.source.text == "people familiar with the matter" and a.chain[0] == "Nikkei"
    assert [c.text for c in a.cue] == ["reported", "citing"]
    doc = nlp("Gazprom will resume supplies to Austria next week, the TASS news agency cited a source in the company as saying on Thursday.")
    (a,) = doc.attributions
    assert a.source.text == "a source in the company" and a.chain[0] == "TASS"


def test_a_pronoun_agrees_with_the_gender_the_text_gives(nlp):
    # "she" passes over "Mr. Brennan" to the woman the previous sentence is about
    doc = nlp("Mr. Brennan wrote on Facebook that the council had betrayed the city.\n\n"
              "Ms. Whitcomb, asked about the post on Tuesday, shrugged. \"He should be,\" she said.")
    (said,) = [a for a in doc.attributions if [c.text for c in a.cue] == ["said"]]
    assert said.source.text == "she" and said.source.entity == "Whitcomb"


def test_a_name_in_apposition_to_a_role_is_the_speaker(nlp):
    doc = nlp("Her campaign manager, Derek Okafor, told reporters the campaign had raised $4 million.")
    (a,) = doc.attributions
    assert a.source.entity == "Derek Okafor" and a.source.type == "person"


def test_an_interview_after_an_age_still_relays(nlp):
    # the age between name and verb sends the quote to a fallback; the outlet still relays
    doc = nlp("\"It is a scandal,\" Ellison, 64, said in an interview with The Guardian.")
    (a,) = doc.attributions
    assert a.chain == ("The Guardian", "Ellison")


def test_bodies_named_with_of_and_the_report_an_outlet_made(nlp):
    doc = nlp("The Royal College of Emergency Medicine said waiting times were the worst on record.")
    (a,) = doc.attributions
    assert a.source.entity == "Royal College of Emergency Medicine" and a.source.type == "organization"
    doc = nlp("Bloomberg News reported that the firm was in talks to sell its unit. "
              "The deal could be worth $2 billion, according to the report.")
    (acc,) = [a for a in doc.attributions if a.cue[0].text == "according to"]
    assert acc.source.text == "the report" and acc.source.entity == "Bloomberg"


def test_a_quote_with_its_own_reporting_clause_is_not_taken_by_the_cue_before(nlp):
    # "responded" in the sentence before does not take a quote its own clause attributes,
    # even with an apposition in that clause or a comma inside an inner quotation
    doc = nlp("Harwell's office responded within the hour. \"The Speaker respects the committee's work,\" "
              "her spokeswoman, Amanda Cole, said in a statement. \"But this vote is premature.\"")
    assert [a.source.entity for a in doc.attributions] == ["Amanda Cole"]
    doc = nlp("Morales told the jury that the founder had called her into his office. "
              "\"He closed the door and said, 'Nobody will believe you,'\" Ms. Morales testified.")
    (testified,) = [a for a in doc.attributions if a.content[0].text.startswith("He closed")]
    assert [c.text for c in testified.cue] == ["testified"] and testified.source.text == "Ms. Morales"


def test_a_station_named_after_its_kind_is_the_station_told_later(nlp):
    # the parser makes "station" and "Bío-Bío" two subjects: the mention is the station,
    # an outlet, and "the station" told later is that station, not the wire of the dateline
    doc = nlp("SANTIAGO, Chile (AP) - A powerful earthquake struck northern Chile on Sunday. Local radio station Bío-Bío "
              "quoted a resident, Jorge Saavedra, as saying that his family had run into the street. "
              "\"The whole hill was moving,\" he told the station.")
    (told,) = [a for a in doc.attributions if [c.text for c in a.cue] == ["told"]]
    assert told.chain[0] == "Bío-Bío"


def test_a_noun_of_speech_does_not_take_a_quote_with_its_own_clause(nlp):
    # "his comments" does not claim the next quotation, which "she said" attributes; she
    # is the woman named in the subject before
    doc = nlp("Ellison laughed when told of his comments. \"David told me I would never publish,\" she said.")
    (said,) = [a for a in doc.attributions if [c.text for c in a.cue] == ["said"]]
    assert said.content[0].text.startswith("David told me") and said.source.entity == "Ellison"
    assert not [a for a in doc.attributions if [c.text for c in a.cue] == ["comments"]]


def test_an_emphatic_reflexive_is_part_of_the_speaker_not_the_speaker(nlp):
    # the parser makes "himself" a second subject: the speaker is Brennan, the mention keeps it
    doc = nlp("Mr. Brennan himself wrote on Facebook that the council had betrayed the city.")
    (a,) = doc.attributions
    assert a.source.entity == "Brennan" and a.source.text == "Mr. Brennan himself"


def test_the_company_is_the_business_its_words_name(nlp):
    # no speaker before "the company": it is the business named as the subject of what it
    # said, and "It" after it is that business too
    doc = nlp("Volkswagen will close two plants in Germany by 2027, the company said in a statement on Friday. "
              "It added that about 4,000 jobs would be affected.")
    assert [a.source.entity for a in doc.attributions] == ["Volkswagen", "Volkswagen"]
    doc = nlp("Shares fell sharply, the company said.")
    (a,) = doc.attributions
    assert a.source.entity == "company"


@pytest.mark.parametrize("text,entity,etype", [
    # the commas of the apposition hang on it, and the parser made it a second subject
    ("Earlier, Andriy Yermak, the head of Zelenskiy's office, wrote on Telegram that the air force had shot down 27 drones.",
     "Andriy Yermak", "person"),
    # an office's holder named after its portfolio (lexicons/en/portfolios.txt)
    ("Secretary of State John Kerry said the talks would resume.", "John Kerry", "person"),
    ("Minister of Foreign Affairs Sergei Lavrov said the talks would resume.", "Sergei Lavrov", "person"),
    ("The Minister of Health said the talks would resume.", "Minister of Health", "person"),
    # the name in an apposition the parser read as a conjunct without "and"
    ("The mayor of London, Sadiq Khan, said the talks would resume.", "Sadiq Khan", "person"),
    # a plural name is a body, and runs on over "of"
    ("The Joint Chiefs of Staff said the talks would resume.", "Joint Chiefs of Staff", "organization"),
])
def test_a_speaker_is_named_by_the_name_not_the_role(nlp, text, entity, etype):
    (a,) = [a for a in nlp(text).attributions if a.parent is None]
    assert (a.source.entity, a.source.type) == (entity, etype), a.to_dict()


def test_a_final_report_with_modifiers_reports_the_clause_before_it(nlp):
    # the dateline was parsed as the subject, so the tree hangs the clause on it; the
    # reporting clause "…, X reported on Saturday, without citing sources." still reports it
    doc = nlp("TOKYO (Reuters) - Japan's government plans to raise defence spending to 2% of gross domestic product "
              "by fiscal 2027, the Yomiuri Shimbun daily reported on Saturday, without citing sources.")
    (a,) = [a for a in doc.attributions if a.parent is None]
    assert a.chain == ("Yomiuri Shimbun",)
    assert a.content[0].text.startswith("Japan's government plans") and "TOKYO" not in a.content[0].text


def test_a_headline_credit_after_a_spaced_dash_is_the_outlet(nlp):
    doc = nlp("North Korea fires missile into sea - Kyodo\n\nTOKYO (Reuters) - North Korea fired a missile, officials said.")
    head = [a for a in doc.attributions if a.content[0].start < 45]
    assert [a.chain for a in head] == [("Kyodo",)] and head[0].content[0].text == "North Korea fires missile into sea"


@pytest.mark.parametrize("text,cited", [
    ("“This is not a hard race,” he said, citing Trump’s blue-collar appeal and Hillary Clinton’s unpopularity.", None),
    ("The minister said the talks had failed, citing the ministry's statement.", "ministry statement"),
    ("The ministry said 40 soldiers had died, citing the army's own tally.", "army own tally"),
])
def test_a_possessed_thing_that_says_nothing_is_a_reason_not_a_source(nlp, text, cited):
    # someone's appeal or unpopularity is why the speaker thinks so, not who said it
    # (_engine._cited_reason); someone's statement or tally is a source
    chains = [a.chain for a in nlp(text).attributions]
    if cited is None:
        assert all(len(c) == 1 for c in chains) and not any("appeal" in link for c in chains for link in c), chains
    else:
        assert any(c[-1] == cited for c in chains), chains


@pytest.mark.parametrize("text,chain", [
    # "Executive" is a title word (lexicons/en/titles.txt): not part of the name
    ("DETROIT (Reuters) - Halden Motors will cut 5% of its workforce, Chief Executive Sarah Whitcombe said in a memo to staff.",
     ("Sarah Whitcombe",)),
    # "daily" tagged as an adverb of the verb, the newspaper's name as its subject
    ("The Kommersant daily, citing a diplomatic source, reported that a meeting of experts could take place in Geneva.",
     ("Kommersant", "diplomatic source")),
    # a hyphen inside a name in an apposition stays
    ("Tremblay's spokesperson, Jean-Marc Ouellet, said the measures would match U.S. tariffs.", ("Jean-Marc Ouellet",)),
    # "…, in remarks to X" hung at the end of the reported clause: X relays, and is no content
    ("Economy Minister Martín Ferreyra said on Monday the government would lift currency controls by the end of the year, "
     "in remarks to local radio station Radio Mitre.", ("Radio Mitre", "Martín Ferreyra")),
])
def test_round6_probe_forms(nlp, text, chain):
    chains = [a.chain for a in nlp(text).attributions if a.parent is None]
    assert chain in chains, chains


def test_remarks_to_an_outlet_are_cut_from_the_content(nlp):
    doc = nlp("Economy Minister Martín Ferreyra said on Monday the government would lift currency controls by the end of the year, "
              "in remarks to local radio station Radio Mitre.")
    (a,) = [a for a in doc.attributions if a.parent is None]
    assert [c.text for c in a.content] == ["the government would lift currency controls by the end of the year"]


def test_a_dateline_is_never_the_speaker_of_a_tagger_cue(nlp):
    # "citing higher coffee costs": the tagger's cue; its subject, as the parse reads it, is the dateline
    doc = nlp("ZURICH (Reuters) - Swiss food group Alvena on Thursday cut its sales forecast, citing higher coffee costs.")
    assert all(a.source is None or "ZURICH" not in a.source.text for a in doc.attributions)


def test_a_definite_description_by_any_noun_of_an_earlier_speaker_is_that_speaker(nlp):
    # "striker" is no role word of the lexicon; the earlier speaker's mention holds it
    doc = nlp("Atlético Madrid striker Álvaro Rueda said on Friday he had turned down an offer. "
              "The striker said he would sign a new contract.")
    assert [a.source.entity for a in doc.attributions if a.parent is None] == ["Álvaro Rueda", "Álvaro Rueda"]
    # a body's noun is never resolved to a person whose mention holds it
    doc = nlp("Company spokesman John Doe said the plant would close. The company said it would appeal.")
    assert doc.attributions[-1].source.entity != "John Doe"


def test_a_short_title_in_quotation_marks_is_no_quotation_holding_the_subject(nlp):
    # the subject-inside-the-quotation repair read the podcast's quoted title as a quotation
    doc = nlp("Speaking on the “Political Currency” podcast, former finance minister Helen Mayhew said "
              "the government had run out of road.")
    (a,) = [a for a in doc.attributions if a.parent is None]
    assert a.source.entity == "Helen Mayhew"


@pytest.mark.parametrize("text,chain", [
    # a relay set off by commas inside a reported clause: three links, whatever the parse
    ("Le Monde reported that AFP, quoting a police source, said the suspect had been arrested.", ("Le Monde", "AFP", "police source")),
    ("The Kyiv Post reported that Interfax-Ukraine, citing a source in the presidential office, said Zelenskiy would travel to Washington.",
     ("Kyiv Post", "Interfax-Ukraine", "source in the presidential office")),
    ("The newspaper said that Reuters, citing two officials, reported that talks had stalled.", ("newspaper", "Reuters", "two officials")),
    # the interviewer parsed as a participle's subject; a hyphenated participle read as a verb
    ("Argentine President Javier Milei said in an interview with the newspaper Clarín published on Sunday that inflation would fall.",
     ("Clarín", "Javier Milei")),
    ("Iran will resume talks next week, Foreign Ministry spokesman Mohammad-Reza Ghaffari said Monday, according to the state-run IRNA news agency.",
     ("IRNA", "Mohammad-Reza Ghaffari")),
    ("According to the state-owned newspaper Al-Ahram, the talks collapsed.", ("Al-Ahram",)),
    # appearing on a programme: its outlet relays
    ('House Speaker Gregory Tillman, appearing on CBS\'s "Face the Nation," said the bill would pass.', ("CBS", "Gregory Tillman")),
    # a title with a hyphen, under a dateline the parser made the subject
    ("NEW YORK (Reuters) - U.N. Secretary-General António Guterres on Monday urged restraint, saying the region could not afford another war.",
     ("António Guterres",)),
])
def test_round7_probe_forms(nlp, text, chain):
    chains = [a.chain for a in nlp(text).attributions]  # (a relayed report is nested in its outer one)
    assert chain in chains, chains


def test_an_outer_report_keeps_the_middle_link_the_tagger_does_not_see(nlp):
    doc = nlp("Le Monde reported that AFP, quoting a police source, said the suspect had been arrested.")
    outer = next(a for a in doc.attributions if a.chain == ("Le Monde",))
    assert [c.text for c in outer.content] == ["AFP, quoting a police source, said the suspect had been arrested"]


def test_every_speaker_of_a_dateline_sentence_is_named_past_the_dateline(nlp):
    doc = nlp("NEW YORK (Reuters) - U.N. Secretary-General António Guterres on Monday urged restraint, "
              "saying the region could not afford another war.")
    assert [a.source.entity for a in doc.attributions if a.source is not None] == ["António Guterres"] * len(doc.attributions)
    assert all("Monday" not in a.source.text for a in doc.attributions)


def test_so_called_is_no_cue(nlp):
    doc = nlp("Critics panned the so-called “prestige thriller” as a mess.")
    assert not any(c.text == "called" for a in doc.attributions for c in a.cue)


def test_a_gendered_pronoun_never_names_an_untyped_thing(nlp):
    doc = nlp("Foreign Minister Penelope Marsh said Australia had abstained because the resolution failed to condemn Hamas. "
              "She insisted the decision was principled.")
    (she,) = [a for a in doc.attributions if [c.text for c in a.cue] == ["insisted"]]
    assert she.source.entity == "Penelope Marsh"


def test_a_speaker_is_never_a_link_of_its_own_chain(nlp):
    doc = nlp("The UAE foreign ministry said in a statement carried by state news agency WAM that it condemned the attack.")
    for a in doc.attributions:
        assert a.source is None or a.source.entity not in a.chain[:-1], a.chain


def test_a_headline_credit_after_a_double_dash(nlp):
    doc = nlp("Japan weighs rice import curbs as prices surge -- Kyodo\n\nTOKYO - The farm ministry is studying new measures.")
    assert any(a.chain[:1] == ("Kyodo",) for a in doc.attributions), [a.chain for a in doc.attributions]


@pytest.mark.parametrize("text,chain", [
    # outlets of the gazetteer's regional and trade press, and their short names
    ("Halvorsen in advanced talks to buy Quillon Bio for $4.2 bln - WSJ", ("The Wall Street Journal",)),
    ("Okonjo-Hart told The Hollywood Reporter that she had spent two years on the script.", ("The Hollywood Reporter", "Okonjo-Hart")),
    # "daily" tagged as an adverb inside the outlet's phrase; the report's author cited the source
    ("According to a report by the Nikkei business daily that cited a ruling party lawmaker, the tax cut will be delayed.",
     ("Nikkei", "ruling party lawmaker")),
    ("As reported by the sports daily Marca on Monday, the club rejected the offer.", ("Marca",)),
    # a place named "… station" is no outlet; a body's own website relays nothing
    ("“We will not back down,” RMT general secretary Declan Fitzmaurice-Boyle told a rally outside King's Cross station.",
     ("Declan Fitzmaurice-Boyle",)),
    ("De Groot-Vermeulen, in a letter to parliament published on the government's website, said the plan would be delayed.",
     ("De Groot-Vermeulen",)),
    # hyphenated given names: family name first, a lower-case last part, a name kept whole by the tokenizer
    ("Unification Ministry spokesperson Koo Byoung-sam told a regular briefing that the talks would resume.", ("Koo Byoung-sam",)),
    ("North Korean Vice Foreign Minister Ri Chol-man dismissed the talks as a farce. “There is nothing to discuss,” Ri said.",
     ("Ri Chol-man",)),
    ("Club president Mei-Ling Haworth insisted the coach would stay.", ("Mei-Ling Haworth",)),
])
def test_round7_names_and_outlets(nlp, text, chain):
    chains = [a.chain for a in nlp(text).attributions]
    assert chain in chains, chains


def test_short_names_name_the_earlier_speaker(nlp):
    # the rules' short name through the entity index, and a tagger speaker's
    doc = nlp("North Korean Vice Foreign Minister Ri Chol-man dismissed the talks as a farce. “There is nothing to discuss,” Ri said.")
    assert {a.source.entity for a in doc.attributions if a.source is not None} == {"Ri Chol-man"}
    doc = nlp("Foreign Ministry spokesman Mohammad-Reza Ghaffari said the talks would go on. Ghaffari told reporters the date was set.")
    assert [a.source.entity for a in doc.attributions] == ["Mohammad-Reza Ghaffari"] * 2


@pytest.mark.parametrize("text,chain,content", [
    # "as saying" hung on the quoted official's participle
    ("Egypt's Al-Ahram newspaper quoted an Egyptian official involved in the talks as saying that a delegation from Hamas would arrive on Monday.",
     ("Al-Ahram", "Egyptian official"), "a delegation from Hamas would arrive on Monday"),
    # an outlet's name split by the parser: a known one ("Today" read as a time), one ending like a newspaper's
    ("Opposition lawmaker Nurul Ain Zakaria, in a statement carried by Free Malaysia Today, questioned why the amendments had taken so long.",
     ("Free Malaysia Today", "Opposition lawmaker Nurul Ain Zakaria"), "why the amendments had taken so long"),
    ("The Environment Agency's area manager, Rajinder Sahota, told the Gloucestershire Echo the agency had issued flood warnings well in advance.",
     ("Gloucestershire Echo", "Rajinder Sahota"), "the agency had issued flood warnings well in advance"),
    # an acronym in parentheses before the verb, under a dateline the parser made the subject
    ("SEOUL, March 9 (Yonhap) -- North Korea fired a short-range ballistic missile into the East Sea on Sunday, "
     "South Korea's Joint Chiefs of Staff (JCS) said.", ("Joint Chiefs of Staff",),
     "North Korea fired a short-range ballistic missile into the East Sea on Sunday"),
    # a body's name with "for"
    ("According to Transport for NSW figures, e-bike injuries have tripled since 2021.", ("Transport for NSW",),
     "e-bike injuries have tripled since 2021"),
])
def test_round7_split_names(nlp, text, chain, content):
    got = [(a.chain, " … ".join(c.text for c in a.content)) for a in nlp(text).attributions]
    assert (chain, content) in got, got


def test_a_speech_participle_on_the_reported_clause_is_the_speakers(nlp):
    # "adding" hung on "win": the coach adds; it is no part of what he said first, nor nested in it
    doc = nlp("The coach said the club would win the league, adding that he was tired of the criticism.")
    got = sorted(([c.text for c in a.cue], a.source.entity, a.parent, [c.text for c in a.content]) for a in doc.attributions)
    assert got == [(["adding"], "coach", None, ["he was tired of the criticism"]),
                   (["said"], "coach", None, ["the club would win the league"])]
    # "adding" that takes no complement of its own is no speech
    doc = nlp("The ministry said prices would rise, adding jobs to the economy.")
    said = next(a for a in doc.attributions if [c.text for c in a.cue] == ["said"])
    assert said.content[0].text == "prices would rise, adding jobs to the economy"


@pytest.mark.parametrize("text,chain", [
    # a noun tagged as an adjective of what follows the cue ("executive/ADJ" of "profits")
    ("In comments to the Financial Times, the chief executive said profits would fall.", ("Financial Times", "chief executive")),
    # a statement's words are its issuer's
    ("AFP reported, citing a statement from the ministry, that the border had been closed.", ("AFP", "ministry")),
    ("A statement from the Kremlin said the talks had failed.", ("Kremlin",)),
])
def test_speakers_behind_misparses_and_statements(nlp, text, chain):
    assert chain in [a.chain for a in nlp(text).attributions]


def test_a_clause_after_the_addressee_with_an_auxiliary_and_no_gap_is_what_was_told(nlp):
    # "the bloc would respond" parsed as a relative clause on "reporters", with no object
    doc = nlp("Ursula von der Leyen told reporters the bloc would respond.")
    (told,) = doc.attributions
    assert (told.source.entity, [c.text for c in told.content]) == ("Ursula von der Leyen", ["the bloc would respond"])


def test_two_offices_coordinated_name_their_holder(nlp):
    # the parser hung "and" inside the second office: the conjunct is part of the mention all the same
    doc = nlp("Qatar's Prime Minister and Foreign Minister Sheikh Faisal bin Nasser Al-Attiyah said mediators had made progress.")
    (said,) = doc.attributions
    assert said.source.entity == "Sheikh Faisal bin Nasser Al-Attiyah"
    assert said.source.text == "Qatar's Prime Minister and Foreign Minister Sheikh Faisal bin Nasser Al-Attiyah"


def test_a_second_named_speaker_is_never_swallowed_by_the_first_content(nlp):
    # the tagger reads "while Reuters said …" as part of Al Arabiya's report and would drop Reuters' cue
    doc = nlp("Al Arabiya, citing sources, reported that the talks had collapsed, while Reuters said the talks would resume.")
    got = sorted((a.chain, [c.text for c in a.content]) for a in doc.attributions)
    assert got == [(("Al Arabiya", "sources"), ["the talks had collapsed"]), (("Reuters",), ["the talks would resume"])]
