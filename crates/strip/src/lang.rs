//! Small stop-word lists for a few languages, script counts and a cheap language guess.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// A fast non-cryptographic hasher for short keys (the FxHash mixing step).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(c);
            self.add(u64::from_le_bytes(buf));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_u128(&mut self, i: u128) {
        self.add(i as u64);
        self.add((i >> 64) as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// `HashMap` with [`FxHasher`].
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

struct StopTable {
    map: FxMap<u128, u16>,
    max_len: usize,
    /// For each byte length, a bit per (lowercased first byte & 63) that some stop word has.
    first: [u64; 17],
}

/// Languages with a stop list, in bit order.
pub(crate) const LANGS: [&str; 9] = ["en", "de", "fr", "es", "it", "pt", "nl", "id", "ru"];
/// Number of stop-listed languages.
pub(crate) const NLANG: usize = LANGS.len();

const EN: &str = "the of and to a in is that for it as was with be by on not he i this are or his \
from at which but have an they you were her she there been one all we their has would when if \
so no will can more its also who into than them these our after said over about up out new";
const DE: &str = "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als \
auch es an er hat aus bei sind wird noch wie einem über einen so zum war haben nur oder aber vor \
zur bis mehr durch man sie ich wir werden können kann diese dass";
const FR: &str = "le la les de des du et en un une est que qui dans pour pas au aux sur par plus \
ne se ce il elle sont avec son sa ses ont été mais ou nous vous leur comme cette tout être fait";
const ES: &str = "el la los las de del y en un una es que por con para no se su sus al lo como más \
pero fue ha son está este esta entre cuando muy sin sobre también hasta desde hay donde";
const IT: &str = "il lo la i gli le di del della dei delle e in un una è che per con non si da al \
alla sono come più ma anche nel nella questo questa ha hanno essere tra su dopo";
const PT: &str = "o a os as de do da dos das e em um uma é que para com não se por no na nos nas ao \
aos mais como mas foi ser são está pelo pela ele ela seu sua também já quando muito entre";
const NL: &str = "de het een en van in is dat op te zijn voor met die niet aan er om ook als bij \
door maar dan of naar nog wel wordt worden deze kan geen hij zij ze";
const ID: &str = "yang dan di ke dari ini itu dengan untuk tidak dalam akan pada juga ada oleh \
karena atau saya kami mereka ia dia telah sudah bisa lebih seperti sebagai bahwa adalah para";
const RU: &str = "и в не на что с по как он это а к из но у за от то для же все она так его о \
бы только мы вы они было был была были уже или ее ещё еще при если также чтобы";

fn table() -> &'static StopTable {
    static TABLE: OnceLock<StopTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map: FxMap<u128, u16> = FxMap::default();
        let mut max_len = 0;
        let mut first = [0u64; 17];
        for (bit, list) in [EN, DE, FR, ES, IT, PT, NL, ID, RU].into_iter().enumerate() {
            for w in list.split_whitespace().filter(|w| w.len() <= 16) {
                *map.entry(pack(w)).or_insert(0) |= 1 << bit;
                max_len = max_len.max(w.len());
                first[w.len()] |= 1 << (w.as_bytes()[0] & 63);
            }
        }
        StopTable {
            map,
            max_len,
            first,
        }
    })
}

/// Stop-word language mask of one word (any case), 0 when it is on no list.
pub(crate) fn stop_mask(word: &str) -> u16 {
    let table = table();
    let n = word.len();
    if n > table.max_len || n > 16 || n == 0 {
        return 0;
    }
    let b0 = word.as_bytes()[0];
    let b0 = if b0.is_ascii() {
        b0.to_ascii_lowercase()
    } else {
        b0
    };
    // Cyrillic capitals share no first byte with their lower case; skip the filter for them.
    if b0.is_ascii() && table.first[n] & (1 << (b0 & 63)) == 0 {
        return 0;
    }
    let packed = pack(word);
    let key = if packed & ASCII_HIGH_BITS == 0 {
        ascii_lowercase(packed)
    } else if word.chars().any(char::is_uppercase) {
        let lower = word.to_lowercase();
        if lower.len() > 16 {
            return 0;
        }
        pack(&lower)
    } else {
        pack(word)
    };
    table.map.get(&key).copied().unwrap_or(0)
}

/// A word of at most 16 bytes packed into an integer (zero-padded; UTF-8 text has no NUL).
fn pack(word: &str) -> u128 {
    let mut buf = [0u8; 16];
    let n = word.len().min(16);
    buf[..n].copy_from_slice(&word.as_bytes()[..n]);
    u128::from_le_bytes(buf)
}

/// The high bit of every byte: a packed word is ASCII when none is set.
const ASCII_HIGH_BITS: u128 = u128::from_le_bytes([0x80; 16]);

/// Lowercases every `A`–`Z` in a packed ASCII word at once: a byte `b < 0x80` is upper case
/// when `b + 0x3f` reaches 0x80 (b ≥ `A`) and `b + 0x25` does not (b ≤ `Z`); no sum carries
/// into the next byte.
fn ascii_lowercase(packed: u128) -> u128 {
    let ge_a = packed + u128::from_le_bytes([0x3f; 16]);
    let gt_z = packed + u128::from_le_bytes([0x25; 16]);
    let upper = ge_a & !gt_z & ASCII_HIGH_BITS;
    packed | (upper >> 2)
}

/// Whether `c` is a Japanese or Korean particle-like character (a cheap "stop word" for
/// scripts without spaces).
pub(crate) fn is_cjk_particle(c: char) -> bool {
    matches!(
        c,
        'の' | 'は'
            | 'が'
            | 'を'
            | 'に'
            | 'で'
            | 'と'
            | 'た'
            | 'て'
            | 'す'
            | '은'
            | '는'
            | '이'
            | '가'
            | '을'
            | '를'
            | '에'
            | '의'
            | '다'
            | '고'
            | '的'
            | '了'
            | '是'
            | '在'
    )
}

/// Script of a character, coarsely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Script {
    Latin,
    Cyrillic,
    Hangul,
    Kana,
    Han,
    Other,
}

pub(crate) fn script(c: char) -> Script {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F => Script::Latin,
        0x400..=0x4FF => Script::Cyrillic,
        0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => Script::Hangul,
        0x3040..=0x30FF => Script::Kana,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF => Script::Han,
        _ => Script::Other,
    }
}

/// Page-level counts used to guess the language.
#[derive(Debug, Clone, Default)]
pub(crate) struct LangCounts {
    pub stop: [u32; NLANG],
    pub latin: u32,
    pub cyrillic: u32,
    pub hangul: u32,
    pub kana: u32,
    pub han: u32,
}

impl LangCounts {
    /// The index into [`LANGS`] of the best stop list (English when nothing matches).
    pub fn best_stop_list(&self) -> usize {
        let mut best = 0;
        for i in 1..NLANG {
            if self.stop[i] > self.stop[best] {
                best = i;
            }
        }
        best
    }

    /// Whether the page is written mostly in a script without spaces between words.
    pub fn is_cjk(&self) -> bool {
        let cjk = self.hangul + self.kana + self.han;
        cjk > self.latin + self.cyrillic
    }

    /// ISO 639-1 code, or None when the evidence is too thin.
    pub fn guess(&self) -> Option<&'static str> {
        if self.is_cjk() {
            return Some(if self.hangul > self.kana + self.han / 4 {
                "ko"
            } else if self.kana > 0 {
                "ja"
            } else {
                "zh"
            });
        }
        let best = self.best_stop_list();
        if self.stop[best] < 5 {
            return None;
        }
        Some(LANGS[best])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_ascii_lowercase_is_per_byte_lowercase() {
        let words = [
            "The",
            "THE",
            "aZ@[`{",
            "Read-More_2024!",
            "abcdefghijklmnop",
            "",
            "~\x7f",
        ];
        let all: String = (0u8..0x80).map(char::from).collect();
        for w in words.into_iter().chain(
            all.as_bytes()
                .chunks(16)
                .map(|c| std::str::from_utf8(c).unwrap()),
        ) {
            let expected = pack(&w.to_ascii_lowercase());
            assert_eq!(ascii_lowercase(pack(w)), expected, "{w:?}");
            assert_eq!(pack(w) & ASCII_HIGH_BITS, 0);
        }
        assert_ne!(pack("né") & ASCII_HIGH_BITS, 0);
    }

    fn check(text: &str, expected: Option<&str>) {
        let mut counts = LangCounts::default();
        for w in text.split(|c: char| !c.is_alphanumeric()) {
            let m = stop_mask(w);
            for (i, n) in counts.stop.iter_mut().enumerate() {
                if m & (1 << i) != 0 {
                    *n += 1;
                }
            }
        }
        for c in text.chars() {
            match script(c) {
                Script::Latin => counts.latin += 1,
                Script::Cyrillic => counts.cyrillic += 1,
                Script::Hangul => counts.hangul += 1,
                Script::Kana => counts.kana += 1,
                Script::Han => counts.han += 1,
                Script::Other => {}
            }
        }
        assert_eq!(counts.guess(), expected, "{text}");
    }

    #[test]
    fn guesses() {
        check(
            "The mayor said that the bridge would be closed for repairs until the end of the month.",
            Some("en"),
        );
        check(
            "Der Bürgermeister sagte, dass die Brücke bis zum Ende des Monats für Reparaturen gesperrt ist und nicht mehr offen sein wird.",
            Some("de"),
        );
        check(
            "O prefeito disse que a ponte ficará fechada para obras até o fim do mês, e que não há uma data para a reabertura.",
            Some("pt"),
        );
        check(
            "Мэр сказал, что мост будет закрыт на ремонт до конца месяца, и что это не первый раз, когда он закрыт.",
            Some("ru"),
        );
        check(
            "시장은 다리가 이달 말까지 수리를 위해 폐쇄된다고 말했다.",
            Some("ko"),
        );
        check("ok", None);
    }

    #[test]
    fn mixed_case_lookup() {
        assert_ne!(stop_mask("The"), 0);
        assert_ne!(stop_mask("THE"), 0);
        assert_eq!(stop_mask("Geneva"), 0);
        assert_ne!(stop_mask("Und"), 0);
        assert_ne!(stop_mask("Что"), 0);
    }
}
