//! Finding the article: line scores, one main contiguous segment, news cues, metadata.

use copydesk_core::{Meta, Span};

use crate::dates::find_date;
use crate::lang::{FxMap, LangCounts};
use crate::meta::{is_contributors, is_rule, parse_byline, parse_dateline};
use crate::model::{FoldedModel, sigmoid};
use crate::page::{
    F_AGO, F_BYLINE, F_COMMENT_META, F_CREDIT, F_DATE, F_END_CUE, F_REPEATED, F_SEPARATOR, Line,
    Page, byline_start,
};

/// How the line scores are decoded into an article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decoding {
    /// A line's value in the segment search is `(p − threshold) · chars^length_exponent`.
    pub threshold: f32,
    /// See `threshold`.
    pub length_exponent: f32,
    /// Inside the chosen segment, lines with a probability below this are dropped.
    pub inner_threshold: f32,
    /// The value of an end-cue line ("Related articles", "2 comments"): a barrier the segment
    /// crosses only when enough article text follows.
    pub barrier: f32,
}

/// The decoding threshold is at most this share of the page's best line probability.
const RELATIVE: f32 = 0.5;
/// ... but never below this probability.
const FLOOR: f32 = 0.15;

/// Article-like characters that must precede a comment header for it to close the article.
const COMMENT_EVIDENCE: u32 = 300;
/// The article above a comment header wins when its value is at least 1/COMMENT_SHARE of the
/// best run's on the whole page.
const COMMENT_SHARE: f32 = 4.0;

/// Comment-meta lines (`Rosa said...`) within this many lines of the first make a thread.
const COMMENT_META_GAP: usize = 40;

/// Copies of a line at most this many lines apart are a pull quote next to its paragraph
/// (one copy stays) or, three or more, an image's alt text (none stays); copies further apart
/// inside the article are its structure (recipe steps, interview questions) and all stay.
const PULL_QUOTE_GAP: usize = 8;

/// The maximum-sum contiguous run of `values`: (sum, start, end).
fn max_run(values: &[f32]) -> (f32, usize, usize) {
    let (mut best, mut best_s, mut best_e) = (0.0f32, 0, 0);
    let (mut cur, mut cur_s) = (0.0f32, 0);
    for (i, &v) in values.iter().enumerate() {
        if cur <= 0.0 {
            cur = 0.0;
            cur_s = i;
        }
        cur += v;
        if cur > best {
            best = cur;
            best_s = cur_s;
            best_e = i + 1;
        }
    }
    (best, best_s, best_e)
}

/// What the extractor found in one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    /// The article paragraphs joined by one blank line.
    pub body: String,
    /// Byte spans of the paragraphs in `body`.
    pub paragraphs: Vec<Span>,
    /// Title, date, byline, dateline, captions, contributors line, language.
    pub meta: Meta,
    /// Problems worth a diagnostic: no article found, an over-long page cut short.
    pub warnings: Vec<String>,
}

/// Run-time knobs of the extractor (from the stage options).
#[derive(Debug, Clone, Default)]
pub(crate) struct Knobs {
    pub bias: f32,
    pub min_paragraph_chars: u32,
    pub keep_captions: bool,
    pub news_cues: bool,
    pub metadata: bool,
}

/// Decides for each line whether the user asked to drop it.
pub(crate) trait DropRule {
    fn drops(&self, line: &str) -> bool;
}

pub(crate) fn extract(
    text: &str,
    model: &FoldedModel,
    decoding: &Decoding,
    knobs: &Knobs,
    drop: &dyn DropRule,
) -> Extraction {
    let page = Page::analyze(text);
    let truncated = page.truncated.then(|| {
        format!(
            "page has more than {} non-empty lines; only the first {} were considered",
            crate::page::MAX_LINES,
            crate::page::MAX_LINES
        )
    });
    let lines = &page.lines;
    let n = lines.len();
    if n == 0 {
        return Extraction {
            warnings: vec!["empty page: no article found".into()],
            ..Extraction::default()
        };
    }
    let feats = page.features();
    let mut p: Vec<f32> = model
        .logits(&feats)
        .into_iter()
        .map(|z| sigmoid(z + knobs.bias))
        .collect();
    let dropped: Vec<bool> = lines.iter().map(|l| drop.drops(l.text(text))).collect();
    for (pi, d) in p.iter_mut().zip(&dropped) {
        if *d {
            *pi = 0.0;
        }
    }

    // Thresholds relative to the page: on a clean, short page even the article's lines may
    // score lower than on the long, noisy pages the model was trained on; the article is
    // still where the most article-like text is. Below FLOOR nothing counts as article.
    let max_p = p.iter().copied().fold(0.0f32, f32::max);
    let threshold = decoding.threshold.min((max_p * RELATIVE).max(FLOOR));
    let inner_threshold = decoding.inner_threshold * threshold / decoding.threshold.max(1e-6);

    // One main contiguous article: the maximum-sum run of line values.
    let value = |i: usize| {
        if dropped[i] {
            // The user's drop rules remove a line; they say nothing about where the article is.
            return 0.0;
        }
        if lines[i].has(F_END_CUE) {
            return -decoding.barrier;
        }
        (p[i] - threshold) * (lines[i].chars.max(1) as f32).powf(decoding.length_exponent)
    };
    let values: Vec<f32> = (0..n).map(value).collect();
    let (mut best, mut best_s, mut best_e) = max_run(&values);
    // A comment section follows the article: once a comment header comes after enough
    // article-like text, the article is looked for above it only (a long thread of
    // article-like comments must not outweigh a short article).
    // A comment header, or the first of a thread of "who wrote it and when" lines: three or
    // more, none right after another (a "Published …" and an "Updated …" line are no thread).
    let comments_at = |i: usize| {
        let l = &lines[i];
        if opens_comments(l, text) {
            return true;
        }
        if !l.has(F_COMMENT_META) {
            return false;
        }
        let (mut last, mut count) = (i, 1);
        for (j, m) in lines
            .iter()
            .enumerate()
            .take(n.min(i + COMMENT_META_GAP))
            .skip(i + 1)
        {
            if m.has(F_COMMENT_META) {
                if j == last + 1 {
                    return false;
                }
                (last, count) = (j, count + 1);
            }
        }
        count >= 3
    };
    let mut evidence = 0u32;
    for (i, l) in lines.iter().enumerate() {
        if evidence >= COMMENT_EVIDENCE && comments_at(i) {
            let (b, bs, be) = max_run(&values[..i]);
            if b > 0.0 && b * COMMENT_SHARE >= best {
                (best, best_s, best_e) = (b, bs, be);
            }
            break;
        }
        if p[i] >= threshold && !dropped[i] {
            evidence = evidence.saturating_add(l.chars);
        }
    }
    // A text of one line (a sentence handed in as a record) is no page: there is nothing to
    // tell article from chrome by, and the line is the text the user gave, unless a drop rule
    // removes it.
    if best <= 0.0 && n == 1 && !dropped[0] {
        (best, best_s, best_e) = (1.0, 0, 1);
    }
    if best <= 0.0 {
        let mut out = Extraction {
            warnings: vec!["no article found on the page".into()],
            ..Extraction::default()
        };
        if knobs.metadata {
            out.meta.language = page.lang.guess().map(str::to_owned);
        }
        out.warnings.extend(truncated);
        return out;
    }
    let (mut s, mut e) = (best_s, best_e);
    let mut contributors = None;

    if knobs.news_cues {
        // A dateline in the first part of the segment opens the body.
        let seg_chars: u64 = lines[s..e].iter().map(|l| u64::from(l.chars)).sum();
        let mut before = 0u64;
        let mut found = None;
        for i in s.saturating_sub(3)..e {
            if i >= s {
                // Only where enough of the segment follows.
                let after = seg_chars.saturating_sub(before);
                if after < 400 && after * 4 < seg_chars {
                    break;
                }
                before += u64::from(lines[i].chars);
            }
            if lines[i].chars >= 60 && !dropped[i] && parse_dateline(lines[i].text(text)).is_some()
            {
                found = Some(i);
                break;
            }
        }
        if let Some(d) = found {
            s = d;
            e = e.max(d + 1);
        }
        // A `___` rule or a contributors line closes it.
        if let Some(k) = lines[s + 1..e].iter().position(|l| {
            let t = l.text(text);
            is_rule(t) || is_contributors(t)
        }) {
            e = s + 1 + k;
        }
        contributors = lines[e..(e + 4).min(n)]
            .iter()
            .map(|l| l.text(text))
            .find(|t| is_contributors(t))
            .map(str::to_owned);
    }

    // A comment section never belongs to the article: its header closes the body once some
    // article text precedes it.
    let mut seen = 0u32;
    for (i, l) in lines.iter().enumerate().take(e).skip(s) {
        if seen >= 300 && comments_at(i) {
            e = i;
            break;
        }
        seen = seen.saturating_add(l.chars);
    }

    let mut captions = Vec::new();
    let mut kept: Vec<usize> = Vec::new();
    // Repeated lines: for each group of copies, where it was first seen and the smallest
    // gap between its copies.
    let mut group_of: FxMap<&str, u32> = FxMap::default();
    let mut groups: Vec<(usize, usize, usize)> = Vec::new();
    let line_group: Vec<u32> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if l.repeats < 2 {
                return u32::MAX;
            }
            let next = u32::try_from(groups.len()).unwrap_or(u32::MAX);
            let g = *group_of.entry(l.text(text)).or_insert(next);
            if g == next {
                groups.push((i, i, usize::MAX));
            } else if let Some(c) = groups.get_mut(g as usize) {
                c.2 = c.2.min(i - c.1);
                c.1 = i;
            }
            g
        })
        .collect();
    for i in s..e {
        let l = &lines[i];
        if dropped[i] {
            continue;
        }
        // A line that already stood above the article (headline, author, "Share") is page
        // furniture; one that repeats a line just above it is a pull quote or a doubled
        // caption. Lines repeating further apart inside the article are its structure
        // (recipe steps, interview questions) and stay.
        if let Some(&(first, _, gap)) = groups.get(line_group[i] as usize) {
            let close = gap <= PULL_QUOTE_GAP;
            if first < s || (close && (first < i || l.repeats >= 3)) {
                continue;
            }
        }
        if l.has(F_CREDIT) {
            captions.push(caption_text(text, lines, i, s));
            if !knobs.keep_captions {
                continue;
            }
        }
        if p[i] < inner_threshold && i != s {
            continue;
        }
        if l.chars < knobs.min_paragraph_chars {
            continue;
        }
        kept.push(i);
    }

    let mut body = String::with_capacity(lines[s..e].iter().map(|l| l.end - l.start + 2).sum());
    let mut paragraphs = Vec::with_capacity(kept.len());
    for &i in &kept {
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        let start = body.len();
        body.push_str(lines[i].text(text));
        paragraphs.push(Span::new(start, body.len()));
    }
    let mut out = Extraction {
        body,
        paragraphs,
        ..Extraction::default()
    };
    if out.body.is_empty() {
        out.warnings.push("no article found on the page".into());
    }
    if knobs.metadata {
        out.meta = metadata(text, &page, &kept, s, e, captions, contributors);
    }
    out.warnings.extend(truncated);
    out
}

/// [`is_comment_header`] for a page line, skipping at no cost the lines that cannot be one:
/// too few letters to name comments (the nouns have at least seven), or more than three words
/// without a leading count (`10 thoughts on …`).
fn opens_comments(l: &Line, text: &str) -> bool {
    if l.letters < 7 {
        return false;
    }
    let t = l.text(text);
    let counted = || {
        t.bytes()
            .find(|b| b.is_ascii_alphanumeric() || *b >= 0x80)
            .is_some_and(|b| b.is_ascii_digit())
    };
    (l.words <= 3 || counted()) && is_comment_header(t)
}

/// Whether a line opens a comment section: `12 Comments`, `[ 167 comments ]`,
/// `Comments (5)`, `Leave a Reply`, `10 thoughts on “…”`.
pub(crate) fn is_comment_header(text: &str) -> bool {
    if text.len() > 200 {
        return false;
    }
    let core = text.trim_matches(|c: char| !c.is_alphanumeric());
    let lower = core.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    const NOUNS: &[&str] = &[
        "comment",
        "comments",
        "response",
        "responses",
        "replies",
        "reactions",
        "kommentare",
        "comentários",
        "comentarios",
        "commenti",
        "commentaires",
        "комментарии",
        "komentar",
    ];
    match words.as_slice() {
        [n] => NOUNS.contains(n),
        [num, n] | [n, num] if num.bytes().all(|b| b.is_ascii_digit()) => NOUNS.contains(n),
        [num, "thoughts", "on", ..] | [num, "responses", "to", ..] | [num, "replies", "to", ..]
            if num.bytes().all(|b| b.is_ascii_digit()) =>
        {
            true
        }
        ["leave", "a", "reply" | "comment"]
        | ["post", "a", "comment"]
        | ["add", "a", "comment"]
        | ["join", "the", "discussion" | "conversation"]
        | ["show" | "view" | "load" | "read", "comments"]
        | ["reader", "comments"] => true,
        _ => false,
    }
}

/// A caption line; a bare credit line (`Image Credit: X`) is joined to the line before it.
fn caption_text(text: &str, lines: &[Line], i: usize, lo: usize) -> String {
    let t = lines[i].text(text);
    if !t.ends_with(')') && i > lo {
        let prev = &lines[i - 1];
        if prev.chars > 20 && !prev.has(F_CREDIT) {
            return format!("{} {}", prev.text(text), t);
        }
    }
    t.to_owned()
}

fn metadata(
    text: &str,
    page: &Page,
    kept: &[usize],
    s: usize,
    e: usize,
    body_captions: Vec<String>,
    contributors: Option<String>,
) -> Meta {
    let lines = &page.lines;
    let head_lo = s.saturating_sub(30);
    let mut meta = Meta::default();

    if let Some(&first) = kept.first() {
        if let Some((dl, _)) = parse_dateline(lines[first].text(text)) {
            meta.dateline = Some(dl);
        }
    }

    // Captions in the header: credit lines between the headline and the body.
    let mut captions: Vec<String> = (head_lo..s)
        .filter(|&i| lines[i].has(F_CREDIT))
        .map(|i| caption_text(text, lines, i, head_lo))
        .collect();
    for c in body_captions {
        if !captions.contains(&c) {
            captions.push(c);
        }
    }
    meta.captions = captions;
    meta.contributors_line = contributors;

    // Byline: the closest `by …` line above the body.
    if let Some(i) = (head_lo..s).rev().find(|&i| lines[i].has(F_BYLINE)) {
        let t = lines[i].text(text);
        if let Some(at) = byline_start(t) {
            // A publication names itself elsewhere: in the title line, a copyright footer.
            let on_page = |name: &str| {
                lines
                    .iter()
                    .any(|l| !l.has(F_BYLINE) && l.chars < 200 && l.text(text).contains(name))
            };
            let (authors, publisher) = parse_byline(t.get(at..).unwrap_or(""), &on_page);
            meta.authors = authors;
            meta.publisher = publisher;
        }
    }

    // Date: the closest date above the body, else just below it.
    let above = (head_lo..s).rev().filter(|&i| lines[i].chars < 200);
    let below = e..(e + 8).min(lines.len());
    meta.date = above
        .chain(below)
        .find_map(|i| find_date(lines[i].text(text)).map(|d| d.iso));

    meta.title = title(text, lines, head_lo, s);

    let mut counts = LangCounts::default();
    for &i in kept {
        for (c, n) in counts.stop.iter_mut().zip(lines[i].stop) {
            *c += u32::from(n);
        }
        counts.latin += lines[i].letters.saturating_sub(lines[i].cjk);
    }
    counts.hangul = page.lang.hangul;
    counts.kana = page.lang.kana;
    counts.han = page.lang.han;
    counts.cyrillic = page.lang.cyrillic;
    if page.lang.is_cjk() {
        counts.latin = page.lang.latin;
    }
    meta.language = counts.guess().map(str::to_owned);
    meta
}

/// The headline: a title-shaped line above the body, preferring a repeated line next to the
/// byline or the date.
fn title(text: &str, lines: &[Line], lo: usize, s: usize) -> Option<String> {
    let mut best: Option<(f32, usize)> = None;
    for j in lo..s {
        let l = &lines[j];
        let t = l.text(text);
        if l.chars < 10
            || l.chars > 200
            || l.has(F_CREDIT)
            || l.has(F_BYLINE)
            || (l.has(F_DATE) && l.words < 8)
            || is_rule(t)
        {
            continue;
        }
        let mut score = 0.0f32;
        if l.has(F_REPEATED) {
            score += 2.0;
        }
        let near = |k: Option<usize>| {
            k.and_then(|k| lines.get(k))
                .is_some_and(|m| m.has(F_BYLINE) || (m.has(F_DATE) && m.words < 12))
        };
        if near(j.checked_sub(1)) || near(Some(j + 1)) || near(Some(j + 2)) {
            score += 1.5;
        }
        if (3..=25).contains(&l.words) {
            score += 1.0;
        } else {
            score -= 2.0;
        }
        if t.ends_with('.') {
            score -= 2.0;
        }
        if l.letters > 3 && u64::from(l.upper) * 10 > u64::from(l.letters) * 8 {
            score -= 1.0;
        }
        if u64::from(l.cap_words) * 2 > u64::from(l.words) {
            score += 0.5;
        }
        if l.has(F_SEPARATOR) {
            score -= 1.5;
        }
        score -= 2.0 * l.chrome.min(2) as f32;
        if l.has(F_AGO) || (t.contains('/') && !t.contains(" / ") && l.words < 8) {
            score -= 3.0;
        }
        score -= 0.05 * (s - j) as f32;
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, j));
        }
    }
    best.filter(|&(score, _)| score > 0.0)
        .map(|(_, j)| lines[j].text(text).to_owned())
}

#[cfg(test)]
mod tests {
    use copydesk_core::Configure;

    use crate::{Strip, StripOptions};

    const MENU: &str = "Home\nNews\nSport\nWeather\nOpinion\nSubscribe\nSign in\n\n";
    const FOOTER: &str = "\n\nShare\nTweet\nEmail\n\nMost Read\nPrivacy Policy\nTerms of Use\n© 2024 The Daily Example\nscroll top\n";
    const P1: &str = "The regional water board approved a plan on Wednesday to repair the old dam above the village, after engineers warned that heavy rain could weaken its walls this winter.";
    const P2: &str = "Work will start in the spring and should take about a year, the board said, and the footpath across the top of the dam will be closed while the crews are there.";
    const P3: &str = "Residents who live below the dam said they were relieved, but several asked why the repairs had taken so long when the first warnings came three years ago.";

    fn page(paragraphs: &[&str]) -> String {
        format!(
            "{MENU}Water Board Approves Dam Repairs\n\n{}{FOOTER}",
            paragraphs.join("\n\n")
        )
    }

    fn check_with(options: StripOptions, input: &str, expected: &[&str]) {
        let strip = Strip::configure(options).expect("options build");
        let out = strip.extract(input);
        let got: Vec<&str> = out
            .paragraphs
            .iter()
            .map(|p| &out.body[p.range()])
            .collect();
        assert_eq!(got, expected);
        assert_eq!(out.body, expected.join("\n\n"));
    }

    fn check(input: &str, expected: &[&str]) {
        check_with(StripOptions::default(), input, expected);
    }

    #[test]
    fn a_text_of_one_line_is_kept() {
        check(
            "Record 7 was filed in Oslo.",
            &["Record 7 was filed in Oslo."],
        );
        check(
            "\n  Record 7 was filed in Oslo.  \n",
            &["Record 7 was filed in Oslo."],
        );
    }

    /// Whatever the input, the stage returns valid spans and never panics.
    fn sane(input: &str) -> crate::Extraction {
        let strip = Strip::configure(StripOptions::default()).expect("defaults build");
        let out = strip.extract(input);
        for p in &out.paragraphs {
            assert!(out.body.get(p.range()).is_some(), "bad span {p:?}");
        }
        out
    }

    #[test]
    fn article_between_menu_and_footer() {
        check(&page(&[P1, P2, P3]), &[P1, P2, P3]);
    }

    #[test]
    fn user_phrases_and_patterns_drop_lines() {
        let options = StripOptions {
            drop_phrases: vec!["footpath ACROSS".into()],
            ..StripOptions::default()
        };
        check_with(options, &page(&[P1, P2, P3]), &[P1, P3]);
        let options = StripOptions {
            drop_patterns: vec![r"^Residents\b".into()],
            ..StripOptions::default()
        };
        check_with(options, &page(&[P1, P2, P3]), &[P1, P2]);
    }

    #[test]
    fn minimum_paragraph_length() {
        let short = "It was a long meeting, and people were tired.";
        let options = StripOptions {
            min_paragraph_chars: 60,
            ..StripOptions::default()
        };
        check_with(options, &page(&[P1, short, P2, P3]), &[P1, P2, P3]);
    }

    #[test]
    fn captions_go_to_meta_or_stay_on_request() {
        let caption = "Engineers inspect the wall of the old dam above the village on Tuesday. (Ann Lee/Valley Photo)";
        let input = page(&[P1, caption, P2, P3]);
        let strip = Strip::configure(StripOptions::default()).expect("build");
        let out = strip.extract(&input);
        assert_eq!(out.meta.captions, vec![caption.to_string()]);
        assert!(!out.body.contains("Engineers inspect"));
        let options = StripOptions {
            keep_captions: true,
            ..StripOptions::default()
        };
        check_with(options, &input, &[P1, caption, P2, P3]);
    }

    #[test]
    fn wire_cues_open_and_close_the_body() {
        let dated = format!("LYON, France (Wire) — {P1}");
        let input = format!(
            "{MENU}Dam Repairs Approved\n\nBy Ann Lee and Bo Chan, Wire Service\n\n{dated}\n\n{P2}\n\n{P3}\n\n___\n\nCara Diaz in Paris contributed.{FOOTER}"
        );
        check(&input, &[dated.as_str(), P2, P3]);
        let strip = Strip::configure(StripOptions::default()).expect("build");
        let meta = strip.extract(&input).meta;
        assert_eq!(meta.authors, vec!["Ann Lee", "Bo Chan"]);
        assert_eq!(meta.publisher.as_deref(), Some("Wire Service"));
        let dl = meta.dateline.expect("dateline");
        assert_eq!(
            (dl.place.as_str(), dl.agency.as_deref()),
            ("LYON, France", Some("Wire"))
        );
        assert_eq!(
            meta.contributors_line.as_deref(),
            Some("Cara Diaz in Paris contributed.")
        );
    }

    #[test]
    fn pages_without_an_article_warn() {
        for input in ["", "\n\n \n", "Home\nNews\nSport\nLog in\nscroll top"] {
            let out = sane(input);
            assert_eq!(out.body, "", "{input:?}");
            assert!(!out.warnings.is_empty(), "{input:?}");
        }
    }

    #[test]
    fn odd_pages_do_not_panic() {
        sane(P1);
        sane(&P1.repeat(2000));
        sane(&"“".repeat(1_000_000));
        sane(&"the ".repeat(70_000)); // more stop words on one line than a u16 holds
        sane(&"\u{feff}\u{200b} é\r\n".repeat(1000));
        sane(
            "시장은 다리가 이달 말까지 수리를 위해 폐쇄된다고 말했다. 주민들은 불편을 호소했다.\n메뉴\n로그인",
        );
        sane(
            "市長は橋が今月末まで修理のため閉鎖されると述べた。住民は不便を訴えた。\nホーム\nログイン",
        );
        sane(
            "Мэр сказал, что мост будет закрыт на ремонт до конца месяца, и что это не первый раз.",
        );
        sane("(AP) —\n—\n___\n(\n)\nby\nBy \n1/1/1\n2024-13-99\n");
    }

    #[test]
    fn very_long_pages_are_cut_with_a_warning() {
        let input = "a\n".repeat(crate::page::MAX_LINES + 10);
        let out = sane(&input);
        assert!(out.warnings.iter().any(|w| w.contains("only the first")));
    }

    #[test]
    fn comment_headers() {
        for yes in [
            "12 Comments",
            "[ 167 comments ]",
            "Comments (5)",
            "Comments",
            "Leave a Reply",
            "10 thoughts on “Slow Soup”",
            "Kommentare",
        ] {
            assert!(super::is_comment_header(yes), "{yes}");
        }
        for no in [
            "The comments drew a rebuke.",
            "No comment",
            "Comment is free",
            "",
        ] {
            assert!(!super::is_comment_header(no), "{no}");
        }
    }

    #[test]
    fn comments_and_repeated_alt_texts_stay_out() {
        let alt = "Photo gallery of the dam works";
        let input = page(&[P1, alt, P2, alt, P3, alt]).replace(
            "\n\nShare\n",
            "\n\n3 Comments\nAnn\nWhat a long wait it has been for all of us who live below the old dam, and the board should say sorry.\nReply\nShare\n",
        );
        check(&input, &[P1, P2, P3]);
    }

    #[test]
    fn a_long_comment_thread_does_not_outweigh_a_short_article() {
        let comments = [
            "I have walked across that dam every morning for twenty years, and I would be very sad if the path stayed closed for longer than the board says it will.",
            "The board knew about the cracks in the wall for a long time, and it only acted now because the people in the village kept writing letters to the newspaper.",
            "My father worked on the dam when it was built, and he always said that the stone they used was never as good as the stone in the plans they had shown.",
            "Why does it take a whole year to fix a wall? In my country they would have done the same work in a few months, and nobody would have closed the footpath.",
            "I hope they also fix the road to the dam while the crews are up there, because it has been full of holes since the floods two winters ago and nobody cares.",
            "Good news at last. We were starting to think nobody was listening to us, and now we only have to wait and see if the money is really there for all of it.",
        ];
        let mut thread = String::from(
            "Related: Dams\nTags: water, dams\nMore news\nWeather\nSport\nLog in\n[ 12 comments ]\nTop Rated Comments\n(View all)\n",
        );
        for (k, c) in comments.iter().chain(&comments).enumerate() {
            thread.push_str(&format!("{c}\nRating: {k} Votes\n"));
        }
        let input = page(&[P1, P2]).replace("\n\nShare\n", &format!("\n\n{thread}Share\n"));
        check(&input, &[P1, P2]);
    }

    #[test]
    fn repeated_structure_stays_and_pull_quotes_go() {
        // An interview page: the same two questions for each guest, each answered at length.
        let mut paragraphs: Vec<String> = Vec::new();
        for name in ["Mia", "Leo", "Ana"] {
            paragraphs.push(format!("Our guest today is {name}, who runs a small restaurant in the old part of the town and cooks for about forty people every evening."));
            for (question, topic) in [
                ("How did you start cooking?", "the first years"),
                ("What do you cook at home?", "the kitchen at home"),
            ] {
                paragraphs.push(question.into());
                paragraphs.push(format!("About {topic}, {name} says it began with the family: there was always someone in the kitchen, and the children were sent to the market with a list and a little money."));
                paragraphs.push(format!("Later, and this too is {topic}, {name} worked for a few years in other kitchens, learning from older cooks who were patient with the young and very strict about clean knives."));
                paragraphs.push(format!("Today {topic} is simple, {name} laughs: soup, bread and whatever the garden gives, because after a long day there is no energy left for anything else."));
            }
        }
        let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
        check(&page(&refs), &refs);
        // A pull quote repeats a paragraph right next to it.
        check(&page(&[P1, P2, P1, P3]), &[P1, P2, P3]);
    }

    #[test]
    fn bad_options_are_build_errors() {
        let options = StripOptions {
            drop_patterns: vec!["(".into()],
            ..StripOptions::default()
        };
        assert!(Strip::configure(options).is_err());
        let options = StripOptions {
            bias: f32::NAN,
            ..StripOptions::default()
        };
        assert!(Strip::configure(options).is_err());
    }
}
