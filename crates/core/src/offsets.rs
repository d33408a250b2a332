//! Byte offset → code point offset conversion.

use std::cell::Cell;

use crate::Span;

/// Block size of the index: a lookup scans at most this many bytes.
const BLOCK: usize = 64;

/// Converts byte offsets into a text to Unicode code point offsets in O(1) amortised time.
///
/// ASCII text needs no table. Otherwise the index keeps the code point count at every 64-byte
/// block boundary (one `u32` per block) and counts the rest of the block on lookup.
/// Lookups in text order (the common case: layers are sorted) count on from the previous one.
#[derive(Debug)]
pub struct CharIndex<'a> {
    text: &'a str,
    /// `blocks[i]` = code points before byte `i * BLOCK`; empty for ASCII text.
    blocks: Vec<u32>,
    /// The last lookup: (byte, code points before it).
    last: Cell<(usize, usize)>,
}

impl<'a> CharIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        if bytes.is_ascii() {
            return CharIndex {
                text,
                blocks: Vec::new(),
                last: Cell::new((0, 0)),
            };
        }
        let mut blocks = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut count = 0u32;
        for chunk in bytes.chunks(BLOCK) {
            blocks.push(count);
            count += chunk.iter().filter(|&&b| !is_continuation(b)).count() as u32;
        }
        blocks.push(count);
        CharIndex {
            text,
            blocks,
            last: Cell::new((0, 0)),
        }
    }

    /// The code point offset of byte offset `byte` (which must be on a char boundary or at
    /// the end; a larger offset is clamped to the end).
    pub fn char(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if self.blocks.is_empty() {
            return byte;
        }
        let (last_byte, last_char) = self.last.get();
        let block = byte / BLOCK;
        let (start, before) = if last_byte <= byte && byte - last_byte < BLOCK {
            (last_byte, last_char)
        } else {
            (block * BLOCK, self.blocks[block] as usize)
        };
        let chars = before
            + self.text.as_bytes()[start..byte]
                .iter()
                .filter(|&&b| !is_continuation(b))
                .count();
        self.last.set((byte, chars));
        chars
    }

    /// A span as `[start, end]` code point offsets.
    pub fn span(&self, span: Span) -> [usize; 2] {
        [self.char(span.start), self.char(span.end)]
    }
}

const fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_char_indices() {
        let text = "Ryabkov’s “talks” — naïve 日本語 ".repeat(20);
        let ix = CharIndex::new(&text);
        for (n, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(ix.char(b), n);
        }
        // Out of order too.
        let all: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        for (n, &b) in all.iter().enumerate().rev().step_by(7) {
            assert_eq!(ix.char(b), n);
            assert_eq!(ix.char(all[n / 2]), n / 2);
        }
        assert_eq!(ix.char(text.len()), text.chars().count());
    }

    #[test]
    fn ascii_is_identity() {
        let ix = CharIndex::new("plain text");
        assert_eq!(ix.span(Span::new(6, 10)), [6, 10]);
    }
}
