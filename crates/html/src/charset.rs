//! Bytes → text: the HTML encoding sniffing order of the WHATWG spec, shortened.

use encoding_rs::Encoding;

/// Decodes HTML bytes. The encoding comes from, in order: a byte-order mark, the
/// `charset` of an HTTP `Content-Type` header (`http_content_type`, e.g. from a WARC record),
/// a `<meta charset>` or `<meta http-equiv="Content-Type">` in the first 4 KiB, then UTF-8 if
/// the bytes are valid UTF-8, else Windows-1252. Returns the text and a warning when bytes
/// had to be replaced.
pub fn decode_html(bytes: &[u8], http_content_type: Option<&str>) -> (String, Option<String>) {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return finish(enc, &bytes[bom..]);
    }
    let declared = http_content_type
        .and_then(charset_param)
        .or_else(|| meta_charset(&bytes[..bytes.len().min(4096)]));
    if let Some(enc) = declared {
        // A page that says Latin-1 or ASCII but is valid UTF-8 is UTF-8 (a common mistake).
        if enc != encoding_rs::UTF_8
            && enc.is_ascii_compatible()
            && std::str::from_utf8(bytes).is_ok()
        {
            return finish(encoding_rs::UTF_8, bytes);
        }
        return finish(enc, bytes);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), None),
        Err(_) => finish(encoding_rs::WINDOWS_1252, bytes),
    }
}

fn finish(enc: &'static Encoding, bytes: &[u8]) -> (String, Option<String>) {
    // UTF-16 declared in a meta tag cannot be (the tag itself was read as ASCII).
    let enc = enc.output_encoding();
    let (text, errors) = enc.decode_without_bom_handling(bytes);
    let warning = errors.then(|| format!("invalid {} bytes replaced", enc.name()));
    (text.into_owned(), warning)
}

/// The `charset=` parameter of a `Content-Type` value.
pub fn charset_param(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = lower[at + 7..].trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(rest.len());
    Encoding::for_label(&rest.as_bytes()[..end])
}

/// A charset named by a `<meta>` tag in the prefix of a page.
fn meta_charset(prefix: &[u8]) -> Option<&'static Encoding> {
    let mut i = 0;
    while let Some(pos) = find_ci(&prefix[i..], b"<meta") {
        let start = i + pos + 5;
        let end = prefix[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(prefix.len(), |e| start + e);
        let tag = String::from_utf8_lossy(&prefix[start..end]);
        if let Some(enc) = charset_param(&tag) {
            return Some(enc);
        }
        i = end;
    }
    None
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        let latin = b"<html><head><meta charset=\"iso-8859-1\"></head><p>caf\xe9</p>";
        assert!(decode_html(latin, None).0.contains("café"));
        let equiv =
            b"<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>\xcf\xf0";
        assert!(decode_html(equiv, None).0.ends_with("Пр"));
        let header = decode_html(b"<p>\xe9</p>", Some("text/html; charset=ISO-8859-1")).0;
        assert_eq!(header, "<p>é</p>");
        assert_eq!(decode_html(b"\xEF\xBB\xBF<p>x", None).0, "<p>x");
        // Declared Latin-1 but valid UTF-8.
        let utf8 = "<meta charset=latin1><p>café</p>";
        assert!(decode_html(utf8.as_bytes(), None).0.contains("café"));
        let (_, warning) = decode_html(b"<meta charset=utf-8><p>\xff</p>", None);
        assert!(warning.is_some());
    }
}
