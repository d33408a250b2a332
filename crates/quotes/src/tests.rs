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
            let text = if q.fragments.is_empty() {
                doc.span_text(q.span).to_owned()
            } else {
                q.fragments
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
            "he does not expect a deal",
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
