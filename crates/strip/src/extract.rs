//! Finding the article: line scores, one main contiguous segment, news cues, metadata.

use copydesk_core::{Meta, Span};

use crate::dates::find_date;
use crate::lang::LangCounts;
use crate::meta::{is_contributors, is_rule, parse_byline, parse_dateline};
use crate::model::{FoldedModel, sigmoid};
use crate::page::{
    F_BYLINE, F_CREDIT, F_DATE, F_END_CUE, F_REPEATED, F_SEPARATOR, Line, Page, byline_start,
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

    // One main contiguous article: the maximum-sum run of line values.
    let value = |i: usize| {
        if lines[i].has(F_END_CUE) {
            return -decoding.barrier;
        }
        (p[i] - decoding.threshold) * (lines[i].chars.max(1) as f32).powf(decoding.length_exponent)
    };
    let (mut best, mut best_s, mut best_e) = (0.0f32, 0, 0);
    let (mut cur, mut cur_s) = (0.0f32, 0);
    for i in 0..n {
        if cur <= 0.0 {
            cur = 0.0;
            cur_s = i;
        }
        cur += value(i);
        if cur > best {
            best = cur;
            best_s = cur_s;
            best_e = i + 1;
        }
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

    let mut captions = Vec::new();
    let mut kept: Vec<usize> = Vec::new();
    for i in s..e {
        let l = &lines[i];
        if dropped[i] {
            continue;
        }
        if l.has(F_CREDIT) {
            captions.push(caption_text(text, lines, i, s));
            if !knobs.keep_captions {
                continue;
            }
        }
        if p[i] < decoding.inner_threshold && i != s {
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
            let (authors, publisher) = parse_byline(t.get(at..).unwrap_or(""));
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
        if l.letters > 3 && l.upper * 10 > l.letters * 8 {
            score -= 1.0;
        }
        if l.cap_words * 2 > l.words {
            score += 0.5;
        }
        if l.has(F_SEPARATOR) {
            score -= 1.5;
        }
        score -= 1.5 * l.chrome as f32;
        score -= 0.05 * (s - j) as f32;
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, j));
        }
    }
    best.filter(|&(score, _)| score > 0.0)
        .map(|(_, j)| lines[j].text(text).to_owned())
}
