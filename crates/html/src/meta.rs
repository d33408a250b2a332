//! Metadata from the page's markup: JSON-LD (`NewsArticle` and its kin, also inside
//! `@graph`), OpenGraph and `article:` properties, `<meta name=…>`, `<time datetime>`, `<h1>`,
//! `<title>`, `<html lang>` and `<link rel=canonical>`. JSON-LD wins over OpenGraph, which
//! wins over plain meta tags, which win over the visible markup.

use scraper::{Html, Node};
use serde_json::Value;

/// What the markup says about the article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlMeta {
    /// The headline.
    pub title: Option<String>,
    /// Publication date, ISO 8601 (`2022-01-10`).
    pub date: Option<String>,
    /// Author names.
    pub authors: Vec<String>,
    /// The publication.
    pub publisher: Option<String>,
    /// ISO 639-1 language code.
    pub language: Option<String>,
    /// The canonical URL.
    pub canonical_url: Option<String>,
}

#[derive(Default)]
struct Found {
    lang: Option<String>,
    title_tag: Option<String>,
    h1: Option<String>,
    time: Option<String>,
    canonical: Option<String>,
    /// `(key, content)` of `<meta name|property|itemprop>`, key lowercase.
    metas: Vec<(String, String)>,
    ld: Vec<Value>,
}

impl Found {
    fn meta(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| {
            self.metas
                .iter()
                .find(|(key, v)| key == k && !v.trim().is_empty())
                .map(|(_, v)| clean(v))
        })
    }
}

/// Reads the metadata of a parsed page.
pub fn extract(doc: &Html) -> HtmlMeta {
    let f = collect(doc);
    let article = f.ld.iter().find_map(find_article);
    let ld = |key: &str| article.and_then(|a| a.get(key));
    let ld_str = |key: &str| ld(key).and_then(text_of);

    let title = ld_str("headline")
        .or_else(|| f.meta(&["og:title", "twitter:title", "title", "dc.title"]))
        .or_else(|| f.h1.clone())
        .or_else(|| f.title_tag.clone());
    let date = ld_str("datePublished")
        .or_else(|| {
            f.meta(&[
                "article:published_time",
                "datepublished",
                "date",
                "pubdate",
                "publishdate",
                "publish-date",
                "dc.date",
                "dc.date.issued",
                "sailthru.date",
                "parsely-pub-date",
                "og:published_time",
            ])
        })
        .or_else(|| f.time.clone())
        .and_then(|d| iso_date(&d));
    let publisher = ld("publisher")
        .and_then(name_of)
        .or_else(|| f.meta(&["og:site_name", "application-name"]));
    let mut authors: Vec<String> = match ld("author") {
        Some(Value::Array(items)) => items.iter().filter_map(name_of).collect(),
        Some(v) => name_of(v).into_iter().collect(),
        None => Vec::new(),
    };
    if authors.is_empty() {
        let raw = f.meta(&[
            "author",
            "article:author",
            "dc.creator",
            "byl",
            "parsely-author",
        ]);
        authors = raw.map(|r| split_names(&r)).unwrap_or_default();
    }
    authors.retain(|a| !looks_like_url(a) && Some(a) != publisher.as_ref());
    authors.dedup();
    let language = f
        .lang
        .clone()
        .or_else(|| ld_str("inLanguage"))
        .or_else(|| f.meta(&["og:locale", "content-language", "language"]))
        .and_then(|l| lang_code(&l));
    let canonical_url = f
        .canonical
        .clone()
        .or_else(|| f.meta(&["og:url"]))
        .or_else(|| ld_str("url"))
        .filter(|u| looks_like_url(u));
    HtmlMeta {
        title,
        date,
        authors,
        publisher,
        language,
        canonical_url,
    }
}

fn collect(doc: &Html) -> Found {
    let mut f = Found::default();
    for node in doc.tree.nodes() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        let text = || {
            let mut s = String::new();
            for d in node.descendants() {
                if let Node::Text(t) = d.value() {
                    s.push_str(t);
                }
            }
            clean(&s)
        };
        match el.name() {
            "html" => f.lang = el.attr("lang").map(str::to_owned),
            "title" if f.title_tag.is_none() => {
                f.title_tag = Some(text()).filter(|t| !t.is_empty())
            }
            "h1" if f.h1.is_none() => f.h1 = Some(text()).filter(|t| !t.is_empty()),
            "time" if f.time.is_none() => f.time = el.attr("datetime").map(str::to_owned),
            "link"
                if f.canonical.is_none()
                    && el
                        .attr("rel")
                        .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                f.canonical = el.attr("href").map(str::to_owned);
            }
            "meta" => {
                let key = el
                    .attr("property")
                    .or_else(|| el.attr("name"))
                    .or_else(|| el.attr("itemprop"));
                if let (Some(k), Some(v)) = (key, el.attr("content")) {
                    f.metas.push((k.to_ascii_lowercase(), v.to_owned()));
                }
            }
            "script"
                if el
                    .attr("type")
                    .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) =>
            {
                let raw: String = node
                    .children()
                    .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                    .collect();
                if let Ok(v) = serde_json::from_str::<Value>(raw.trim()) {
                    f.ld.push(v);
                }
            }
            _ => {}
        }
    }
    f
}

/// The first object in a JSON-LD value (or its `@graph`, or an array) whose `@type` is an
/// article.
fn find_article(v: &Value) -> Option<&Value> {
    // Iterative, bounded: hostile JSON-LD can nest deeply.
    let mut todo = vec![v];
    let mut seen = 0;
    while let Some(v) = todo.pop() {
        seen += 1;
        if seen > 10_000 {
            return None;
        }
        match v {
            Value::Array(items) => todo.extend(items.iter().rev()),
            Value::Object(map) => {
                if map.get("@type").is_some_and(is_article_type) {
                    return Some(v);
                }
                if let Some(g) = map.get("@graph") {
                    todo.push(g);
                }
            }
            _ => {}
        }
    }
    None
}

fn is_article_type(t: &Value) -> bool {
    match t {
        Value::String(s) => {
            s.ends_with("Article") || s == "BlogPosting" || s == "Report" || s == "LiveBlogPosting"
        }
        Value::Array(items) => items.iter().any(is_article_type),
        _ => false,
    }
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(clean(s)).filter(|s| !s.is_empty()),
        Value::Array(items) => items.first().and_then(text_of),
        Value::Object(map) => map.get("@id").or_else(|| map.get("url")).and_then(text_of),
        _ => None,
    }
}

/// The name of a person or organisation: a string, or an object's `name`.
fn name_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(clean(s)).filter(|s| !s.is_empty()),
        Value::Object(map) => map.get("name").and_then(|n| match n {
            Value::String(s) => Some(clean(s)).filter(|s| !s.is_empty()),
            _ => None,
        }),
        Value::Array(items) => items.first().and_then(name_of),
        _ => None,
    }
}

/// `By Ann Lee and Bo Chan` → `["Ann Lee", "Bo Chan"]`.
fn split_names(raw: &str) -> Vec<String> {
    let raw = raw.trim();
    let raw = ["By ", "by ", "BY "]
        .iter()
        .find_map(|p| raw.strip_prefix(p))
        .unwrap_or(raw);
    raw.split([',', ';', '&', '|'])
        .flat_map(|p| p.split(" and "))
        .map(clean)
        .filter(|s| !s.is_empty())
        .collect()
}

fn looks_like_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("//")
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `2021-03-04T10:00:00Z` → `2021-03-04`; anything without an ISO date prefix → `None`.
fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    if digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
    {
        let (m, d): (u32, u32) = (s[5..7].parse().ok()?, s[8..10].parse().ok()?);
        if (1..=12).contains(&m) && (1..=31).contains(&d) {
            return Some(s[..10].to_owned());
        }
    }
    None
}

/// `en-US` → `en`.
fn lang_code(s: &str) -> Option<String> {
    let code: String = s
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    (code.len() == 2 || code.len() == 3).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(html: &str) -> HtmlMeta {
        extract(&Html::parse_document(html))
    }

    #[test]
    fn dates_and_names() {
        assert_eq!(
            iso_date("2021-03-04T10:00:00Z").as_deref(),
            Some("2021-03-04")
        );
        assert_eq!(iso_date("2021-13-04"), None);
        assert_eq!(iso_date("March 4"), None);
        assert_eq!(
            split_names("By Ann Lee and Bo Chan"),
            ["Ann Lee", "Bo Chan"]
        );
        assert_eq!(lang_code("en-US").as_deref(), Some("en"));
    }

    #[test]
    fn graph_and_fallbacks() {
        let m = meta(
            r#"<html lang="de-AT"><head><script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},
            {"@type":["NewsArticle"],"headline":"Brücke gesperrt","datePublished":"2024-05-01T08:00:00+02:00",
             "author":[{"@type":"Person","name":"Eva Huber"},{"name":"Max Graf"}],
             "publisher":{"@type":"Organization","name":"Linzer Blatt"}}]}
            </script><link rel="canonical" href="https://example.org/a"></head><body><h1>Other</h1></body></html>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Brücke gesperrt"));
        assert_eq!(m.date.as_deref(), Some("2024-05-01"));
        assert_eq!(m.authors, ["Eva Huber", "Max Graf"]);
        assert_eq!(m.publisher.as_deref(), Some("Linzer Blatt"));
        assert_eq!(m.language.as_deref(), Some("de"));
        assert_eq!(m.canonical_url.as_deref(), Some("https://example.org/a"));
        let bare = meta(
            "<title>T | Site</title><body><h1> The  Head </h1><time datetime='2020-02-02'>x</time>",
        );
        assert_eq!(bare.title.as_deref(), Some("The Head"));
        assert_eq!(bare.date.as_deref(), Some("2020-02-02"));
        let broken = meta("<script type='application/ld+json'>{not json</script><title>T</title>");
        assert_eq!(broken.title.as_deref(), Some("T"));
    }
}
