//! Unit tests of the whole stage on sentences written for them.

use copydesk_core::{Configure, QuoteKind, Stage};

use crate::{ExtractQuotes, ExtractQuotesOptions, testutil};

/// One expected quote: content text, kind, speaker, speaker mention, cue.
type Want<'a> = (
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

/// What [`run`] reports per quote: content, kind, speaker, mention, cue.
type Got = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn run(input: &str) -> Vec<Got> {
    let stage = ExtractQuotes::configure(ExtractQuotesOptions::default()).expect("defaults");
    let mut doc = testutil::doc(input);
    stage.process(&mut doc).expect("process");
    let quotes = doc.quotes.clone().unwrap_or_default();
    quotes
        .iter()
        .map(|q| {
            let text = if q.spans.len() <= 1 {
                doc.span_text(q.span).to_owned()
            } else {
                q.spans
                    .iter()
                    .map(|f| doc.span_text(*f))
                    .collect::<Vec<_>>()
                    .join(" | ")
            };
            (
                text,
                q.kind.name().to_owned(),
                q.speaker.clone(),
                q.speaker_span.map(|s| doc.span_text(s).to_owned()),
                q.cue.map(|s| doc.span_text(s).to_owned()),
            )
        })
        .collect()
}

fn check(input: &str, expected: &[Want<'_>]) {
    let got = run(input);
    let want: Vec<_> = expected
        .iter()
        .map(|(t, k, s, m, c)| {
            (
                t.to_string(),
                k.to_string(),
                s.map(str::to_owned),
                m.map(str::to_owned),
                c.map(str::to_owned),
            )
        })
        .collect();
    assert_eq!(got, want, "\ninput: {input}");
}

#[test]
fn quote_then_name_said() {
    check(
        "“We will not back down,” Jane Doe said.",
        &[(
            "We will not back down",
            "direct",
            Some("Jane Doe"),
            Some("Jane Doe"),
            Some("said"),
        )],
    );
}

#[test]
fn quote_then_said_name_with_title() {
    check(
        "“The talks were useful,” said Foreign Minister Paul Grant, a veteran diplomat.",
        &[(
            "The talks were useful",
            "direct",
            Some("Paul Grant"),
            Some("Foreign Minister Paul Grant"),
            Some("said"),
        )],
    );
}

#[test]
fn name_said_colon_quote() {
    check(
        "Mayor Ellen Park said: “The bridge opens in May.”",
        &[(
            "The bridge opens in May.",
            "direct",
            Some("Ellen Park"),
            Some("Mayor Ellen Park"),
            Some("said"),
        )],
    );
}

#[test]
fn apposition() {
    check(
        "“Prices will rise,” Tom Hale, the chief economist of the bank, said.",
        &[(
            "Prices will rise",
            "direct",
            Some("Tom Hale"),
            Some("Tom Hale"),
            Some("said"),
        )],
    );
}

#[test]
fn pronoun_resolves_to_recent_person() {
    check(
        "Finance Minister Maria Lopez spoke in Lisbon.\n\n“We have a plan,” she said.",
        &[(
            "We have a plan",
            "direct",
            Some("Maria Lopez"),
            Some("she"),
            Some("said"),
        )],
    );
    // "he" skips the woman mentioned last.
    check(
        "Senator John Brand met Anna Weiss on Monday. “It went well,” he said.",
        &[(
            "It went well",
            "direct",
            Some("John Brand"),
            Some("he"),
            Some("said"),
        )],
    );
}

#[test]
fn interrupted_quote_is_one_quote() {
    check(
        "“The first part,” he said. “The second part.”",
        &[(
            "The first part | The second part.",
            "direct",
            None,
            Some("he"),
            Some("said"),
        )],
    );
}

#[test]
fn continuation_paragraph() {
    check(
        "“We are ready,” Coach Ann Bell said.\n\n“Nobody will stop us this season.”",
        &[(
            "We are ready | Nobody will stop us this season.",
            "direct",
            Some("Ann Bell"),
            Some("Coach Ann Bell"),
            Some("said"),
        )],
    );
}

#[test]
fn partial_quote() {
    check(
        "Green “affirmed that the city would pay,” Price said.",
        &[(
            "Green “affirmed that the city would pay",
            "partial",
            Some("Price"),
            Some("Price"),
            Some("said"),
        )],
    );
}

#[test]
fn indirect_said_that() {
    check(
        "Paul Grant said Sunday that he does not expect a deal.",
        &[(
            "that he does not expect a deal",
            "indirect",
            Some("Paul Grant"),
            Some("Paul Grant"),
            Some("said"),
        )],
    );
}

#[test]
fn indirect_trailing_cue() {
    check(
        "The vote will be held next week, officials said.",
        &[(
            "The vote will be held next week",
            "indirect",
            Some("officials"),
            Some("officials"),
            Some("said"),
        )],
    );
}

#[test]
fn according_to() {
    check(
        "The plant will close in June, according to the company.",
        &[(
            "The plant will close in June",
            "indirect",
            Some("the company"),
            Some("the company"),
            Some("according to"),
        )],
    );
}

#[test]
fn organisation_speaks() {
    check(
        "The State Department said the embassy would stay open.",
        &[(
            "the embassy would stay open",
            "indirect",
            Some("State Department"),
            Some("The State Department"),
            Some("said"),
        )],
    );
}

#[test]
fn titles_and_scare_quotes_are_not_quotes() {
    check("She appeared on the show “Late Night” on Tuesday.", &[]);
    check("The plan is called “Project Blue” by staff.", &[]);
    check("The “reform” changed little in the end.", &[]);
}

#[test]
fn apostrophes_are_not_quotes() {
    check("Russia’s troops don’t leave, and the ’90s are over.", &[]);
}

#[test]
fn surname_resolves_to_full_name() {
    check(
        "Ned Carter is the spokesman. Later, “No comment,” Carter said.",
        &[(
            "No comment",
            "direct",
            Some("Ned Carter"),
            Some("Carter"),
            Some("said"),
        )],
    );
}

#[test]
fn kinds_option_filters() {
    let o = ExtractQuotesOptions {
        kinds: vec!["direct".into()],
        ..ExtractQuotesOptions::default()
    };
    let stage = ExtractQuotes::configure(o).expect("valid");
    let mut doc = testutil::doc("Bell said the plan failed. “It failed,” Bell said.");
    stage.process(&mut doc).expect("process");
    let q = doc.quotes.unwrap_or_default();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].kind, QuoteKind::Direct);
}

#[test]
fn bad_kind_is_an_error() {
    let o = ExtractQuotesOptions {
        kinds: vec!["direkt".into()],
        ..ExtractQuotesOptions::default()
    };
    let err = ExtractQuotes::configure(o).expect_err("invalid");
    assert!(err.to_string().contains("expected one of"));
}

#[test]
fn missing_layers_is_an_error() {
    let stage = ExtractQuotes::configure(ExtractQuotesOptions::default()).expect("defaults");
    let mut doc = copydesk_core::Document::new("d", "inline", "text");
    assert!(stage.process(&mut doc).is_err());
}

#[test]
fn test_tokenizer_conventions() {
    let text = "“It’s U.S. policy,” he said. \"No.\"\n\nDon’t.";
    let (t, s, p) = testutil::tokenize(text);
    let words: Vec<&str> = t.iter().map(|sp| &text[sp.range()]).collect();
    assert_eq!(
        words,
        [
            "“", "It", "’s", "U.S.", "policy", ",", "”", "he", "said", ".", "\"", "No", ".", "\"",
            "Do", "n’t", "."
        ]
    );
    assert_eq!(s.len(), 3);
    assert_eq!(p.len(), 2);
}

#[test]
fn quote_continued_across_paragraphs_unclosed() {
    check(
        "“The first paragraph of the quote.\n\n“And the second,” the mayor said.",
        &[(
            "The first paragraph of the quote. | And the second",
            "direct",
            Some("the mayor"),
            Some("the mayor"),
            Some("said"),
        )],
    );
}

#[test]
fn person_of_organisation() {
    check(
        "“It was the least bad outcome,” Mr. Morgan of the Sierra Club said.",
        &[(
            "It was the least bad outcome",
            "direct",
            Some("Morgan"),
            Some("Mr. Morgan of the Sierra Club"),
            Some("said"),
        )],
    );
}

#[test]
fn signed_quote_after_dash() {
    check(
        "“We deserve better than this.” ― Maria Diaz",
        &[(
            "We deserve better than this.",
            "direct",
            Some("Maria Diaz"),
            Some("Maria Diaz"),
            Some("―"),
        )],
    );
}

#[test]
fn headline_colon() {
    check(
        "Governor Ann Frey: Budget talks will resume next week.",
        &[(
            "Budget talks will resume next week",
            "indirect",
            Some("Ann Frey"),
            Some("Governor Ann Frey"),
            Some(":"),
        )],
    );
}

#[test]
fn who_relative_clause() {
    check(
        "Smith, who said the plan was sound, left early.",
        &[(
            "the plan was sound",
            "indirect",
            Some("Smith"),
            Some("Smith"),
            Some("said"),
        )],
    );
}

#[test]
fn nested_report_stays_inside() {
    // Only the outermost attribution: "told" is inside the reported content.
    check(
        "The senator said that Jones told him the bill was dead.",
        &[(
            "that Jones told him the bill was dead",
            "indirect",
            Some("senator"),
            Some("The senator"),
            Some("said"),
        )],
    );
}

#[test]
fn unbalanced_mark_does_not_swallow_the_article() {
    let got =
        run("The sign on the door “a farce and left.\n\n“We are done,” Lee said.\n\nNothing more.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "We are done");
    assert_eq!(got[0].2.as_deref(), Some("Lee"));
}

#[test]
fn entities_give_canonical_speakers() {
    use copydesk_core::{Entity, EntityLabel, Span};
    let text = "Olaf Berg arrived first. “We agree,” Berg said.";
    let mut doc = testutil::doc(text);
    let at = text.rfind("Berg").unwrap_or(0);
    doc.entities = Some(vec![
        Entity {
            span: Span::new(0, 9),
            label: EntityLabel::Per,
            canonical: "Olaf Berg".into(),
        },
        Entity {
            span: Span::new(at, at + 4),
            label: EntityLabel::Per,
            canonical: "Olaf Berg".into(),
        },
    ]);
    let stage = ExtractQuotes::configure(ExtractQuotesOptions::default()).expect("defaults");
    stage.process(&mut doc).expect("process");
    let q = doc.quotes.unwrap_or_default();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].speaker.as_deref(), Some("Olaf Berg"));
}

#[test]
fn hostile_inputs_stay_fast_and_safe() {
    let stage = ExtractQuotes::configure(ExtractQuotesOptions::default()).expect("defaults");
    for text in [
        "“".repeat(100_000),
        "\" ".repeat(100_000),
        "’".repeat(50_000) + " said he",
        "word said , ".repeat(50_000),
        "“a ‘b “c ‘d ".repeat(20_000),
        "Smith went home, saying he was tired ".repeat(20_000),
        "voters who left, said that ".repeat(20_000),
        "the plan, Smith said, and ".repeat(20_000),
        "“A long quote without end\n\n".repeat(20_000),
    ] {
        let mut doc = testutil::doc(&text);
        let start = std::time::Instant::now();
        stage.process(&mut doc).expect("process");
        assert!(start.elapsed().as_secs() < 20, "too slow");
        for q in doc.quotes.unwrap_or_default() {
            assert!(q.span.end <= text.len() && text.is_char_boundary(q.span.start));
        }
    }
}

#[test]
fn adding_continues_the_quote() {
    check(
        "“We cannot afford this,” Trump said, adding later, “NATO is costing us a fortune.”",
        &[(
            "We cannot afford this | NATO is costing us a fortune.",
            "direct",
            Some("Trump"),
            Some("Trump"),
            Some("said"),
        )],
    );
}

#[test]
fn quoted_show_title_before_a_report() {
    check(
        "Speaking on “Meet the Press,” Sanders said he had not heard her say it.",
        &[(
            "he had not heard her say it",
            "indirect",
            Some("Sanders"),
            Some("Sanders"),
            Some("said"),
        )],
    );
}

#[test]
fn relative_pronoun_source() {
    check(
        "Most of the voters who said the economy mattered backed her.",
        &[(
            "the economy mattered backed her",
            "indirect",
            Some("Most of the voters"),
            Some("who"),
            Some("said"),
        )],
    );
}

#[test]
fn colon_at_paragraph_end_introduces_the_next_quote() {
    check(
        "The Daily Courier reports:\n\n\"Just 24 percent of the donors gave less.\"\n\nMore text.",
        &[(
            "Just 24 percent of the donors gave less.",
            "direct",
            Some("Daily Courier"),
            Some("The Daily Courier"),
            Some("reports"),
        )],
    );
}

#[test]
fn relative_clause_subject_with_apostrophes() {
    check(
        "Ruth Cole, who runs the group's effort for veterans' families, said, \"They deserve better.\"",
        &[(
            "They deserve better.",
            "direct",
            Some("Ruth Cole"),
            Some("Ruth Cole"),
            Some("said"),
        )],
    );
}

#[test]
fn subordinate_lead_and_of_phrase_subject() {
    check(
        "When pressed on why, the 34-year-old mother of three replied, \"It is meant for mothers.\"",
        &[(
            "It is meant for mothers.",
            "direct",
            Some("the 34-year-old mother of three"),
            Some("the 34-year-old mother of three"),
            Some("replied"),
        )],
    );
}

#[test]
fn empty_and_odd_layers_do_not_panic() {
    use copydesk_core::{Document, Span};
    let stage = ExtractQuotes::configure(ExtractQuotesOptions::default()).expect("defaults");
    let mut doc = Document::new("d", "inline", "");
    doc.tokens = Some(vec![]);
    doc.sentences = Some(vec![]);
    doc.paragraphs = Some(vec![]);
    stage.process(&mut doc).expect("empty");
    assert_eq!(doc.quotes.as_deref(), Some(&[][..]));
    // Out-of-range, overlapping and off-boundary spans are skipped, missing sentences too.
    let text = "“Héllo,” she said.";
    let mut doc = Document::new("d", "inline", text);
    doc.tokens = Some(vec![
        Span::new(0, 3),
        Span::new(3, 5),
        Span::new(2, 4),
        Span::new(4, 9),
        Span::new(100, 200),
        Span::new(14, 18),
    ]);
    doc.sentences = Some(vec![]);
    doc.paragraphs = Some(vec![Span::new(5, 2)]);
    stage.process(&mut doc).expect("odd layers");
}

#[test]
fn colon_introduced_quotes() {
    check(
        "When the bill passed, Mayor Jane Holt released the following statement:\n\n“This is a great day for the city.”",
        &[(
            "This is a great day for the city.",
            "direct",
            Some("Jane Holt"),
            Some("Mayor Jane Holt"),
            Some("statement"),
        )],
    );
    check(
        "Mr. Lane shot back: “That would be good.”",
        &[(
            "That would be good.",
            "direct",
            Some("Lane"),
            Some("Mr. Lane"),
            Some("back"),
        )],
    );
}

#[test]
fn goals_are_not_speech() {
    // Intention verbs before `to` or `at` state a goal.
    check(
        "Farm ministers opened new negotiations Friday aimed at ending the grain dispute.",
        &[],
    );
    check(
        "The council has sought to calm fears about the new bridge.",
        &[],
    );
    check("Mayor Ines Vall also sought to lower expectations.", &[]);
    check("The union hopes to sign a contract by spring.", &[]);
    // The same verbs with a proposition are reports.
    check(
        "The union hopes that the contract will be signed by spring.",
        &[(
            "that the contract will be signed by spring",
            "indirect",
            Some("union"),
            Some("The union"),
            Some("hopes"),
        )],
    );
}

#[test]
fn attitude_nouns_need_a_proposition() {
    check(
        "But port officials have expressed openness to other routes.",
        &[],
    );
    check(
        "Port officials expressed concern that the route was unsafe.",
        &[(
            "concern that the route was unsafe",
            "indirect",
            Some("Port officials"),
            Some("Port officials"),
            Some("expressed"),
        )],
    );
}

#[test]
fn speakers_are_noun_phrases() {
    // A verb phrase before a cue is no speaker.
    check(
        "Rescue crews searched collapsed buildings Tuesday described as unsafe.",
        &[],
    );
    // A time phrase between the subject and the cue is skipped.
    check(
        "Governor Ada Pratt on Tuesday said the budget was balanced.",
        &[(
            "the budget was balanced",
            "indirect",
            Some("Ada Pratt"),
            Some("Governor Ada Pratt"),
            Some("said"),
        )],
    );
    check(
        "A survey published Friday showed that most drivers wanted the new road.",
        &[(
            "that most drivers wanted the new road",
            "indirect",
            Some("survey"),
            Some("A survey"),
            Some("showed"),
        )],
    );
}

#[test]
fn dash_aside_inside_reported_speech() {
    check(
        "The club said some rules — like the dress code — are not up for debate.",
        &[(
            "some rules — like the dress code — are not up for debate",
            "indirect",
            Some("club"),
            Some("The club"),
            Some("said"),
        )],
    );
}

#[test]
fn said_to_an_audience() {
    check(
        "“We will rebuild the pier,” Lee Marsh said to the crowd.",
        &[(
            "We will rebuild the pier",
            "direct",
            Some("Lee Marsh"),
            Some("Lee Marsh"),
            Some("said"),
        )],
    );
    check("The bridge is said to be the oldest in the county.", &[]);
}

#[test]
fn relative_clause_after_a_predicate() {
    check(
        "The mayor was out-polling Dan Moss, who said the count was unfair.",
        &[(
            "the count was unfair",
            "indirect",
            Some("Dan Moss"),
            Some("Dan Moss"),
            Some("said"),
        )],
    );
}

#[test]
fn reports_without_a_source() {
    check(
        "The mayor was asked whether the pier would reopen.",
        &[(
            "The mayor | whether the pier would reopen",
            "indirect",
            None,
            None,
            Some("was asked"),
        )],
    );
    check(
        "The firm reportedly plans to close two plants.",
        &[(
            "The firm | plans to close two plants",
            "indirect",
            None,
            None,
            Some("reportedly"),
        )],
    );
    // Evidential frames are not speech.
    check("The mayor seems to enjoy the attention.", &[]);
    check("The vote is expected to pass easily.", &[]);
}

#[test]
fn subjects_around_parentheticals() {
    check(
        "Critics of the new levy, however, say it would hurt bakers.",
        &[(
            "it would hurt bakers",
            "indirect",
            Some("Critics of the new levy"),
            Some("Critics of the new levy"),
            Some("say"),
        )],
    );
    check(
        "Rosa Lind, 34, a nurse from Tulsa, said she would vote early.",
        &[(
            "she would vote early",
            "indirect",
            Some("Rosa Lind"),
            Some("Rosa Lind"),
            Some("said"),
        )],
    );
    check(
        "In the survey, 58% say they trust the council.",
        &[(
            "they trust the council",
            "indirect",
            Some("58%"),
            Some("58%"),
            Some("say"),
        )],
    );
    check(
        "Bexco keeps its payroll secret but says its staff has doubled.",
        &[(
            "its staff has doubled",
            "indirect",
            Some("Bexco"),
            Some("Bexco"),
            Some("says"),
        )],
    );
}

#[test]
fn determiners_stack_and_long_according_sources() {
    check(
        "“The bridge is closed,” a senior engineer said.",
        &[(
            "The bridge is closed",
            "direct",
            Some("a senior engineer"),
            Some("a senior engineer"),
            Some("said"),
        )],
    );
    check(
        "According to early figures from a count run by the county and two charities, most shelters were full.",
        &[(
            "most shelters were full",
            "indirect",
            Some("early figures from a count run by the county and two charities"),
            Some("early figures from a count run by the county and two charities"),
            Some("According to"),
        )],
    );
}

#[test]
fn role_phrase_before_a_name_in_apposition() {
    check(
        "“He fixed every roof,” a neighbour, Ola Brandt, told the paper. “He never asked for money.”",
        &[(
            "He fixed every roof | He never asked for money.",
            "direct",
            Some("Ola Brandt"),
            Some("a neighbour, Ola Brandt"),
            Some("told"),
        )],
    );
}

#[test]
fn support_is_not_speech() {
    check("The mayor backed the new stadium plan.", &[]);
    check("The firm maintained a lead in the market.", &[]);
    check(
        "The firm maintained that the merger was legal.",
        &[(
            "that the merger was legal",
            "indirect",
            Some("firm"),
            Some("The firm"),
            Some("maintained"),
        )],
    );
}

#[test]
fn more_subject_frames() {
    check(
        "As the harbour master said, the tides are late this year.",
        &[(
            "the tides are late this year",
            "indirect",
            Some("the harbour master"),
            Some("the harbour master"),
            Some("said"),
        )],
    );
    check(
        "The county clerk — who has feuded with the board for months — said she would resign.",
        &[(
            "she would resign",
            "indirect",
            Some("county clerk"),
            Some("The county clerk"),
            Some("said"),
        )],
    );
    check(
        "The levy drew protests, with the head of the guild saying the rates were unfair.",
        &[(
            "the rates were unfair",
            "indirect",
            Some("the head of the guild"),
            Some("the head of the guild"),
            Some("saying"),
        )],
    );
    check(
        "Insiders told the paper, however, that the sale had stalled.",
        &[(
            "that the sale had stalled",
            "indirect",
            Some("Insiders"),
            Some("Insiders"),
            Some("told"),
        )],
    );
}

#[test]
fn asked_opening_the_sentence() {
    check(
        "Asked about the ferry fares, Lund said he had not seen the figures.",
        &[
            (
                "about the ferry fares",
                "indirect",
                None,
                None,
                Some("Asked"),
            ),
            (
                "he had not seen the figures",
                "indirect",
                Some("Lund"),
                Some("Lund"),
                Some("said"),
            ),
        ],
    );
}

#[test]
fn opening_mark_typed_as_a_closer() {
    check(
        "“Not this year,“ Ana Ruiz said. “Maybe the next.”",
        &[(
            "Not this year | Maybe the next.",
            "direct",
            Some("Ana Ruiz"),
            Some("Ana Ruiz"),
            Some("said"),
        )],
    );
}

#[test]
fn adjective_opening_a_source_phrase() {
    check(
        "“The base will stay open,” retired navy captain Ola Dahl said.",
        &[(
            "The base will stay open",
            "direct",
            Some("Ola Dahl"),
            Some("retired navy captain Ola Dahl"),
            Some("said"),
        )],
    );
}

#[test]
fn time_words_after_a_verb() {
    check(
        "A county survey released Friday shows that most farms lost money.",
        &[(
            "that most farms lost money",
            "indirect",
            Some("county survey"),
            Some("A county survey"),
            Some("shows"),
        )],
    );
    check(
        "Ada Moss spoke out Tuesday about the flood, arguing that the dam had failed.",
        &[(
            "that the dam had failed",
            "indirect",
            Some("Ada Moss"),
            Some("Ada Moss"),
            Some("arguing"),
        )],
    );
}

/// Speaker name, type and `text` of every quote, for the issue-12 cases.
fn speakers(input: &str) -> Vec<(String, Option<String>, copydesk_core::SpeakerType)> {
    let stage = ExtractQuotes::configure(ExtractQuotesOptions::default()).expect("defaults");
    let mut doc = testutil::doc(input);
    stage.process(&mut doc).expect("process");
    doc.quotes
        .iter()
        .flatten()
        .map(|q| (q.text(&doc.body), q.speaker.clone(), q.speaker_type))
        .collect()
}

#[test]
fn organisation_speaks_as_it() {
    use copydesk_core::SpeakerType::*;
    let got = speakers(
        "The Harbour Authority said on Friday that the pier would stay shut, and it asked \
         owners to move their boats.",
    );
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[1].1.as_deref(), Some("Harbour Authority"), "{got:?}");
    assert_eq!(got[1].2, Organisation);
    // Across a paragraph: `it` takes the organisation that spoke last, not a person.
    let got = speakers(
        "Councillor Irene Vos praised the plan.\n\nThe Water Board said the dam was safe.\n\n\
         It said repairs would take a year.",
    );
    let last = got.last().expect("quotes");
    assert_eq!(last.1.as_deref(), Some("Water Board"), "{got:?}");
    assert_eq!(last.2, Organisation);
    // A name with no first name that speaks as `it` is an organisation.
    let got = speakers("Seawatch Baltic said the spill was large, and it asked for help.");
    assert!(got.iter().all(|q| q.2 == Organisation), "{got:?}");
}

#[test]
fn group_speaker_is_the_whole_phrase() {
    use copydesk_core::SpeakerType::*;
    let got = speakers("Dock workers in the southern port of Varna said they would strike.");
    assert_eq!(
        got,
        vec![(
            "they would strike".to_owned(),
            Some("Dock workers in the southern port of Varna".to_owned()),
            Group
        )]
    );
}

#[test]
fn title_in_apposition_names_the_person() {
    let got = speakers(
        "The Tenants' Union has asked for a freeze. Its president, Omar Kell, called the rise \
         “a disgrace” and said members would refuse to pay.",
    );
    assert!(
        got.iter().any(
            |(t, s, _)| t == "members would refuse to pay" && s.as_deref() == Some("Omar Kell")
        ),
        "{got:?}"
    );
    assert!(
        got.iter()
            .all(|(_, s, _)| s.as_deref() != Some("president"))
    );
}

#[test]
fn asked_lead_is_a_question_and_the_subject_follows_it() {
    let got = speakers(
        "Nora Lind spoke first.\n\nAsked whether she expected a deal, Piet Smit smiled and \
         said: “Not this week.”",
    );
    assert!(
        got.iter()
            .any(|(t, s, _)| t == "Not this week." && s.as_deref() == Some("Piet Smit")),
        "{got:?}"
    );
    // `expected` inside the question is no report.
    assert!(
        got.iter().all(|(t, _, _)| !t.starts_with("a deal")),
        "{got:?}"
    );
}

#[test]
fn verbs_in_other_senses_are_not_speech() {
    let got =
        speakers("Mayor Dale Ortiz, who had supported the closure, said he accepted the vote.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "he accepted the vote");
}

#[test]
fn no_determiner_or_adjective_speakers() {
    for (_, s, _) in speakers(
        "The strike began in May, when Lisbon cut the quota, citing a report that stocks were \
         low. The Portuguese Fishing Federation urged the government to talk.",
    ) {
        let s = s.unwrap_or_default();
        assert!(!matches!(s.as_str(), "The" | "Portuguese"), "{s}");
    }
}

#[test]
fn text_of_an_interrupted_quote_has_no_narration() {
    let got = speakers(
        "“We will rebuild,” Ada Moss told reporters at the site on Monday. “It will take time.”",
    );
    assert_eq!(got[0].0, "We will rebuild … It will take time.", "{got:?}");
}

#[test]
fn furniture_lines_are_never_quotes() {
    let got = speakers(
        "The river rose overnight, officials said.\n\nREAD MORE: Town warns of floods, \
         mayor says\n\nWATCH: “We lost everything,” one farmer says\n\nArticle Continued \
         Below\n\n“We are ready,” said fire chief Lena Moor.",
    );
    let texts: Vec<&str> = got.iter().map(|(t, _, _)| t.as_str()).collect();
    assert_eq!(
        texts,
        ["The river rose overnight", "We are ready"],
        "{got:?}"
    );
}

#[test]
fn whose_aside_and_a_date_are_no_speaker() {
    let got = speakers(
        "A former guard, whose name is redacted in the filing, wrote on Aug. 29 that the \
         cells were overcrowded.",
    );
    for (_, s, _) in &got {
        assert!(!s.as_deref().unwrap_or("").contains("Aug"), "{got:?}");
    }
}

#[test]
fn content_stops_at_a_dash_before_a_second_report() {
    let got = speakers(
        "The plant will close in June, the company said — a date the union, its leader \
         Ian Crewe said, had never been told.",
    );
    assert!(
        got.iter().all(|(t, _, _)| !t.contains("the company said")),
        "{got:?}"
    );
}
