//! `html`: a self-contained page per document for editors to read what the pipeline found.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;

use copydesk_core::{
    BuildError, Configure, Document, OptionDoc, Options, Output, OutputFile, QuoteKind, Span,
    WriteError, Writer,
};
use serde::{Deserialize, Serialize};

use crate::spans;

/// Options of the `html` writer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HtmlOptions {
    /// Into a directory, also write `index.html` listing every document (default `true`).
    pub index: bool,
    /// The heading of the index page and of the single page a stream gets (default
    /// `"copydesk"`).
    pub collection_title: String,
}

impl Default for HtmlOptions {
    fn default() -> Self {
        HtmlOptions {
            index: true,
            collection_title: "copydesk".to_owned(),
        }
    }
}

impl Options for HtmlOptions {
    const DOCS: &'static [OptionDoc] = &[
        OptionDoc {
            key: "index",
            ty: "boolean",
            doc: "into a directory, also write index.html listing every document",
        },
        OptionDoc {
            key: "collection_title",
            ty: "string",
            doc: "heading of the index page and of the single page a stream gets",
        },
    ];
}

/// The `html` writer. Into a directory: `<id>.html` per document, each a complete page, and
/// `index.html` with one row per document (title, date, quotes, names, link); the index is
/// written row by row as documents arrive and committed at the end. On a stream (stdout or a
/// file): one page with every document as an `<article>` section.
///
/// A page shows the title and metadata, the body in paragraphs with quotes highlighted by
/// kind and labelled with their speaker, speaker mentions and cues marked, entities coloured
/// by label with the canonical name on hover (`title`), and a side panel "Who said what"
/// (speaker → their quotes, linked to the body) and "Names". The CSS is inline; there is no
/// JavaScript and no external resource, and every text is escaped.
///
/// Spans nest: quotes outside, then speaker mentions and cues, then entities; a span that
/// crosses another's boundary (or a paragraph's) is split there. Within one layer, a span
/// that crosses an earlier one, or nests deeper than the layer allows (quotes 3, mentions 1,
/// entities 2), is not highlighted (its quote still appears in the side panel).
#[derive(Debug)]
pub struct Html {
    options: HtmlOptions,
    written: usize,
    index: Option<Box<dyn OutputFile>>,
}

impl Configure for Html {
    type Options = HtmlOptions;

    fn configure(options: HtmlOptions) -> Result<Self, BuildError> {
        Ok(Html {
            options,
            written: 0,
            index: None,
        })
    }
}

fn io(e: std::io::Error) -> WriteError {
    WriteError::io("writing html", e)
}

/// Appends `text` escaped for HTML text and attribute values. NUL becomes U+FFFD and other
/// control characters (but tab and newline) a space.
pub(crate) fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\0' => out.push('\u{fffd}'),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
}

/// A file name as a relative URL: every byte but unreserved ASCII percent-encoded.
fn href(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            s.push(char::from(b));
        } else {
            let _ = write!(s, "%{b:02X}");
        }
    }
    s
}

/// At most `max` characters of `text` (whitespace collapsed), with `…` when cut; the cut falls
/// between words (inside a word only when one word is longer than `max`).
fn shorten(text: &str, max: usize) -> String {
    let mut s = String::new();
    for (n, word) in text.split_whitespace().enumerate() {
        if n > 0 {
            s.push(' ');
        }
        s.push_str(word);
        if s.len() > max * 4 {
            break;
        }
    }
    match s.char_indices().nth(max) {
        Some((cut, _)) => {
            // `cut` is the first character left out: keep the words that fit whole.
            let cut = if s[cut..].starts_with(' ') {
                cut
            } else {
                s[..cut].rfind(' ').unwrap_or(cut)
            };
            let mut t = s[..cut].trim_end().to_owned();
            t.push('…');
            t
        }
        None => s,
    }
}

/// Text collapsed to one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn label_name(label: copydesk_core::EntityLabel) -> &'static str {
    match label {
        copydesk_core::EntityLabel::Per => "person",
        copydesk_core::EntityLabel::Org => "organisation",
        copydesk_core::EntityLabel::Loc => "place",
        copydesk_core::EntityLabel::Misc => "other name",
    }
}

/// What a highlighted span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum What {
    /// Quote `i` (of `doc.quotes`); `last` marks its last piece.
    Quote { i: usize, last: bool },
    /// The speaker mention of quote `i`.
    Mention(usize),
    /// The cue of quote `i`.
    Cue(usize),
    /// Entity `i` (of `doc.entities`).
    Entity(usize),
}

impl What {
    /// Nesting layer: quotes outermost, entities innermost.
    const fn layer(self) -> u8 {
        match self {
            What::Quote { .. } => 0,
            What::Mention(_) | What::Cue(_) => 1,
            What::Entity(_) => 2,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    span: Span,
    what: What,
}

/// Keeps the marks of one layer that form a properly nested family no deeper than `depth`,
/// in order of start (longest first). Linear after sorting.
fn laminar(mut marks: Vec<Mark>, depth: usize) -> Vec<Mark> {
    marks.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    let mut kept = Vec::with_capacity(marks.len());
    let mut open: Vec<Span> = Vec::new();
    for m in marks {
        while open.last().is_some_and(|o| o.end <= m.span.start) {
            open.pop();
        }
        let crosses = open.last().is_some_and(|o| m.span.end > o.end);
        if crosses || open.len() >= depth {
            continue;
        }
        open.push(m.span);
        kept.push(m);
    }
    kept
}

/// The highlightable marks of a document, trimmed of surrounding whitespace.
fn marks(doc: &Document) -> Vec<Mark> {
    let body = doc.body.as_str();
    let ok = |s: Span| {
        let s = spans::trim(body, s);
        (spans::valid(body, s) && !s.is_empty()).then_some(s)
    };
    let mut quotes = Vec::new();
    let mut attribution = Vec::new();
    for (i, q) in doc.quotes.iter().flatten().enumerate() {
        let pieces: Vec<Span> = q.pieces().iter().filter_map(|&s| ok(s)).collect();
        let last = pieces.iter().map(|s| s.end).max();
        for s in pieces {
            quotes.push(Mark {
                span: s,
                what: What::Quote {
                    i,
                    last: Some(s.end) == last,
                },
            });
        }
        if let Some(s) = q.speaker_span.and_then(ok) {
            attribution.push(Mark {
                span: s,
                what: What::Mention(i),
            });
        }
        if let Some(s) = q.cue.and_then(ok) {
            attribution.push(Mark {
                span: s,
                what: What::Cue(i),
            });
        }
    }
    let entities = doc
        .entities
        .iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, e)| {
            Some(Mark {
                span: ok(e.span)?,
                what: What::Entity(i),
            })
        })
        .collect();
    let mut all = laminar(quotes, 3);
    all.extend(laminar(attribution, 1));
    all.extend(laminar(entities, 2));
    all.sort_by_key(|m| m.span.start);
    all
}

/// Renders a document's body into `out`: paragraphs with nested highlight spans.
struct BodyRenderer<'a> {
    doc: &'a Document,
    /// The anchor prefix of this document's quotes (`q1-`).
    anchor: &'a str,
    /// Marks currently open in the output, outermost first.
    stack: Vec<Mark>,
    /// Quotes whose anchor was written.
    anchored: Vec<bool>,
    /// A speaker label waiting for the closing punctuation after its quote.
    label: Option<String>,
}

/// Characters that close a quote: the speaker label goes after them.
fn closes_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '”'
            | '’'
            | '»'
            | '›'
            | '」'
            | '』'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '…'
    )
}

impl BodyRenderer<'_> {
    fn key(m: &Mark) -> (u8, usize, std::cmp::Reverse<usize>) {
        (m.what.layer(), m.span.start, std::cmp::Reverse(m.span.end))
    }

    /// Writes a waiting speaker label.
    fn flush_label(&mut self, out: &mut String) {
        if let Some(label) = self.label.take() {
            out.push_str(&label);
        }
    }

    /// Writes body text; a waiting label goes after the closing punctuation it starts with.
    fn text(&mut self, text: &str, out: &mut String) {
        let text = if self.label.is_some() {
            let cut = text
                .char_indices()
                .find(|&(_, c)| !closes_quote(c))
                .map_or(text.len(), |(i, _)| i);
            let (head, rest) = text.split_at(cut);
            escape(head, out);
            if !rest.is_empty() {
                self.flush_label(out);
            }
            rest
        } else {
            text
        };
        for (n, line) in text.split('\n').enumerate() {
            if n > 0 {
                self.flush_label(out);
                out.push_str("<br>\n");
            }
            escape(line, out);
        }
    }

    fn open(&mut self, m: Mark, out: &mut String) {
        self.flush_label(out);
        let doc = self.doc;
        match m.what {
            What::Quote { i, .. } => {
                let Some(q) = doc.quotes.as_ref().and_then(|q| q.get(i)) else {
                    return;
                };
                out.push_str("<span class=\"quote ");
                out.push_str(q.kind.name());
                out.push('"');
                if let Some(seen) = self.anchored.get_mut(i)
                    && !*seen
                {
                    *seen = true;
                    let _ = write!(out, " id=\"{}{}\"", self.anchor, i + 1);
                }
                out.push_str(" title=\"");
                let who = spans::speaker(doc, q).unwrap_or("unattributed");
                escape(
                    &format!("{} quote · {}", kind_title(q.kind), one_line(who)),
                    out,
                );
                out.push_str("\">");
            }
            What::Mention(i) => {
                let who = doc
                    .quotes
                    .as_ref()
                    .and_then(|q| q.get(i))
                    .and_then(|q| spans::speaker(doc, q))
                    .unwrap_or("");
                out.push_str("<span class=\"mention\" title=\"speaker: ");
                escape(&one_line(who), out);
                out.push_str("\">");
            }
            What::Cue(_) => out.push_str("<span class=\"cue\" title=\"cue\">"),
            What::Entity(i) => {
                let Some(e) = doc.entities.as_ref().and_then(|e| e.get(i)) else {
                    return;
                };
                let _ = write!(out, "<span class=\"ent {}\" title=\"", e.label.name());
                let canonical = one_line(&e.canonical);
                let text = spans::text(&doc.body, e.span).map(one_line);
                let name = if canonical.is_empty() {
                    text.unwrap_or_default()
                } else {
                    canonical
                };
                escape(&format!("{name} · {}", label_name(e.label)), out);
                out.push_str("\">");
            }
        }
    }

    /// Closes the innermost open mark at byte `at`; a quote closing at its real end gets its
    /// speaker label.
    fn close(&mut self, at: usize, out: &mut String) {
        let Some(m) = self.stack.pop() else {
            return;
        };
        self.flush_label(out);
        out.push_str("</span>");
        if let What::Quote { i, last: true } = m.what
            && at >= m.span.end
            && let Some(q) = self.doc.quotes.as_ref().and_then(|q| q.get(i))
        {
            let mut label = format!("<span class=\"who {}\">", q.kind.name());
            match spans::speaker(self.doc, q) {
                Some(who) => escape(&one_line(who), &mut label),
                None => label.push_str("unattributed"),
            }
            label.push_str("</span>");
            self.label = Some(label);
        }
    }

    fn close_all(&mut self, at: usize, out: &mut String) {
        while !self.stack.is_empty() {
            self.close(at, out);
        }
    }

    fn render(&mut self, out: &mut String) {
        let doc = self.doc;
        let body = doc.body.as_str();
        let paragraphs = spans::paragraphs(doc);
        let marks = marks(doc);
        let mut points: Vec<usize> = Vec::with_capacity(2 * (marks.len() + paragraphs.len()));
        for m in &marks {
            points.extend([m.span.start, m.span.end]);
        }
        for p in &paragraphs {
            points.extend([p.start, p.end]);
        }
        points.sort_unstable();
        points.dedup();

        let mut active: Vec<Mark> = Vec::new();
        let mut next = 0;
        let mut para = 0;
        let mut open_para: Option<usize> = None;
        for w in points.windows(2) {
            let (a, b) = (w[0], w[1]);
            active.retain(|m| m.span.end > a);
            while let Some(m) = marks.get(next).filter(|m| m.span.start <= a) {
                if m.span.end > a {
                    active.push(*m);
                }
                next += 1;
            }
            while paragraphs.get(para).is_some_and(|p| p.end <= a) {
                para += 1;
            }
            let inside = paragraphs.get(para).is_some_and(|p| p.start <= a);
            if open_para.is_some() && (!inside || open_para != Some(para)) {
                self.close_all(a, out);
                self.flush_label(out);
                out.push_str("</p>\n");
                open_para = None;
            }
            if !inside {
                continue;
            }
            if open_para.is_none() {
                out.push_str("<p>");
                open_para = Some(para);
            }
            active.sort_by_key(Self::key);
            let common = self
                .stack
                .iter()
                .zip(&active)
                .take_while(|(x, y)| x.span == y.span && x.what == y.what)
                .count();
            while self.stack.len() > common {
                self.close(a, out);
            }
            for m in &active[common..] {
                self.open(*m, out);
                self.stack.push(*m);
            }
            if let Some(text) = body.get(a..b) {
                self.text(text, out);
            }
        }
        if open_para.is_some() {
            self.close_all(usize::MAX, out);
            self.flush_label(out);
            out.push_str("</p>\n");
        }
    }
}

fn kind_title(kind: QuoteKind) -> &'static str {
    match kind {
        QuoteKind::Direct => "direct",
        QuoteKind::Partial => "partial",
        QuoteKind::Indirect => "indirect",
    }
}

/// The metadata header of a document.
fn header(doc: &Document, out: &mut String) {
    let m = &doc.meta;
    out.push_str("<header class=\"doc-head\">\n");
    let mut kicker = Vec::new();
    if let Some(d) = &m.dateline {
        kicker.push(match &d.agency {
            Some(a) => format!("{} ({a})", d.place),
            None => d.place.clone(),
        });
    }
    if let Some(p) = &m.publisher {
        kicker.push(p.clone());
    }
    let kicker: Vec<String> = kicker
        .iter()
        .map(|k| one_line(k))
        .filter(|k| !k.is_empty())
        .collect();
    if !kicker.is_empty() {
        out.push_str("<p class=\"kicker\">");
        escape(&kicker.join(" · "), out);
        out.push_str("</p>\n");
    }
    let title = m
        .title
        .as_deref()
        .map(one_line)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| doc.id.clone());
    out.push_str("<h1>");
    escape(&title, out);
    out.push_str("</h1>\n");
    let mut byline = String::new();
    let authors: Vec<String> = m.authors.iter().map(|a| one_line(a)).collect();
    match authors.as_slice() {
        [] => {}
        [one] => {
            byline.push_str("By ");
            escape(one, &mut byline);
        }
        [rest @ .., last] => {
            byline.push_str("By ");
            escape(&rest.join(", "), &mut byline);
            byline.push_str(" and ");
            escape(last, &mut byline);
        }
    }
    if let Some(date) = m.date.as_deref().map(one_line).filter(|d| !d.is_empty()) {
        if !byline.is_empty() {
            byline.push_str(" · ");
        }
        byline.push_str("<time>");
        escape(&date, &mut byline);
        byline.push_str("</time>");
    }
    if !byline.is_empty() {
        let _ = writeln!(out, "<p class=\"byline\">{byline}</p>");
    }
    let quotes = doc.quotes.as_ref().map_or(0, Vec::len);
    let entities = doc.entities.as_ref().map_or(0, Vec::len);
    let speakers = {
        let mut names: Vec<&str> = doc
            .quotes
            .iter()
            .flatten()
            .filter_map(|q| spans::speaker(doc, q))
            .collect();
        names.sort_unstable();
        names.dedup();
        names.len()
    };
    let words = doc.body.split_whitespace().count();
    out.push_str("<ul class=\"facts\">");
    let _ = write!(out, "<li><b>{words}</b> words</li>");
    if doc.quotes.is_some() {
        let _ = write!(
            out,
            "<li><b>{quotes}</b> {}</li><li><b>{speakers}</b> {}</li>",
            plural(quotes, "quote", "quotes"),
            plural(speakers, "speaker", "speakers")
        );
    }
    if doc.entities.is_some() {
        let _ = write!(
            out,
            "<li><b>{entities}</b> {}</li>",
            plural(entities, "name", "names")
        );
    }
    out.push_str("<li class=\"source\">source ");
    escape(&doc.source, out);
    out.push_str("</li></ul>\n");
    let captions: Vec<String> = m
        .captions
        .iter()
        .map(|c| one_line(c))
        .filter(|c| !c.is_empty())
        .collect();
    if !captions.is_empty() {
        out.push_str("<div class=\"captions\">");
        for c in captions {
            out.push_str("<p>");
            escape(&c, out);
            out.push_str("</p>");
        }
        out.push_str("</div>\n");
    }
    out.push_str("</header>\n");
}

const fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// The side panel: legend, who said what, names.
fn aside(doc: &Document, anchor: &str, out: &mut String) {
    out.push_str("<aside class=\"side\">\n");
    out.push_str(
        "<div class=\"legend\"><span class=\"quote direct\">direct</span> \
         <span class=\"quote partial\">partial</span> \
         <span class=\"quote indirect\">indirect</span> \
         <span class=\"ent PER\">person</span> <span class=\"ent ORG\">organisation</span> \
         <span class=\"ent LOC\">place</span> <span class=\"ent MISC\">other</span></div>\n",
    );
    if let Some(quotes) = &doc.quotes {
        out.push_str("<h2>Who said what</h2>\n");
        if quotes.is_empty() {
            out.push_str("<p class=\"none\">No quotes found.</p>\n");
        }
        // Speaker → quote indexes, speakers by number of quotes, then first appearance;
        // the unattributed last.
        let mut order: Vec<Option<String>> = Vec::new();
        let mut by: HashMap<Option<String>, Vec<usize>> = HashMap::new();
        for (i, q) in quotes.iter().enumerate() {
            let who = spans::speaker(doc, q).map(one_line);
            let list = by.entry(who.clone()).or_insert_with(|| {
                order.push(who);
                Vec::new()
            });
            list.push(i);
        }
        let mut speakers: Vec<(usize, Option<String>)> = order.into_iter().enumerate().collect();
        speakers.sort_by_key(|(first, who)| {
            (
                who.is_none(),
                std::cmp::Reverse(by.get(who).map_or(0, Vec::len)),
                *first,
            )
        });
        for (_, who) in speakers {
            let list = by.get(&who).map_or(&[][..], Vec::as_slice);
            out.push_str("<section class=\"speaker\"><h3>");
            match &who {
                Some(w) => escape(w, out),
                None => out.push_str("<i>Unattributed</i>"),
            }
            let _ = write!(out, " <span class=\"count\">{}</span></h3><ol>", list.len());
            for &i in list {
                let Some(q) = quotes.get(i) else { continue };
                let text = spans::quote_text(doc, q).unwrap_or_default();
                let _ = write!(
                    out,
                    "<li class=\"{}\"><a href=\"#{anchor}{}\">",
                    q.kind.name(),
                    i + 1
                );
                escape(&shorten(&text, 220), out);
                out.push_str("</a>");
                if q.kind != QuoteKind::Direct {
                    let _ = write!(out, " <span class=\"kind\">{}</span>", q.kind.name());
                }
                if let Some(cue) = q.cue.and_then(|c| spans::text(&doc.body, c)) {
                    out.push_str(" <span class=\"cue-note\">");
                    escape(&one_line(cue), out);
                    out.push_str("</span>");
                }
                out.push_str("</li>");
            }
            out.push_str("</ol></section>\n");
        }
    }
    if let Some(entities) = &doc.entities {
        out.push_str("<h2>Names</h2>\n");
        if entities.is_empty() {
            out.push_str("<p class=\"none\">No names found.</p>\n");
        }
        let mut counts: HashMap<(copydesk_core::EntityLabel, String), usize> = HashMap::new();
        let mut order = Vec::new();
        for e in entities {
            let name = if e.canonical.trim().is_empty() {
                spans::text(&doc.body, e.span)
                    .map(one_line)
                    .unwrap_or_default()
            } else {
                one_line(&e.canonical)
            };
            if name.is_empty() {
                continue;
            }
            let key = (e.label, name);
            let n = counts.entry(key.clone()).or_insert(0);
            if *n == 0 {
                order.push(key);
            }
            *n += 1;
        }
        order.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then(counts.get(b).cmp(&counts.get(a)))
                .then(a.1.cmp(&b.1))
        });
        let mut label = None;
        for key in &order {
            if label != Some(key.0) {
                if label.is_some() {
                    out.push_str("</ul>\n");
                }
                let _ = write!(
                    out,
                    "<h4>{}</h4><ul class=\"names\">",
                    match key.0 {
                        copydesk_core::EntityLabel::Per => "People",
                        copydesk_core::EntityLabel::Org => "Organisations",
                        copydesk_core::EntityLabel::Loc => "Places",
                        copydesk_core::EntityLabel::Misc => "Other names",
                    }
                );
                label = Some(key.0);
            }
            let _ = write!(out, "<li><span class=\"ent {}\">", key.0.name());
            escape(&key.1, out);
            out.push_str("</span>");
            let n = counts.get(key).copied().unwrap_or(0);
            if n > 1 {
                let _ = write!(out, " <span class=\"count\">×{n}</span>");
            }
            out.push_str("</li>");
        }
        if label.is_some() {
            out.push_str("</ul>\n");
        }
    }
    out.push_str("</aside>\n");
}

/// One document as an `<article>`; `n` numbers the anchors.
pub(crate) fn article(doc: &Document, n: usize, out: &mut String) {
    let anchor = format!("q{n}-");
    let _ = writeln!(out, "<article class=\"doc\" id=\"doc-{n}\">");
    header(doc, out);
    out.push_str("<div class=\"layout\">\n<div class=\"body\">\n");
    let mut renderer = BodyRenderer {
        doc,
        anchor: &anchor,
        stack: Vec::new(),
        anchored: vec![false; doc.quotes.as_ref().map_or(0, Vec::len)],
        label: None,
    };
    renderer.render(out);
    if let Some(c) = doc.meta.contributors_line.as_deref().map(one_line)
        && !c.is_empty()
    {
        out.push_str("<p class=\"contrib\">");
        escape(&c, out);
        out.push_str("</p>\n");
    }
    if !doc.diagnostics.is_empty() {
        let _ = write!(
            out,
            "<details class=\"notes\"><summary>{} pipeline {}</summary><ul>",
            doc.diagnostics.len(),
            plural(doc.diagnostics.len(), "note", "notes")
        );
        for d in &doc.diagnostics {
            out.push_str("<li><b>");
            escape(&d.stage, out);
            out.push_str("</b> ");
            escape(&d.message, out);
            out.push_str("</li>");
        }
        out.push_str("</ul></details>\n");
    }
    out.push_str("</div>\n");
    aside(doc, &anchor, out);
    out.push_str("</div>\n</article>\n");
}

/// The start of a page, up to and including `<main>`.
fn page_start(title: &str, out: &mut String) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"copydesk\">\n<title>");
    escape(title, out);
    out.push_str("</title>\n<style>");
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n<main class=\"wrap\">\n");
}

const PAGE_END: &str = "</main>\n</body>\n</html>\n";

/// A complete page for one document; `index` links back to `index.html`.
pub(crate) fn page(doc: &Document, index: bool) -> String {
    let mut s = String::with_capacity(doc.body.len() * 3 + CSS.len() + 4096);
    let title = doc
        .meta
        .title
        .as_deref()
        .map(one_line)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| doc.id.clone());
    page_start(&title, &mut s);
    article(doc, 1, &mut s);
    s.push_str("<footer class=\"foot\">");
    if index {
        s.push_str("<a href=\"index.html\">All documents</a> · ");
    }
    s.push_str("made by copydesk</footer>\n");
    s.push_str(PAGE_END);
    s
}

/// The start of the index page, up to the table body.
fn index_start(title: &str) -> String {
    let mut s = String::new();
    page_start(title, &mut s);
    s.push_str("<section class=\"index\">\n<h1>");
    escape(title, &mut s);
    s.push_str(
        "</h1>\n<table>\n<thead><tr><th>Title</th><th>Date</th><th class=\"num\">Quotes</th>\
         <th class=\"num\">Names</th><th>Document</th></tr></thead>\n<tbody>\n",
    );
    s
}

/// One index row.
fn index_row(doc: &Document, file: &str) -> String {
    let mut s = String::from("<tr><td><a href=\"");
    s.push_str(&href(file));
    s.push_str("\">");
    let title = doc
        .meta
        .title
        .as_deref()
        .map(one_line)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| doc.id.clone());
    escape(&title, &mut s);
    s.push_str("</a></td><td class=\"date\">");
    escape(doc.meta.date.as_deref().unwrap_or(""), &mut s);
    let count = |n: Option<usize>| n.map_or_else(|| "–".to_owned(), |n| n.to_string());
    let _ = write!(
        s,
        "</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"id\">",
        count(doc.quotes.as_ref().map(Vec::len)),
        count(doc.entities.as_ref().map(Vec::len))
    );
    escape(&doc.id, &mut s);
    s.push_str("</td></tr>\n");
    s
}

fn error_html(id: &str, source: &str, error: &str, row: bool) -> String {
    let mut s = String::new();
    if row {
        s.push_str("<tr class=\"failed\"><td colspan=\"4\">failed: ");
        escape(error, &mut s);
        s.push_str("</td><td class=\"id\">");
        escape(id, &mut s);
        s.push_str("</td></tr>\n");
    } else {
        s.push_str("<article class=\"doc failed\"><h2>");
        escape(id, &mut s);
        s.push_str("</h2><p>This document failed: ");
        escape(error, &mut s);
        s.push_str(" <span class=\"source\">(");
        escape(source, &mut s);
        s.push_str(")</span></p></article>\n");
    }
    s
}

impl Writer for Html {
    fn begin(&mut self, out: &mut dyn Output) -> Result<(), WriteError> {
        if out.is_dir() {
            if self.options.index {
                let mut file = out.create("index.html")?;
                file.write_all(index_start(&self.options.collection_title).as_bytes())
                    .map_err(io)?;
                self.index = Some(file);
            }
        } else {
            let mut s = String::new();
            page_start(&self.options.collection_title, &mut s);
            s.push_str("<p class=\"collection\">");
            escape(&self.options.collection_title, &mut s);
            s.push_str("</p>\n");
            out.stream()?.write_all(s.as_bytes()).map_err(io)?;
        }
        Ok(())
    }

    fn write(&mut self, doc: &Document, out: &mut dyn Output) -> Result<(), WriteError> {
        self.written += 1;
        if out.is_dir() {
            let mut name = crate::file_name(&doc.id, "html");
            if self.index.is_some() && name == "index.html" {
                // The id `index` would overwrite the collection's index: escape its first
                // letter as `file_name` escapes characters, so the name stays unique.
                name = "%69ndex.html".to_owned();
            }
            let mut file = out.create(&name)?;
            file.write_all(page(doc, self.index.is_some()).as_bytes())
                .map_err(io)?;
            file.commit()?;
            if let Some(index) = &mut self.index {
                index
                    .write_all(index_row(doc, &name).as_bytes())
                    .map_err(io)?;
            }
            return Ok(());
        }
        let mut s = String::with_capacity(doc.body.len() * 3 + 4096);
        article(doc, self.written, &mut s);
        out.stream()?.write_all(s.as_bytes()).map_err(io)
    }

    fn write_error(
        &mut self,
        id: &str,
        source: &str,
        error: &str,
        out: &mut dyn Output,
    ) -> Result<(), WriteError> {
        if out.is_dir() {
            if let Some(index) = &mut self.index {
                index
                    .write_all(error_html(id, source, error, true).as_bytes())
                    .map_err(io)?;
            }
            return Ok(());
        }
        out.stream()?
            .write_all(error_html(id, source, error, false).as_bytes())
            .map_err(io)
    }

    fn finish(&mut self, out: &mut dyn Output) -> Result<(), WriteError> {
        if let Some(mut index) = self.index.take() {
            let end = format!(
                "</tbody>\n</table>\n<p class=\"foot\">{} {} · made by copydesk</p>\n</section>\n{PAGE_END}",
                self.written,
                plural(self.written, "document", "documents")
            );
            index.write_all(end.as_bytes()).map_err(io)?;
            return index.commit();
        }
        if !out.is_dir() {
            let w = out.stream()?;
            w.write_all(PAGE_END.as_bytes()).map_err(io)?;
            w.flush().map_err(io)?;
        }
        Ok(())
    }
}

copydesk_core::register_writer!(Html {
    name: "html",
    summary: "self-contained HTML pages: quotes by speaker, entities by type, \"who said what\"; index.html for a directory",
    requires: [],
});

/// The page style: system fonts, no external resources.
const CSS: &str = r#"
:root{--ink:#1f2328;--muted:#5d6673;--rule:#e4e2dc;--bg:#f6f4ef;--paper:#fff;--accent:#a3360f;
--q:#fff0a8;--q-line:#d9a400;--qp:#fff7d1;--qi:#eef3fa;--qi-line:#7d93b2;
--per:#e3edff;--per-line:#3d6fd9;--org:#e2f5e6;--org-line:#2b9348;--loc:#ffecd9;--loc-line:#e0701b;
--misc:#f1e6fb;--misc-line:#8e44c9;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
--serif:Charter,"Bitstream Charter","Iowan Old Style",Georgia,Cambria,"Times New Roman",serif}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:18px/1.65 var(--serif)}
.wrap{max-width:1200px;margin:0 auto;padding:36px 28px 56px}
article.doc{background:var(--paper);border:1px solid var(--rule);border-radius:12px;padding:40px 48px 36px;margin:0 0 36px;box-shadow:0 1px 3px rgba(40,30,10,.05)}
.doc-head{max-width:760px}
.kicker{font:600 12.5px/1.4 var(--sans);letter-spacing:.09em;text-transform:uppercase;color:var(--accent);margin:0 0 10px}
h1{font:700 36px/1.18 var(--serif);letter-spacing:-.012em;margin:0 0 14px}
.byline{font:15px/1.5 var(--sans);color:var(--muted);margin:0 0 16px}
.byline time{color:var(--ink)}
.facts{display:flex;flex-wrap:wrap;gap:8px;list-style:none;margin:0 0 8px;padding:0;font:13px/1.4 var(--sans);color:var(--muted)}
.facts li{background:#f3f1ec;border-radius:999px;padding:4px 11px}
.facts b{color:var(--ink)}
.facts .source{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;overflow-wrap:anywhere}
.captions{margin:14px 0 0;padding:10px 14px;border-left:3px solid var(--rule);font:italic 14px/1.5 var(--sans);color:var(--muted)}
.captions p{margin:0 0 4px}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 330px;gap:44px;margin-top:26px;border-top:1px solid var(--rule);padding-top:28px}
.body p{margin:0 0 1.05em;max-width:70ch;overflow-wrap:break-word}
.quote{border-radius:3px;padding:1px 1px;-webkit-box-decoration-break:clone;box-decoration-break:clone}
.quote.direct{background:var(--q);box-shadow:inset 0 -2px var(--q-line)}
.quote.partial{background:var(--qp);box-shadow:inset 0 -2px var(--q-line)}
.quote.indirect{background:var(--qi);box-shadow:inset 0 -2px var(--qi-line)}
.quote .quote{box-shadow:inset 0 -2px var(--q-line),0 0 0 1px var(--q-line)}
.who{display:inline-block;font:600 11.5px/1.5 var(--sans);color:#5b4500;background:#ffe27a;border-radius:999px;padding:0 8px;margin:0 3px 0 4px;vertical-align:2px;white-space:nowrap}
.who.indirect{background:#d8e2f0;color:#2c3e57}
.mention{text-decoration:underline;text-decoration-thickness:2px;text-decoration-color:#c2410c;text-underline-offset:4px;font-weight:600}
.cue{font-style:italic;color:#9a3412;border-bottom:1px dotted #c2410c}
.ent{border-radius:3px;padding:0 2px;cursor:help}
.ent.PER{background:var(--per);box-shadow:inset 0 -2px var(--per-line)}
.ent.ORG{background:var(--org);box-shadow:inset 0 -2px var(--org-line)}
.ent.LOC{background:var(--loc);box-shadow:inset 0 -2px var(--loc-line)}
.ent.MISC{background:var(--misc);box-shadow:inset 0 -2px var(--misc-line)}
.contrib{font-style:italic;color:var(--muted)}
.notes{font:13px/1.5 var(--sans);color:var(--muted);margin-top:24px}
.side{font:14px/1.5 var(--sans);align-self:start;min-width:0}
.side h2{font:700 12px/1.3 var(--sans);letter-spacing:.09em;text-transform:uppercase;color:var(--muted);margin:22px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--rule)}
.side h4{font:600 12px/1.3 var(--sans);color:var(--muted);margin:12px 0 6px}
.legend{display:flex;flex-wrap:wrap;gap:6px;font-size:12px}
.legend span{padding:1px 6px}
.speaker{margin:0 0 16px}
.speaker h3{font:650 15px/1.35 var(--sans);margin:0 0 6px}
.count{display:inline-block;min-width:20px;text-align:center;font:600 11px/18px var(--sans);color:var(--muted);background:#eeece6;border-radius:999px;padding:0 6px;margin-left:4px}
.speaker ol{margin:0;padding:0 0 0 18px;color:var(--muted)}
.speaker li{margin:0 0 6px;padding-left:2px}
.speaker li a{color:var(--ink);text-decoration:none;border-bottom:1px solid transparent}
.speaker li a:hover{border-bottom-color:var(--q-line)}
.speaker li a::before{content:"\201C"}
.speaker li a::after{content:"\201D"}
.speaker li.indirect a::before,.speaker li.indirect a::after{content:none}
.kind{font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:#6b7a90;background:#eef2f7;border-radius:3px;padding:0 4px}
.cue-note{font-style:italic;color:#9a3412;font-size:12.5px}
.names{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:6px}
.names li{font-size:13.5px}
.none{color:var(--muted);font-style:italic}
:target{outline:2px solid var(--accent);outline-offset:2px}
.index table{width:100%;border-collapse:collapse;background:var(--paper);border:1px solid var(--rule);border-radius:12px;overflow:hidden;font:15px/1.45 var(--sans)}
.index th{font:700 12px/1.3 var(--sans);letter-spacing:.07em;text-transform:uppercase;color:var(--muted);text-align:left;padding:12px 14px;border-bottom:1px solid var(--rule);background:#faf9f6}
.index td{padding:10px 14px;border-bottom:1px solid #efede8;vertical-align:top}
.index td a{color:var(--ink);font:600 17px/1.35 var(--serif);text-decoration:none}
.index td a:hover{color:var(--accent)}
.index .num{text-align:right;font-variant-numeric:tabular-nums}
.index .date{white-space:nowrap;color:var(--muted)}
.index .id{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--muted);overflow-wrap:anywhere}
.failed td,.doc.failed{color:#9b1c1c}
.collection{font:700 13px/1.4 var(--sans);letter-spacing:.12em;text-transform:uppercase;color:var(--muted);margin:0 0 16px}
.foot{font:13px var(--sans);color:var(--muted);text-align:center;margin-top:20px}
.foot a{color:var(--muted)}
@media (max-width:960px){.layout{grid-template-columns:1fr}article.doc{padding:28px 22px}}
@media print{body{background:#fff}article.doc{border:0;box-shadow:none;padding:0}}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemoryOutput;
    use crate::testutil::{find, sample};
    use copydesk_core::{Entity, EntityLabel, Quote};

    fn body_html(doc: &Document) -> String {
        let mut s = String::new();
        BodyRenderer {
            doc,
            anchor: "q1-",
            stack: Vec::new(),
            anchored: vec![false; doc.quotes.as_ref().map_or(0, Vec::len)],
            label: None,
        }
        .render(&mut s);
        s
    }

    fn check(doc: &Document, expected: &str) {
        assert_eq!(body_html(doc), expected);
    }

    fn quote(span: Span, speaker: Option<&str>) -> Quote {
        Quote {
            span,
            spans: vec![],
            quoted: vec![],
            speaker_type: Default::default(),
            kind: QuoteKind::Direct,
            speaker: speaker.map(str::to_owned),
            speaker_span: None,
            cue: None,
        }
    }

    fn entity(span: Span, label: EntityLabel, canonical: &str) -> Entity {
        Entity {
            span,
            label,
            canonical: canonical.into(),
        }
    }

    #[test]
    fn escapes_everything() {
        let mut doc = Document::new("<id>", "a\"b", "x <script>alert(1)</script> & 'y'");
        doc.meta.title = Some("<script>alert(2)</script>".into());
        let page = page(&doc, false);
        assert!(!page.contains("index.html"));
        assert!(!page.contains("<script"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;y&#39;"));
        assert!(page.contains("<title>&lt;script&gt;alert(2)&lt;/script&gt;</title>"));
        assert!(!page.contains("http"), "no external resources");
    }

    #[test]
    fn quotes_entities_and_labels_nest() {
        let body = "He said “Ann Lee won” today.";
        let mut doc = Document::new("d", "-", body);
        doc.quotes = Some(vec![quote(find(body, "Ann Lee won", 0), Some("Bo <Li>"))]);
        doc.entities = Some(vec![entity(
            find(body, "Ann Lee", 0),
            EntityLabel::Per,
            "Ann Lee",
        )]);
        check(
            &doc,
            "<p>He said “<span class=\"quote direct\" id=\"q1-1\" title=\"direct quote · Bo &lt;Li&gt;\">\
             <span class=\"ent PER\" title=\"Ann Lee · person\">Ann Lee</span> won</span>”\
             <span class=\"who direct\">Bo &lt;Li&gt;</span> today.</p>\n",
        );
    }

    #[test]
    fn crossing_spans_are_split() {
        let body = "one two three four";
        let mut doc = Document::new("d", "-", body);
        doc.quotes = Some(vec![quote(Span::new(0, 13), None)]);
        doc.entities = Some(vec![entity(Span::new(8, 18), EntityLabel::Org, "")]);
        check(
            &doc,
            "<p><span class=\"quote direct\" id=\"q1-1\" title=\"direct quote · unattributed\">one two \
             <span class=\"ent ORG\" title=\"three four · organisation\">three</span></span>\
             <span class=\"who direct\">unattributed</span>\
             <span class=\"ent ORG\" title=\"three four · organisation\"> four</span></p>\n",
        );
    }

    #[test]
    fn quotes_across_paragraphs_and_line_breaks() {
        let body = "“First part\nsecond line.\n\nMore words,” Ann said.";
        let mut doc = Document::new("d", "-", body);
        let start = find(body, "First", 0).start;
        let end = find(body, "words,", 0).end;
        doc.quotes = Some(vec![quote(Span::new(start, end), Some("Ann"))]);
        let html = body_html(&doc);
        assert_eq!(html.matches("class=\"quote direct\"").count(), 2, "{html}");
        assert_eq!(html.matches("id=\"q1-1\"").count(), 1);
        assert_eq!(html.matches("class=\"who direct\"").count(), 1);
        assert!(html.contains("First part<br>\nsecond line.</span></p>\n<p><span"));
        assert!(
            html.contains("More words,</span>”<span class=\"who direct\">Ann</span> Ann said.</p>")
        );
    }

    #[test]
    fn hostile_overlaps_stay_linear_and_balanced() {
        let body = "word ".repeat(2000);
        let mut doc = Document::new("d", "-", body.as_str());
        // Every quote crosses the next; thousands of nested entities.
        doc.quotes = Some(
            (0..1000)
                .map(|i| quote(Span::new(i * 5, i * 5 + 9), None))
                .collect(),
        );
        doc.entities = Some(
            (0..1000)
                .map(|i| entity(Span::new(i, body.len() - i), EntityLabel::Misc, "x"))
                .collect(),
        );
        let html = body_html(&doc);
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count()
        );
        // Invalid spans are ignored without panicking.
        let mut doc = Document::new("d", "-", "né");
        doc.quotes = Some(vec![
            quote(Span::new(0, 2), None),
            quote(Span::new(5, 1), None),
        ]);
        doc.entities = Some(vec![entity(Span::new(2, 9), EntityLabel::Per, "x")]);
        assert_eq!(body_html(&doc), "<p>né</p>\n");
    }

    #[test]
    fn side_panel_groups_quotes_by_speaker() {
        let mut doc = sample();
        if let Some(q) = doc.quotes.as_mut() {
            let extra = quote(find(&doc.body, "Officials", 0), Some("Maria Ruiz"));
            q.push(extra);
        }
        let mut s = String::new();
        aside(&doc, "q1-", &mut s);
        let ruiz = s.find("Maria Ruiz <span class=\"count\">2</span>").unwrap();
        let unattributed = s.find("<i>Unattributed</i>").unwrap();
        assert!(ruiz < unattributed);
        assert!(s.contains("href=\"#q1-3\""));
        assert!(s.contains("<span class=\"ent LOC\">Lösberg</span>"));
    }

    #[test]
    fn directory_gets_pages_and_an_index() {
        let mut out = MemoryOutput {
            dir: true,
            ..MemoryOutput::default()
        };
        let mut w = Html::configure(HtmlOptions::default()).unwrap();
        let mut odd = sample();
        odd.id = "a b/c#d".into();
        w.begin(&mut out).unwrap();
        w.write(&sample(), &mut out).unwrap();
        w.write(&odd, &mut out).unwrap();
        w.write_error("bad", "bad.txt", "binary <file>", &mut out)
            .unwrap();
        w.finish(&mut out).unwrap();
        let files = out.files.lock().unwrap();
        let index = String::from_utf8(files["index.html"].clone()).unwrap();
        assert!(index.contains("<a href=\"n1.html\">Mayor Vows &lt;Fast&gt; Repairs</a>"));
        assert!(index.contains("href=\"a%20b%252Fc%23d.html\""));
        assert!(index.contains("failed: binary &lt;file&gt;"));
        assert!(index.contains("<td class=\"num\">2</td><td class=\"num\">2</td>"));
        let page = String::from_utf8(files["n1.html"].clone()).unwrap();
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("<h2>Who said what</h2>"));
        assert!(files.contains_key("a b%2Fc#d.html"));
    }

    #[test]
    fn stream_is_one_page() {
        let mut out = MemoryOutput::default();
        let mut w = Html::configure(HtmlOptions::default()).unwrap();
        w.begin(&mut out).unwrap();
        w.write(&sample(), &mut out).unwrap();
        w.write(&sample(), &mut out).unwrap();
        w.finish(&mut out).unwrap();
        let page = String::from_utf8(out.stream).unwrap();
        assert_eq!(page.matches("<!DOCTYPE html>").count(), 1);
        assert_eq!(page.matches("<article class=\"doc\"").count(), 2);
        assert!(page.contains("id=\"q2-1\""));
        assert!(page.ends_with("</html>\n"));
        assert!(page.contains("<p class=\"collection\">copydesk</p>"));
    }
}
