//! BILOU labels: `O`, and `B`/`I`/`L`/`U` for each of PER, ORG, LOC, MISC.

use copydesk_core::EntityLabel;

/// Number of labels: `O` plus 4 positions × 4 types.
pub(crate) const NL: usize = 17;
/// The outside label.
pub(crate) const O: u8 = 0;
/// The "previous label" before a sentence starts (not a real label).
pub(crate) const START: u8 = NL as u8;

/// Position of a label inside its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pos {
    B = 0,
    I = 1,
    L = 2,
    U = 3,
}

pub(crate) const fn make(ty: usize, pos: Pos) -> u8 {
    (1 + ty * 4 + pos as usize) as u8
}

/// The entity type index (0 PER, 1 ORG, 2 LOC, 3 MISC) of a label, if not `O`/start.
pub(crate) const fn ty(label: u8) -> Option<usize> {
    if label == O || label >= START {
        None
    } else {
        Some((label as usize - 1) / 4)
    }
}

pub(crate) const fn pos(label: u8) -> Option<Pos> {
    if label == O || label >= START {
        return None;
    }
    Some(match (label - 1) % 4 {
        0 => Pos::B,
        1 => Pos::I,
        2 => Pos::L,
        _ => Pos::U,
    })
}

/// Whether `cur` may follow `prev`; `last`: `cur` ends the sentence.
pub(crate) const fn valid(prev: u8, cur: u8, last: bool) -> bool {
    let open = matches!(pos(prev), Some(Pos::B | Pos::I));
    let cur_pos = pos(cur);
    if last && matches!(cur_pos, Some(Pos::B | Pos::I)) {
        return false;
    }
    if open {
        let same_type = match (ty(cur), ty(prev)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        };
        matches!(cur_pos, Some(Pos::I | Pos::L)) && same_type
    } else {
        !matches!(cur_pos, Some(Pos::I | Pos::L))
    }
}

/// The type index of an entity label.
pub(crate) fn type_index(label: EntityLabel) -> usize {
    match label {
        EntityLabel::Per => 0,
        EntityLabel::Org => 1,
        EntityLabel::Loc => 2,
        EntityLabel::Misc => 3,
    }
}

/// Entity chunks `(first, last + 1, type)` of a well-formed (or not) BILOU sequence. A
/// dangling `B`/`I` is closed at the next label that does not continue it.
pub(crate) fn chunks(labels: &[u8], out: &mut Vec<(usize, usize, usize)>) {
    let mut open: Option<(usize, usize)> = None;
    for (i, &l) in labels.iter().enumerate() {
        let (t, p) = (ty(l), pos(l));
        if let Some((s, ot)) = open {
            let continues = t == Some(ot) && matches!(p, Some(Pos::I | Pos::L));
            if !continues {
                out.push((s, i, ot));
                open = None;
            } else if p == Some(Pos::L) {
                out.push((s, i + 1, ot));
                open = None;
                continue;
            } else {
                continue;
            }
        }
        match (t, p) {
            (Some(t), Some(Pos::U)) => out.push((i, i + 1, t)),
            (Some(t), Some(Pos::L)) => out.push((i, i + 1, t)),
            (Some(t), Some(Pos::B | Pos::I)) => open = Some((i, t)),
            _ => {}
        }
    }
    if let Some((s, t)) = open {
        out.push((s, labels.len(), t));
    }
}

/// BILOU labels for `n` tokens with entity chunks `(first, last + 1, type)`.
pub(crate) fn from_chunks(n: usize, chunks: &[(usize, usize, usize)]) -> Vec<u8> {
    let mut labels = vec![O; n];
    for &(s, e, t) in chunks {
        if e > n || s >= e {
            continue;
        }
        if e - s == 1 {
            labels[s] = make(t, Pos::U);
        } else {
            labels[s] = make(t, Pos::B);
            for l in &mut labels[s + 1..e - 1] {
                *l = make(t, Pos::I);
            }
            labels[e - 1] = make(t, Pos::L);
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(chunks_in: &[(usize, usize, usize)], n: usize) {
        let labels = from_chunks(n, chunks_in);
        let mut back = Vec::new();
        chunks(&labels, &mut back);
        assert_eq!(back, chunks_in);
        let mut prev = START;
        for (i, &l) in labels.iter().enumerate() {
            assert!(valid(prev, l, i + 1 == n), "{prev} -> {l}");
            prev = l;
        }
    }

    #[test]
    fn round_trip() {
        check(&[(0, 2, 0), (2, 3, 2), (5, 8, 3)], 8);
        check(&[], 3);
        check(&[(0, 1, 1)], 1);
    }

    #[test]
    fn transitions() {
        let b_per = make(0, Pos::B);
        assert!(!valid(b_per, O, false));
        assert!(valid(b_per, make(0, Pos::L), true));
        assert!(!valid(b_per, make(1, Pos::L), true));
        assert!(!valid(START, make(0, Pos::I), false));
        assert!(!valid(START, b_per, true));
    }
}
