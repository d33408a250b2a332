//! A guard against pathologically deep pages.
//!
//! html5ever checks element scopes by walking its stack of open elements, so a page with
//! n nested `<div>`s takes time quadratic in n (100,000 take about a minute). Browsers cap the
//! depth of the tree instead. A cheap scan of the tags estimates the nesting depth; past
//! [`MAX_DEPTH`] the page is flattened (every tag but a few that carry paragraph structure is
//! removed) before parsing, and the caller warns.

use std::borrow::Cow;

/// Estimated nesting beyond which a page is flattened. Real pages stay far below it.
pub const MAX_DEPTH: usize = 1500;

/// Elements that never nest (void) or close themselves when a sibling opens.
const NO_NEST: &[&[u8]] = &[
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"source",
    b"track",
    b"wbr",
    b"param",
    b"p",
    b"li",
    b"dt",
    b"dd",
    b"tr",
    b"td",
    b"th",
    b"option",
    b"optgroup",
    b"tbody",
    b"thead",
    b"tfoot",
    b"colgroup",
    b"rb",
    b"rp",
    b"rt",
];

/// Tags kept when a page is flattened.
const KEEP: &[&[u8]] = &[
    b"p", b"br", b"h1", b"h2", b"h3", b"h4", b"h5", b"h6", b"li", b"title", b"meta", b"html",
    b"head", b"body",
];

fn tag_name(b: &[u8]) -> &[u8] {
    let end = b
        .iter()
        .position(|c| !c.is_ascii_alphanumeric())
        .unwrap_or(b.len());
    &b[..end]
}

fn is(name: &[u8], set: &[&[u8]]) -> bool {
    set.iter().any(|s| s.eq_ignore_ascii_case(name))
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut i = 0;
    while let Some(off) = memchr::memchr(first, &hay[i..]) {
        let at = i + off;
        if hay.len() - at >= needle.len() && hay[at..at + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// The page, flattened when its estimated nesting is deeper than [`MAX_DEPTH`]; the flag says
/// whether it was.
pub fn guard(html: &str) -> (Cow<'_, str>, bool) {
    let b = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let at = i + off + 1;
        i = at;
        match b.get(at) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let name = tag_name(&b[at..]);
                if is(name, &[b"script", b"style", b"textarea"]) {
                    // Raw text: `i<n` inside is no tag. Jump to the end tag.
                    let close = [b"</", name].concat();
                    i = find_ci(&b[at..], &close).map_or(b.len(), |e| at + e + close.len());
                    continue;
                }
                if !is(name, NO_NEST) {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
            }
            _ => {}
        }
    }
    if deepest <= MAX_DEPTH {
        return (Cow::Borrowed(html), false);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let tag = &rest[lt + 1..];
        let name = tag_name(tag.strip_prefix('/').unwrap_or(tag).as_bytes());
        let end = tag.find('>').map_or(tag.len(), |e| e + 1);
        if !name.is_empty() && !is(name, KEEP) {
            out.push(' ');
        } else {
            out.push('<');
            out.push_str(&tag[..end]);
        }
        rest = &tag[end..];
    }
    out.push_str(rest);
    (Cow::Owned(out), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_only_deep_pages() {
        let normal = "<div><p>a<p>b<ul><li>c<li>d</ul><img src=x><br></div>".repeat(1000)
            + &"<script>for(i=0;i<n;i++){}</script>".repeat(2000);
        assert!(!guard(&normal).1);
        let deep = "<div><span>".repeat(2000) + "<p>text</p>";
        let (flat, flattened) = guard(&deep);
        assert!(flattened);
        assert!(!flat.contains("<div"));
        assert!(flat.contains("<p>text</p>"));
    }
}
