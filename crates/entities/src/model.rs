//! The model: quantised perceptron weights, `2^bits` buckets × 17 labels, and its compact
//! file format.
//!
//! In memory, most buckets are empty: a bucket index maps each bucket to a row of 17 weights
//! (row 0: all zeros), and each row fills one 64-byte cache line, so scoring a feature reads
//! at most one line of weights (and none for an empty bucket) from a table a fraction of the
//! dense one's size.
//!
//! File layout (little endian): magic `CDNER\0\0\x02`; `u32` hash bits; `u32` labels;
//! `u32` flags (1: two passes);
//! `u64` gazetteer checksum (0: trained without gazetteer); `f32` scale; `u32` length +
//! UTF-8 description; `u64` weight count; the weights as LEB128 pairs (run of zeros,
//! zig-zag value); `u64` checksum of everything before it.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::ModelError;
use crate::features::transition_features;
use crate::hash::hash_bytes;
use crate::label::NL;

/// Largest hash size a model may have (2^24 buckets: 570 MB of weights in memory).
pub(crate) const MAX_HASH_BITS: u32 = 24;

const MAGIC: &[u8; 8] = b"CDNER\0\0\x02";

/// The largest model file read (the largest model, 2^24 buckets, is far smaller).
pub(crate) const MAX_MODEL_BYTES: u64 = 1 << 30;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// The weights of one bucket, one per label, in a cache line of their own.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C, align(64))]
struct Row([i16; NL]);

/// Weights of `2^bits` buckets stored as a bucket index into distinct non-zero rows.
#[derive(Debug, Clone)]
struct Weights {
    /// Row of each bucket (0: the zero row).
    index: Vec<u32>,
    /// `rows[0]` is all zeros.
    rows: Vec<Row>,
}

impl Weights {
    /// Builds the table from `(position, weight)` pairs in increasing position order
    /// (position = bucket × NL + label) of a dense table of `2^bits` buckets.
    fn from_sparse(bits: u32, pairs: impl IntoIterator<Item = (usize, i16)>) -> Weights {
        let mut index = vec![0u32; 1usize << bits];
        let mut rows = vec![Row([0; NL])];
        let mut current: Option<usize> = None;
        for (at, w) in pairs {
            let (b, l) = (at / NL, at % NL);
            if current != Some(b) {
                current = Some(b);
                index[b] = rows.len() as u32;
                rows.push(Row([0; NL]));
            }
            if let Some(r) = rows.last_mut() {
                r.0[l] = w;
            }
        }
        rows.shrink_to_fit();
        Weights { index, rows }
    }

    #[inline]
    fn row(&self, bucket: usize) -> &[i16; NL] {
        &self.rows[self.index[bucket] as usize].0
    }

    /// Every weight in dense order (bucket × NL + label).
    fn dense(&self) -> impl Iterator<Item = i16> + '_ {
        self.index
            .iter()
            .flat_map(move |&r| self.rows[r as usize].0.iter().copied())
    }
}

/// A trained entity tagger model.
#[derive(Debug, Clone)]
pub struct Model {
    bits: u32,
    weights: Weights,
    scale: f32,
    gazetteer: u64,
    two_pass: bool,
    description: String,
    /// Process-unique id, keys the per-thread feature cache.
    id: u64,
    /// Dense sums of the previous-label features.
    transitions: Transitions,
}

/// The weights of the previous-label features as dense tables, indexed by label (`START`
/// included), so the tagger adds them without hashing.
#[derive(Debug, Clone)]
pub(crate) struct Transitions {
    table: Vec<[i32; NL]>,
}

impl Transitions {
    const PREV: usize = NL + 1;

    fn new(bits: u32, weights: &Weights) -> Transitions {
        let row = |h: u64| -> [i32; NL] { weights.row(bucket(h, bits)).map(i32::from) };
        let mut table = Vec::with_capacity(Self::PREV * Self::PREV);
        for prev2 in 0..Self::PREV as u8 {
            for prev1 in 0..Self::PREV as u8 {
                let [f1, f2] = transition_features(prev1, prev2);
                let (a, b) = (row(f1), row(f2));
                let mut sum = [0i32; NL];
                for k in 0..NL {
                    sum[k] = a[k] + b[k];
                }
                table.push(sum);
            }
        }
        Transitions { table }
    }

    /// The summed transition weights for `prev1` after `prev2`.
    #[inline]
    pub(crate) fn row(&self, prev1: u8, prev2: u8) -> &[i32; NL] {
        let ix = usize::from(prev2).min(Self::PREV - 1) * Self::PREV
            + usize::from(prev1).min(Self::PREV - 1);
        &self.table[ix]
    }
}

/// The model shipped with the crate, trained on CoNLL-2003 English and the open sets (README).
const EMBEDDED: &[u8] = include_bytes!("../model/news.cdner");
/// Its caseless companion, trained on the same data lower-cased (for text in one case).
const EMBEDDED_CASELESS: &[u8] = include_bytes!("../model/news-caseless.cdner");

impl Model {
    /// A model from a dense table of `2^bits × NL` weights.
    pub(crate) fn new(
        bits: u32,
        weights: Vec<i16>,
        scale: f32,
        gazetteer: u64,
        two_pass: bool,
        description: String,
    ) -> Model {
        let pairs = weights.iter().enumerate().filter(|p| *p.1 != 0);
        let weights = Weights::from_sparse(bits, pairs.map(|(at, &w)| (at, w)));
        Model::from_weights(bits, weights, scale, gazetteer, two_pass, description)
    }

    fn from_weights(
        bits: u32,
        weights: Weights,
        scale: f32,
        gazetteer: u64,
        two_pass: bool,
        description: String,
    ) -> Model {
        let transitions = Transitions::new(bits, &weights);
        Model {
            transitions,
            bits,
            weights,
            scale,
            gazetteer,
            two_pass,
            description,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        }
    }

    pub(crate) fn with_description(mut self, description: String) -> Model {
        self.description = description;
        self
    }

    /// The model embedded in the crate.
    pub fn embedded() -> Result<Model, ModelError> {
        Model::from_bytes(EMBEDDED)
    }

    /// The caseless model embedded in the crate, for text written all in capitals or all in
    /// lower case.
    pub fn embedded_caseless() -> Result<Model, ModelError> {
        Model::from_bytes(EMBEDDED_CASELESS)
    }

    /// Reads a model file: a regular file, no larger than 1 GiB, whose magic
    /// bytes are checked before the rest is read.
    pub fn load(path: impl AsRef<Path>) -> Result<Model, ModelError> {
        use std::io::Read;
        let path = path.as_ref();
        let io = |e| ModelError::Io {
            path: path.display().to_string(),
            source: e,
        };
        let bad = |m: String| ModelError::Format(format!("{}: {m}", path.display()));
        let file = std::fs::File::open(path).map_err(io)?;
        let meta = file.metadata().map_err(io)?;
        if !meta.is_file() {
            return Err(bad("not a regular file".into()));
        }
        let mut bytes = Vec::new();
        let mut reader = file.take(MAX_MODEL_BYTES);
        (&mut reader)
            .take(MAGIC.len() as u64)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        if bytes.as_slice() != MAGIC {
            return Err(bad("not a copydesk entity model (wrong magic bytes)".into()));
        }
        if meta.len() > MAX_MODEL_BYTES {
            return Err(bad(format!(
                "{} bytes is larger than any model ({MAX_MODEL_BYTES} bytes at most)",
                meta.len()
            )));
        }
        reader.read_to_end(&mut bytes).map_err(io)?;
        Model::from_bytes(&bytes)
    }

    /// Writes the model file.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), ModelError> {
        let path = path.as_ref();
        std::fs::write(path, self.to_bytes()).map_err(|e| ModelError::Io {
            path: path.display().to_string(),
            source: e,
        })
    }

    /// What the model was trained on and how well it did (set by training).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Whether the model was trained with gazetteer features.
    pub fn uses_gazetteer(&self) -> bool {
        self.gazetteer != 0
    }

    /// Whether the model tags in two passes (the second aggregating the first per word).
    pub(crate) fn two_pass(&self) -> bool {
        self.two_pass
    }

    pub(crate) fn gazetteer_checksum(&self) -> u64 {
        self.gazetteer
    }

    pub(crate) fn transitions(&self) -> &Transitions {
        &self.transitions
    }

    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// The weights of the bucket of feature hash `h`.
    #[inline]
    pub(crate) fn row(&self, h: u64) -> &[i16; NL] {
        self.weights.row(bucket(h, self.bits))
    }

    /// Encodes the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let n = self.weights.index.len() * NL;
        let mut out = Vec::with_capacity(self.weights.rows.len() * NL * 2 + 64);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&(NL as u32).to_le_bytes());
        out.extend_from_slice(&u32::from(self.two_pass).to_le_bytes());
        out.extend_from_slice(&self.gazetteer.to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend_from_slice(&(self.description.len() as u32).to_le_bytes());
        out.extend_from_slice(self.description.as_bytes());
        out.extend_from_slice(&(n as u64).to_le_bytes());
        let mut run = 0u64;
        for w in self.weights.dense() {
            if w == 0 {
                run += 1;
                continue;
            }
            leb(&mut out, run);
            leb(&mut out, zigzag(w));
            run = 0;
        }
        if run > 0 {
            leb(&mut out, run);
        }
        let sum = hash_bytes(0, &out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Decodes a model.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let bad = |m: &str| ModelError::Format(m.to_owned());
        if bytes.len() < MAGIC.len() + 8 || &bytes[..MAGIC.len()] != MAGIC {
            return Err(bad("not a copydesk entity model (wrong magic bytes)"));
        }
        let (body, sum) = bytes.split_at(bytes.len() - 8);
        let mut sum_bytes = [0u8; 8];
        sum_bytes.copy_from_slice(sum);
        if hash_bytes(0, body) != u64::from_le_bytes(sum_bytes) {
            return Err(bad("checksum mismatch (truncated or corrupted file)"));
        }
        let mut r = Reader {
            bytes: body,
            at: MAGIC.len(),
        };
        let bits = r.u32()?;
        let nl = r.u32()?;
        let flags = r.u32()?;
        if flags > 1 {
            return Err(bad("unknown model flags (a newer copydesk?)"));
        }
        if !(1..=MAX_HASH_BITS).contains(&bits) || nl as usize != NL {
            return Err(bad("unsupported hash size or label count"));
        }
        let gazetteer = r.u64()?;
        let scale = f32::from_bits(r.u32()?);
        let dlen = r.u32()? as usize;
        let description = String::from_utf8(r.take(dlen)?.to_vec())
            .map_err(|_| bad("description is not UTF-8"))?;
        let n = r.u64()? as usize;
        if n != (1usize << bits) * NL {
            return Err(bad("weight count does not match the hash size"));
        }
        let mut pairs = Vec::new();
        let mut filled = 0usize;
        while filled < n {
            let run = r.leb()? as usize;
            filled = filled.saturating_add(run);
            if filled >= n {
                break;
            }
            let v = unzigzag(r.leb()?).ok_or_else(|| bad("weight out of range"))?;
            if v != 0 {
                pairs.push((filled, v));
            }
            filled += 1;
        }
        if filled != n || r.at != body.len() {
            return Err(bad("weights do not fill the table exactly"));
        }
        let weights = Weights::from_sparse(bits, pairs);
        Ok(Model::from_weights(
            bits,
            weights,
            scale,
            gazetteer,
            flags == 1,
            description,
        ))
    }
}

/// The bucket of feature hash `h` in a table of `2^bits` buckets.
#[inline]
pub(crate) fn bucket(h: u64, bits: u32) -> usize {
    (h >> (64 - bits)) as usize
}

fn leb(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn zigzag(v: i16) -> u64 {
    let v = i64::from(v);
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> Option<i16> {
    let x = ((v >> 1) as i64) ^ -((v & 1) as i64);
    i16::try_from(x).ok()
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| ModelError::Format("unexpected end of file".into()))?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        let mut b = [0u8; 4];
        b.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(b))
    }

    fn u64(&mut self) -> Result<u64, ModelError> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }

    fn leb(&mut self) -> Result<u64, ModelError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(ModelError::Format("varint too long".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(weights: Vec<i16>) {
        let m = Model::new(2, weights.clone(), 0.5, 7, true, "test model".into());
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back.weights.dense().collect::<Vec<_>>(), weights);
        assert_eq!(back.description(), "test model");
        assert_eq!(back.to_bytes(), bytes);
        for cut in [0, 9, bytes.len() / 2, bytes.len() - 1] {
            assert!(Model::from_bytes(&bytes[..cut]).is_err());
        }
        // Flipped bytes never panic (and the checksum catches them).
        for at in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 0x5a;
            assert!(Model::from_bytes(&bad).is_err());
        }
    }

    #[test]
    fn round_trip() {
        let mut w = vec![0i16; 4 * NL];
        w[0] = -3;
        w[5] = i16::MAX;
        w[6] = i16::MIN;
        w[4 * NL - 1] = 1;
        check(w);
        check(vec![0; 4 * NL]);
        check(vec![9; 4 * NL]);
    }

    #[test]
    fn huge_hash_size_is_refused() {
        let m = Model::new(2, vec![0; 4 * NL], 1.0, 0, false, String::new());
        let mut bytes = m.to_bytes();
        bytes[8..12].copy_from_slice(&30u32.to_le_bytes());
        let body = bytes.len() - 8;
        let sum = hash_bytes(0, &bytes[..body]);
        bytes[body..].copy_from_slice(&sum.to_le_bytes());
        let err = Model::from_bytes(&bytes).unwrap_err().to_string();
        assert!(err.contains("hash size"), "{err}");
    }

    #[test]
    fn zigzag_round_trip() {
        for v in [0i16, 1, -1, 300, -300, i16::MAX, i16::MIN] {
            assert_eq!(unzigzag(zigzag(v)), Some(v));
        }
    }
}
