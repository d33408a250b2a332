//! Properties on arbitrary text: the layers are well-formed and nothing panics.

use copydesk_tokenize::{ParagraphMode, Tokenize, TokenizeOptions};
use proptest::prelude::*;

/// Text built from the characters the rules care about, plus arbitrary ones.
fn texty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[A-Za-z]{1,8}",
        2 => "[0-9]{1,5}",
        3 => prop::sample::select(vec![
            " ", " ", "\n", "\n\n", "\t", "\u{a0}", "\u{3000}", "\r\n",
            ".", ",", "!", "?", ":", ";", "'", "\"", "’", "‘", "“", "”", "-", "--", "—", "–",
            "...", "…", "(", ")", "[", "]", "$", "#", "@", "/", "&", "%", "`",
            "U.S.", "Sen.", "Jan.", "e.g.", "n't", "'s", "http://", "www.", "é", "\u{301}", "ʻ",
            "Łódź", "😀", "\u{200d}", "\u{1c}", "\u{85}", "\u{2028}",
        ]).prop_map(str::to_owned),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

/// Whitespace as the scorers (Python's `str.isspace`) see it.
fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn check_layers(options: &TokenizeOptions, text: &str) {
    let stage = Tokenize::new(options);
    let seg = stage.segment(text);
    let mut last = 0;
    for t in &seg.tokens {
        assert!(t.start < t.end, "empty token {t:?}");
        assert!(t.start >= last, "tokens out of order");
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        assert!(
            !text[t.range()].chars().any(is_space),
            "whitespace in token {:?}",
            &text[t.range()]
        );
        // Everything between tokens is whitespace.
        assert!(text[last..t.start].chars().all(is_space));
        last = t.end;
    }
    assert!(text[last..].chars().all(is_space));
    let starts: std::collections::HashSet<usize> = seg.tokens.iter().map(|t| t.start).collect();
    let ends: std::collections::HashSet<usize> = seg.tokens.iter().map(|t| t.end).collect();
    let mut last = 0;
    let mut covered = 0;
    for s in &seg.sentences {
        assert!(s.start < s.end && s.start >= last, "sentences out of order");
        assert!(starts.contains(&s.start) && ends.contains(&s.end));
        covered += seg.tokens.iter().filter(|t| s.contains(**t)).count();
        last = s.end;
    }
    assert_eq!(covered, seg.tokens.len(), "a token outside every sentence");
    let mut last = 0;
    for p in &seg.paragraphs {
        assert!(p.start < p.end && p.start >= last);
        assert!(text.is_char_boundary(p.start) && text.is_char_boundary(p.end));
        last = p.end;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn layers_are_well_formed(text in texty()) {
        check_layers(&TokenizeOptions::default(), &text);
    }

    #[test]
    fn layers_are_well_formed_with_other_options(text in texty()) {
        let options = TokenizeOptions {
            split_clitics: false,
            split_hyphens: false,
            paragraph_mode: ParagraphMode::BlankLines,
            ..TokenizeOptions::default()
        };
        check_layers(&options, &text);
    }

    #[test]
    fn arbitrary_strings_do_not_panic(text in any::<String>()) {
        check_layers(&TokenizeOptions::default(), &text);
    }
}

#[test]
fn hostile_inputs_stay_linear() {
    let stage = Tokenize::default();
    let started = std::time::Instant::now();
    for text in [
        "“".repeat(1_000_000),
        "\"".repeat(1_000_000),
        "a".repeat(5_000_000),
        "a-".repeat(1_000_000),
        "a.".repeat(1_000_000),
        "(".repeat(1_000_000) + &")".repeat(1_000_000),
        "'s".repeat(1_000_000),
        ". ".repeat(1_000_000),
        "Mr. ".repeat(500_000),
        "http://x.y/".to_owned() + &")".repeat(1_000_000),
        "a@b.".repeat(500_000),
        "1-".repeat(1_000_000),
        "1,000".repeat(500_000),
    ] {
        let seg = stage.segment(&text);
        assert!(!seg.tokens.is_empty());
    }
    // Generous: a quadratic step would take minutes here.
    assert!(
        started.elapsed().as_secs() < 60,
        "took {:?}",
        started.elapsed()
    );
}
