//! DOM → blocks, the way a browser lays out text: block elements and `<br>` break
//! paragraphs, white space collapses, entities are decoded (by the parser), and what a reader
//! never sees (`<script>`, `<style>`, `<noscript>`, `<template>`, form controls, `hidden`,
//! inline `display:none`) is dropped.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// The element that holds a block's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// `<p>`.
    P,
    /// `<h1>`.
    H1,
    /// `<h2>` … `<h6>`.
    H,
    /// `<li>`, `<dt>`, `<dd>`.
    Li,
    /// `<td>`, `<th>`.
    Td,
    /// `<blockquote>`.
    Quote,
    /// `<pre>`.
    Pre,
    /// `<figcaption>`.
    Caption,
    /// Anything else (`<div>`, `<section>`, text after a `<br>` …).
    Other,
}

/// Ancestor flags ([`Block::anc`]).
pub mod anc {
    /// Inside `<article>`.
    pub const ARTICLE: u32 = 1;
    /// Inside `<main>` or `role=main`.
    pub const MAIN: u32 = 1 << 1;
    /// Inside `<nav>`.
    pub const NAV: u32 = 1 << 2;
    /// Inside `<aside>`.
    pub const ASIDE: u32 = 1 << 3;
    /// Inside `<footer>`.
    pub const FOOTER: u32 = 1 << 4;
    /// Inside `<header>`.
    pub const HEADER: u32 = 1 << 5;
    /// Inside `<figure>`.
    pub const FIGURE: u32 = 1 << 6;
    /// Inside `<form>`.
    pub const FORM: u32 = 1 << 7;
    /// Inside `<ul>`/`<ol>`/`<dl>`.
    pub const LIST: u32 = 1 << 8;
    /// Inside `<table>`.
    pub const TABLE: u32 = 1 << 9;
    /// Inside `itemprop=articleBody`.
    pub const ARTICLE_BODY: u32 = 1 << 10;
    /// Inside `<section>`.
    pub const SECTION: u32 = 1 << 11;
    /// Inside `<blockquote>`.
    pub const QUOTE: u32 = 1 << 12;
    /// Inside `<time>` or `<address>`.
    pub const TIME: u32 = 1 << 13;
    /// Number of flags.
    pub const N: usize = 14;
}

/// `class`/`id` word flags ([`Block::near`], [`Block::far`]).
pub mod word {
    /// Words that name boilerplate or content, in flag order.
    pub const NAMES: [&str; 16] = [
        "comment",
        "related",
        "share",
        "promo",
        "nav",
        "sidebar",
        "footer",
        "subscribe",
        "caption",
        "byline",
        "tag",
        "hidden",
        "content",
        "article",
        "body",
        "title",
    ];
    /// Number of flags.
    pub const N: usize = NAMES.len();

    /// Flags of one `class` or `id` value.
    pub fn flags(value: &str) -> u32 {
        let mut f = 0;
        for token in value
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|t| !t.is_empty())
        {
            let t = token.to_ascii_lowercase();
            let has = |ws: &[&str]| ws.iter().any(|w| t.contains(w));
            let is = |ws: &[&str]| ws.iter().any(|w| t == *w);
            let hits = [
                has(&["comment", "disqus", "respond", "reply"]),
                has(&[
                    "related",
                    "recommend",
                    "popular",
                    "trending",
                    "readmore",
                    "more-",
                ]),
                has(&[
                    "share", "social", "facebook", "twitter", "whatsapp", "sharing",
                ]),
                has(&["promo", "advert", "sponsor", "banner", "teaser"]) || is(&["ad", "ads"]),
                has(&["navigation", "breadcrumb", "menu", "navbar"]) || is(&["nav"]),
                has(&["sidebar", "widget", "rail", "aside"]),
                has(&["footer", "copyright", "colophon"]),
                has(&[
                    "newsletter",
                    "subscri",
                    "signup",
                    "cookie",
                    "consent",
                    "paywall",
                ]),
                has(&["caption", "credit", "figure", "photo", "image", "gallery"]),
                has(&["byline", "author", "dateline", "published", "timestamp"])
                    || is(&["date", "meta", "time"]),
                is(&[
                    "tag",
                    "tags",
                    "topics",
                    "keywords",
                    "category",
                    "categories",
                ]),
                has(&[
                    "hidden",
                    "print-only",
                    "sr-only",
                    "screen-reader",
                    "visually",
                ]),
                has(&["content", "entry", "story", "text"]),
                has(&["article"]) || is(&["post", "main"]),
                is(&[
                    "body",
                    "articlebody",
                    "storybody",
                    "postbody",
                    "entrybody",
                    "bodytext",
                ]) || has(&["article-body", "story-body", "post-body", "entry-body"]),
                has(&["title", "headline"]),
            ];
            for (i, hit) in hits.into_iter().enumerate() {
                if hit {
                    f |= 1 << i;
                }
            }
        }
        f
    }
}

/// A run of text the way a browser lays it out: one paragraph, heading, list item or cell.
#[derive(Debug, Clone)]
pub struct Block {
    /// The text, white space collapsed, trimmed.
    pub text: String,
    /// Characters of the text.
    pub chars: u32,
    /// Characters inside `<a href>`.
    pub link_chars: u32,
    /// The nearest block element.
    pub tag: Tag,
    /// Ancestor flags ([`anc`]).
    pub anc: u32,
    /// `class`/`id` words of the block element, its parent and grandparent ([`word`]).
    pub near: u32,
    /// `class`/`id` words of any ancestor.
    pub far: u32,
    /// Element numbers of the nearest ancestors, outermost first (for container scores).
    pub path: Vec<u32>,
    /// Whether a `<br>` (rather than an element boundary) started this block.
    pub after_br: bool,
}

/// An open element during the walk.
struct Open {
    num: u32,
    anc: u32,
    words: u32,
    link: bool,
    block: Option<Tag>,
}

/// Ancestors kept per block: the nearest ones (bounds memory on deeply nested pages).
const MAX_PATH: usize = 32;

const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "button", "select", "option",
    "textarea", "input", "svg", "canvas", "iframe", "object", "embed", "video", "audio", "map",
    "dialog", "math",
];

fn block_tag(name: &str) -> Option<Tag> {
    Some(match name {
        "p" => Tag::P,
        "h1" => Tag::H1,
        "h2" | "h3" | "h4" | "h5" | "h6" => Tag::H,
        "li" | "dt" | "dd" => Tag::Li,
        "td" | "th" => Tag::Td,
        "blockquote" => Tag::Quote,
        "pre" => Tag::Pre,
        "figcaption" => Tag::Caption,
        "div" | "section" | "article" | "main" | "header" | "footer" | "nav" | "aside" | "ul"
        | "ol" | "dl" | "table" | "tr" | "tbody" | "thead" | "tfoot" | "caption" | "figure"
        | "form" | "fieldset" | "address" | "hr" | "details" | "summary" | "center" | "body"
        | "html" | "legend" | "hgroup" | "menu" | "picture" | "label" => Tag::Other,
        _ => return None,
    })
}

fn anc_flag(name: &str) -> u32 {
    match name {
        "article" => anc::ARTICLE,
        "main" => anc::MAIN,
        "nav" => anc::NAV,
        "aside" => anc::ASIDE,
        "footer" => anc::FOOTER,
        "header" => anc::HEADER,
        "figure" | "figcaption" => anc::FIGURE,
        "form" => anc::FORM,
        "ul" | "ol" | "dl" | "menu" => anc::LIST,
        "table" => anc::TABLE,
        "section" => anc::SECTION,
        "blockquote" => anc::QUOTE,
        "time" | "address" => anc::TIME,
        _ => 0,
    }
}

fn hidden(el: &scraper::node::Element) -> bool {
    if el.attr("hidden").is_some() {
        return true;
    }
    el.attr("style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Lays the document out into blocks, in reading order.
pub fn blocks(doc: &Html) -> Vec<Block> {
    let mut out = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut skip: Option<ego_tree::NodeId> = None;
    let mut cur = Current::default();
    let mut count = 0u32;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skip.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Element(el) => {
                        let name = el.name();
                        if SKIP.contains(&name) || hidden(el) {
                            skip = Some(node.id());
                            continue;
                        }
                        if name == "br" {
                            cur.flush(&stack, &mut out);
                            cur.after_br = true;
                            continue;
                        }
                        let block = block_tag(name);
                        if block.is_some() {
                            cur.flush(&stack, &mut out);
                        }
                        let parent = stack.last();
                        let mut anc = parent.map_or(0, |p| p.anc) | anc_flag(name);
                        if el
                            .attr("itemprop")
                            .is_some_and(|v| v.contains("articleBody"))
                        {
                            anc |= anc::ARTICLE_BODY;
                        }
                        if el.attr("role") == Some("main") {
                            anc |= anc::MAIN;
                        }
                        if el.attr("role") == Some("navigation") {
                            anc |= anc::NAV;
                        }
                        let words = el.attr("class").map_or(0, word::flags)
                            | el.attr("id").map_or(0, word::flags);
                        let link = parent.is_some_and(|p| p.link)
                            || (name == "a" && el.attr("href").is_some());
                        count += 1;
                        stack.push(Open {
                            num: count,
                            anc,
                            words,
                            link,
                            block,
                        });
                    }
                    Node::Text(t) => cur.push(t, stack.last().is_some_and(|o| o.link)),
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skip {
                    if id == node.id() {
                        skip = None;
                    }
                    continue;
                }
                if let Node::Element(el) = node.value() {
                    if el.name() == "br" {
                        continue;
                    }
                    if stack.last().is_some_and(|o| o.block.is_some()) {
                        cur.flush(&stack, &mut out);
                    }
                    stack.pop();
                }
            }
        }
    }
    cur.flush(&stack, &mut out);
    out
}

#[derive(Default)]
struct Current {
    text: String,
    chars: u32,
    link_chars: u32,
    space: bool,
    after_br: bool,
}

impl Current {
    fn push(&mut self, t: &str, link: bool) {
        for c in t.chars() {
            if c.is_whitespace() && c != '\u{a0}' || c == '\u{200b}' {
                self.space = true;
                continue;
            }
            if self.space && !self.text.is_empty() {
                self.text.push(' ');
                self.chars += 1;
            }
            self.space = false;
            let c = if c == '\u{a0}' { ' ' } else { c };
            self.text.push(c);
            self.chars += 1;
            self.link_chars += u32::from(link);
        }
    }

    fn flush(&mut self, stack: &[Open], out: &mut Vec<Block>) {
        let text = std::mem::take(&mut self.text);
        let (chars, link_chars) = (self.chars, self.link_chars);
        let after_br = self.after_br;
        *self = Current::default();
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let tag = stack
            .iter()
            .rev()
            .find_map(|o| o.block)
            .unwrap_or(Tag::Other);
        let tag = if after_br && tag != Tag::P {
            Tag::Other
        } else {
            tag
        };
        let near = stack.iter().rev().take(3).fold(0, |f, o| f | o.words);
        let far = stack.iter().fold(0, |f, o| f | o.words);
        out.push(Block {
            text: text.to_owned(),
            chars,
            link_chars: link_chars.min(chars),
            tag,
            anc: stack.last().map_or(0, |o| o.anc),
            near,
            far,
            path: stack[stack.len().saturating_sub(MAX_PATH)..]
                .iter()
                .map(|o| o.num)
                .collect(),
            after_br,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        blocks(&Html::parse_document(html))
            .into_iter()
            .map(|b| b.text)
            .collect()
    }

    #[test]
    fn layout() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body>\
            <nav><a href=/>Home</a> <a href=/w>World</a></nav>\
            <article><h1>Big  news</h1><p>One &amp; two,\n   three.<br>Four</p>\
            <script>var x = '<p>no</p>';</script><noscript>Enable JS</noscript>\
            <div hidden>secret</div><p style='display: none'>gone</p>\
            <ul><li>a</li><li>b <b>bold</b></li></ul></article></body></html>";
        assert_eq!(
            texts(html),
            [
                "Home World",
                "Big news",
                "One & two, three.",
                "Four",
                "a",
                "b bold"
            ]
        );
        let bs = blocks(&Html::parse_document(html));
        assert_eq!(bs[0].link_chars, 9);
        assert!(bs[0].anc & anc::NAV != 0);
        assert_eq!(bs[1].tag, Tag::H1);
        assert!(bs[2].anc & anc::ARTICLE != 0);
        assert!(bs[3].after_br);
        assert_eq!(bs[4].tag, Tag::Li);
    }

    #[test]
    fn words() {
        assert_ne!(word::flags("comments-list") & 1, 0);
        assert_ne!(word::flags("article-body") & (1 << 14), 0);
        assert_eq!(word::flags("header") & (1 << 3), 0);
        assert_ne!(word::flags("top ad") & (1 << 3), 0);
    }

    #[test]
    fn deep_nesting_is_flattened_fast() {
        // Without the depth guard html5ever takes about a minute on this (quadratic).
        let html = "<div>".repeat(100_000) + "<p>x</p>";
        let a = crate::analyze(&html);
        assert!(a.flattened);
        assert_eq!(a.blocks.len(), 1);
        assert_eq!(a.blocks[0].text, "x");
    }
}
