//! The extractor: cues, their sources and contents, then quotes that continue a speaker.
//!
//! Passes, each linear in the number of tokens:
//! 1. quotation marks → regions ([`crate::marks`]);
//! 2. every cue (`said`, `told`, `according to` …) outside quotes is analysed once: its
//!    source phrase (left `X said`, inverted `said X`, apposition `X, the Y of Z, said`,
//!    relative `X, who said`, coordinated `X did … and said`), and which side its content is on;
//! 3. cues whose content is on the left (`“…,” X said`, `…, X said.`) claim it first, then cues
//!    with content on the right (`X said (that) …`, `X said: “…”`); tokens claimed once are
//!    never claimed again, so nested reports stay inside the outer one;
//! 4. quotes nobody claimed join the attribution just before them when only punctuation
//!    separates them (`“A,” she said. “B.”`) or when they open the next paragraph; other
//!    quoted text (titles, names, scare quotes) is not speech and is dropped.

use copydesk_core::{EntityLabel, Quote, QuoteKind, Span, SpeakerType};

use crate::lexicon::*;
use crate::marks::Region;
use crate::speakers::{Gender, People};
use crate::units::{Dir, Kind, Units};

/// How deep appositions may nest around a speaker (`X, the Y of Z, one of the W, said`).
const MAX_APPOSITION_DEPTH: u8 = 3;

/// Tunables the stage passes in.
#[derive(Debug, Clone)]
pub(crate) struct Params {
    pub max_apposition_tokens: usize,
    pub max_content_tokens: usize,
    pub continuation: bool,
}

/// An attribution under construction.
#[derive(Debug, Clone)]
struct Attr {
    cue: Option<(usize, usize)>,
    src: Option<(usize, usize)>,
    /// Content token ranges, in order.
    parts: Vec<(usize, usize)>,
    /// The last token any role of this attribution covers.
    extent_end: usize,
    speaker: Option<String>,
    /// What the speaker is (person, organisation, group).
    stype: SpeakerType,
    direct: bool,
}

/// Which side a cue's content is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

#[derive(Debug, Clone, Copy)]
struct CueInfo {
    cue: (usize, usize),
    src: (usize, usize),
    side: Side,
    /// For the left side: the token before which the content ends (source or cue start).
    before: usize,
    /// First token after the cue's tail (`said Sunday in a statement`).
    after: usize,
    weak: bool,
    according: bool,
    /// The cue is in a relative clause (`X, who said …, did`): its content ends at a comma.
    relative: bool,
}

pub(crate) struct Extractor<'a> {
    body: &'a str,
    u: &'a mut Units,
    regions: &'a [Region],
    people: &'a People,
    p: &'a Params,
    attrs: Vec<Attr>,
}

/// Whether `label` (the words before a line-opening colon, any case) is page furniture
/// (`READ MORE:`, `WATCH:`, `Correction:`) rather than a speaker.
fn is_furniture_label(label: &str) -> bool {
    matches!(
        label.to_lowercase().as_str(),
        "a" | "advertisement"
            | "also read"
            | "clarification"
            | "correction"
            | "credit"
            | "disclosure"
            | "editor's note"
            | "editor’s note"
            | "listen"
            | "more"
            | "note"
            | "photo"
            | "photos"
            | "q"
            | "read"
            | "read more"
            | "recommended"
            | "related"
            | "related coverage"
            | "see also"
            | "source"
            | "sources"
            | "sponsored"
            | "trending"
            | "update"
            | "updated"
            | "video"
            | "watch"
    )
}

/// Whether a paragraph is a page-furniture line that speaks for nobody (`Article Continued
/// Below`, `READ MORE: …`, `WATCH: …`), even when `strip_boilerplate` did not run.
fn is_furniture_line(line: &str) -> bool {
    let line = line.trim();
    let lower = line.to_lowercase();
    if matches!(
        lower.trim_end_matches(['.', ':', '…']),
        "article continued below"
            | "article continues below"
            | "story continues below"
            | "continue reading"
            | "continue reading below"
            | "continued below"
            | "advertisement continues below"
    ) {
        return true;
    }
    line.split_once(':').is_some_and(|(label, _)| {
        matches!(
            label.trim().to_lowercase().as_str(),
            "read more"
                | "read"
                | "watch"
                | "also read"
                | "see also"
                | "related"
                | "related coverage"
                | "recommended"
                | "sponsored"
                | "trending"
                | "more"
                | "listen"
                | "video"
                | "photos"
                | "advertisement"
        )
    })
}

/// Forms of "be" that make a participle or "asked" a verb (`is saying`, `was asked`), any case.
fn is_be(word: &str) -> bool {
    const BE: &[&str] = &[
        "is", "are", "was", "were", "be", "been", "being", "'s", "’s", "'re", "’re",
    ];
    BE.iter().any(|b| word.eq_ignore_ascii_case(b))
}

fn is_ly(text: &str) -> bool {
    text.len() > 4
        && text.ends_with("ly")
        && text.bytes().all(|b| b.is_ascii_lowercase())
        // Adjectives and nouns in -ly (`early results`, `family members`).
        && !matches!(
            text,
            "early"
                | "family"
                | "rally"
                | "assembly"
                | "supply"
                | "daily"
                | "weekly"
                | "monthly"
                | "quarterly"
                | "yearly"
                | "elderly"
                | "friendly"
                | "costly"
                | "monopoly"
                | "anomaly"
        )
}

impl<'a> Extractor<'a> {
    pub fn new(
        body: &'a str,
        u: &'a mut Units,
        regions: &'a [Region],
        people: &'a People,
        p: &'a Params,
    ) -> Self {
        Extractor {
            body,
            u,
            regions,
            people,
            p,
            attrs: Vec::new(),
        }
    }

    fn text(&self, i: usize) -> &'a str {
        let t = &self.u.t[i];
        &self.body[t.s..t.e]
    }

    /// Whether token `i` has whitespace (or nothing) on both sides.
    fn spaced(&self, i: usize) -> bool {
        let t = &self.u.t[i];
        let before = self.body[..t.s].chars().next_back();
        let after = self.body[t.e..].chars().next();
        before.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace)
    }

    /// Whether the spaced dash at `i` opens a `— … —` aside that closes in the same sentence
    /// (within 30 tokens).
    fn paired_dash(&self, i: usize) -> bool {
        let last = self.u.sent_last_of(i);
        (i + 1..=last.min(i + 30)).any(|q| self.u.t[q].kind == Kind::Dash && self.spaced(q))
    }

    /// Whether token `i` is a dash glued to words on both sides (`Secretary-General`).
    fn joining_dash(&self, i: usize) -> bool {
        let t = &self.u.t[i];
        t.kind == Kind::Dash
            && i > 0
            && i + 1 < self.u.len()
            && self.u.t[i - 1].e == t.s
            && self.u.t[i + 1].s == t.e
            && self.u.t[i - 1].is_word()
            && self.u.t[i + 1].is_word()
    }

    fn is_close_mark(&self, i: usize) -> bool {
        matches!(self.u.t[i].kind, Kind::Mark { .. }) && {
            let r = self.u.t[i].region;
            r != 0 && self.regions[(r - 1) as usize].close == Some(i)
        }
    }

    fn is_open_mark(&self, i: usize) -> bool {
        let r = self.u.t[i].region;
        r != 0 && self.regions[(r - 1) as usize].open == i
    }

    fn region_at(&self, i: usize) -> Option<usize> {
        let r = self.u.t[i].region;
        (r != 0).then(|| (r - 1) as usize)
    }

    /// Runs every pass and returns the quotes.
    pub fn run(mut self) -> Vec<Quote> {
        let cues = self.find_cues();
        for c in cues.iter().filter(|c| c.side == Side::Left) {
            self.claim_left(c);
        }
        for c in cues.iter().filter(|c| c.side == Side::Right) {
            self.claim_right(c);
        }
        self.raised();
        self.attrs
            .sort_by_key(|a| a.parts.first().map_or(usize::MAX, |p| p.0));
        for a in &mut self.attrs {
            a.direct = is_direct(self.u, &a.parts);
        }
        self.signed_quotes();
        self.colon_lines();
        self.colon_quotes();
        if self.p.continuation {
            self.continuations();
        }
        self.resolve_group_pronouns();
        self.finish()
    }

    // ------------------------------------------------------------------ cues

    fn find_cues(&self) -> Vec<CueInfo> {
        let mut out = Vec::new();
        let n = self.u.len();
        let furniture: Vec<bool> = (0..self.u.para_first.len())
            .map(|p| self.furniture_para(p))
            .collect();
        for k in 0..n {
            let t = &self.u.t[k];
            if t.kind != Kind::Word || t.region != 0 {
                continue;
            }
            if furniture.get(t.para as usize).copied().unwrap_or(false) {
                continue;
            }
            if t.lex & ACCORDING != 0 && k + 1 < n && self.u.t[k + 1].has(TO) {
                if let Some(c) = self.according(k) {
                    out.push(c);
                }
                continue;
            }
            if t.lex & (CUE | CUE_WEAK) == 0 {
                continue;
            }
            if self.in_asked_lead(k) {
                continue;
            }
            if let Some(c) = self.analyse(k) {
                out.push(c);
            }
        }
        out
    }

    /// The comma that ends a sentence-initial `Asked whether …,` lead (the question put to the
    /// main clause's subject), if the sentence of `k` opens with one.
    fn asked_lead_end(&self, k: usize) -> Option<usize> {
        let first = self.u.sent_first_of(k);
        if self.text(first) != "Asked" {
            return None;
        }
        let last = (self.u.sent_last_of(k) + 1).min(first + 40);
        (first + 2..last).find(|&q| self.u.t[q].kind == Kind::Comma && self.u.t[q].region == 0)
    }

    /// Whether token `k` lies inside a sentence-initial `Asked whether …,` lead: its verbs
    /// (`Asked whether she expected …`) belong to the question, not to a report.
    fn in_asked_lead(&self, k: usize) -> bool {
        self.asked_lead_end(k).is_some_and(|c| k < c)
    }

    /// Whether paragraph `p` is a page-furniture line ([`is_furniture_line`]).
    fn furniture_para(&self, p: usize) -> bool {
        let n = self.u.len();
        let (a, b) = (self.u.para_first[p], self.u.para_last[p]);
        a < n && b < n && a <= b && is_furniture_line(&self.body[self.u.t[a].s..self.u.t[b].e])
    }

    /// `according to X`.
    fn according(&self, k: usize) -> Option<CueInfo> {
        let cue = (k, k + 2);
        let src = self.np_right(k + 2)?;
        let first = self.u.sent_first_of(k);
        // At the sentence start ("According to X, …"): content on the right.
        let lead = (first..k).all(|j| !self.u.t[j].is_word());
        if lead {
            let mut src = src;
            // `According to early results of a survey conducted for X and Y, …`: the source
            // runs to the comma.
            if src.1 < self.u.len()
                && self.u.t[src.1].kind != Kind::Comma
                && let Some(c) = (src.1..(src.1 + 25).min(self.u.sent_last_of(k) + 1))
                    .take_while(|&q| {
                        let x = &self.u.t[q];
                        x.region == 0
                            && (x.is_word() && x.lex & (CUE | THAT | SUBJ) == 0
                                || matches!(x.kind, Kind::Comma | Kind::Dash | Kind::Other))
                    })
                    .find(|&q| self.u.t[q].kind == Kind::Comma)
                && c > src.1
            {
                src.1 = c;
            }
            let mut after = src.1;
            if after < self.u.len() && self.u.t[after].kind == Kind::Comma {
                after += 1;
            }
            return Some(CueInfo {
                cue,
                src,
                side: Side::Right,
                before: k,
                after,
                weak: false,
                according: true,
                relative: false,
            });
        }
        Some(CueInfo {
            cue,
            src,
            side: Side::Left,
            before: k,
            after: src.1,
            weak: false,
            according: true,
            relative: false,
        })
    }

    /// Skips adverbs and auxiliaries leftwards from `j` (inclusive); returns the new index.
    fn skip_adv_left(&self, mut j: usize, lo: usize) -> Option<usize> {
        let mut steps = 0;
        while j > lo && self.u.t[j].kind == Kind::Word {
            let t = &self.u.t[j];
            if t.lex & ADV != 0 || (!t.cap && is_ly(self.text(j))) {
                j -= 1;
                steps += 1;
                if steps > 3 {
                    return None;
                }
            } else {
                break;
            }
        }
        Some(j)
    }

    /// Analyses the cue word at `k`.
    fn analyse(&self, k: usize) -> Option<CueInfo> {
        let u = &*self.u;
        let t = &u.t[k];
        let n = u.len();
        let weak = t.lex & CUE == 0;
        let sfirst = u.sent_first_of(k);
        let text = self.text(k);
        // `Said Ellis: “…”`: an inverted cue opening the sentence before a quote.
        if k == sfirst
            && t.cap
            && let Some(src) = self.np_right(k + 1)
            && src.1 + 1 < n
            && matches!(u.t[src.1].kind, Kind::Colon | Kind::Comma)
            && self.is_open_mark(src.1 + 1)
        {
            return Some(CueInfo {
                cue: (k, k + 1),
                src,
                side: Side::Right,
                before: k,
                after: src.1,
                weak: false,
                according: false,
                relative: false,
            });
        }
        // A participle or imperative opening the sentence ("Asked whether …", "Says …"),
        // unless a quote just closed (`“…?” asked Smith`).
        if k == 0 || (k == sfirst && !(self.is_close_mark(k - 1) && u.t[k - 1].para == t.para)) {
            return None;
        }
        let prev = &u.t[k - 1];
        // "to say", "the said", "is said to be".
        if prev.has(TO)
            || prev.has(DET)
                && matches!(
                    self.text(k - 1).to_ascii_lowercase().as_str(),
                    "the"
                        | "a"
                        | "an"
                        | "this"
                        | "his"
                        | "her"
                        | "its"
                        | "their"
                        | "our"
                        | "my"
                        | "your"
                )
        {
            return None;
        }
        // "is said to be" (but `“…,” Lee said to the crowd`).
        if k + 1 < n
            && u.t[k + 1].has(TO)
            && matches!(text, "said" | "says" | "say")
            && !(self.is_close_mark(k - 1)
                || u.t[k - 1].is_word()
                    && (u.t[k - 1].cap && !u.t[k - 1].has(NOT_NAME)
                        || u.t[k - 1].lex & (SUBJ | TITLE) != 0))
        {
            return None;
        }
        // `X sought to …`, `talks aimed at …`: a goal, not speech.
        if t.lex & INTENT != 0 && k + 1 < n && (u.t[k + 1].has(TO) || self.text(k + 1) == "at") {
            return None;
        }
        let cue = (k, k + 1);
        let ing = text.ends_with("ing");
        // Inverted: `“…,” said X` / `…, said X`.
        if matches!(prev.kind, Kind::Comma) || self.is_close_mark(k - 1) {
            let comma_before = matches!(prev.kind, Kind::Comma)
                || k >= 2 && self.is_close_mark(k - 1) && u.t[k - 2].kind == Kind::Comma;
            if ing && comma_before {
                // "…, adding that …": the subject is the sentence's first phrase, or its
                // first pronoun or name.
                let src = self.clause_subject(sfirst, k)?;
                let after = self.skip_tail(k + 1, t.lex);
                return Some(CueInfo {
                    cue,
                    src,
                    side: Side::Right,
                    before: k,
                    after,
                    weak,
                    according: false,
                    relative: false,
                });
            }
            // `X, 56, who has served …, told Y …`: the main verb of the sentence's subject.
            if matches!(prev.kind, Kind::Comma)
                && !self.is_close_mark(k - 2.min(k))
                && k - sfirst <= 60
                && (sfirst..k)
                    .any(|q| (u.t[q].has(WHO) || self.text(q) == "whose") && u.t[q].region == 0)
                && !(sfirst..k).any(|q| u.t[q].region != 0)
                && let Some(src) = self.np_right(sfirst)
                && src.1 < k
                && u.t[src.1].kind == Kind::Comma
            {
                let after = self.skip_tail(k + 1, t.lex);
                return Some(CueInfo {
                    cue,
                    src,
                    side: Side::Right,
                    before: src.0,
                    after,
                    weak,
                    according: false,
                    relative: false,
                });
            }
            // An apposition subject (`X, the Y of Z, said`) wins over inversion.
            let appos = matches!(prev.kind, Kind::Comma)
                && (self.np_left(k - 1, sfirst).is_some()
                    || self.skip_parenthetical(k - 1, sfirst) != k - 1);
            // `…, said he.` inverts; `…, said he would …` has its subject on the left.
            // `…, wrote on Aug. 29 that`: a prepositional phrase after the cue is no source.
            let inverted = (k + 1 < u.len() && !u.t[k + 1].has(PREP))
                .then(|| self.np_right(k + 1))
                .flatten()
                .filter(|s| !(s.1 == s.0 + 1 && u.t[s.0].has(SUBJ)) || self.terminal(s.1))
                .and_then(|s| self.tidy_src(s, false));
            if !appos && let Some(src) = inverted {
                let after = self.skip_tail(src.1, 0);
                return Some(CueInfo {
                    cue,
                    src,
                    side: Side::Left,
                    before: k,
                    after,
                    weak,
                    according: false,
                    relative: false,
                });
            }
        }
        // Subject on the left.
        if k == sfirst {
            return None;
        }
        let j = self.skip_parenthetical(k - 1, sfirst);
        let mut j = self.skip_adv_left(j, sfirst)?;
        let mut with_src = None;
        // A time phrase between the subject and the word (`a poll released Friday shows`).
        let mut timed = false;
        // A participle is a report only after a form of "be" (`Trump is saying …`), not as a
        // noun (`additional reporting by …`).
        if ing {
            if is_be(self.text(j)) && j != sfirst {
                j = self.skip_adv_left(j - 1, sfirst)?;
            } else if let Some(np) = self.np_left(j, sfirst)
                && let Some(w) = (np.0.saturating_sub(5).max(sfirst)..np.0)
                    .rev()
                    .take_while(|&q| u.t[q].is_word())
                    .find(|&q| self.text(q) == "with")
            {
                // `…, with the head of the union saying …`.
                with_src = Some((w + 1, np.1));
            } else {
                return None;
            }
        }
        let coord = u.t[j].has(AND) || self.text(j) == "but";
        let plain = !(u.t[j].has(WHO) || coord);
        let relative = u.t[j].has(WHO);
        let src = if let Some(src) = with_src {
            src
        } else if u.t[j].has(WHO) && j > sfirst && u.t[j - 1].kind == Kind::Comma {
            // "X, who said …"
            self.np_left(j.checked_sub(2)?, sfirst)?
        } else if u.t[j].has(WHO) {
            // "voters who said …": the relative pronoun is the source.
            (j, j + 1)
        } else if coord {
            // "X did … and said …": the subject opens the sentence, or is its first pronoun
            // or name.
            self.clause_subject(sfirst, j)?
        } else {
            let t_j = self.skip_time_left(j, sfirst);
            timed = t_j != j;
            self.np_left(t_j, sfirst)?
        };
        let src = if u.t[src.0].has(WHO) {
            src
        } else {
            self.tidy_src(src, true)?
        };
        // Present and base forms double as nouns ("hopes", "claims"): they need a clear
        // subject — a pronoun, a name, a title or a phrase with a determiner.
        let past = text.ends_with("ed")
            || matches!(
                text,
                "said"
                    | "told"
                    | "wrote"
                    | "thought"
                    | "knew"
                    | "found"
                    | "shown"
                    | "put"
                    | "began"
                    | "read"
                    | "spoke"
            );
        if !past && !ing {
            let head = &u.t[src.1 - 1];
            let ok = head.cap
                || timed
                || head.lex & (SUBJ | TITLE | OBJ) != 0
                || u.t[src.0].has(DET)
                || matches!(text, "say" | "says");
            if !ok {
                return None;
            }
        }
        // `a stream called Miracle Run`: naming verbs need a person-like subject.
        if text.starts_with("call") {
            let head = &u.t[src.1 - 1];
            if !(head.cap || head.lex & (SUBJ | TITLE) != 0) {
                return None;
            }
        }
        let after = self.skip_tail(k + 1, t.lex);
        let before = src.0;
        let left_punct = before > 0
            && (before > sfirst && matches!(u.t[before - 1].kind, Kind::Comma | Kind::Dash)
                || self.is_close_mark(before - 1)
                    && (before > sfirst
                        || plain
                            && u.t[before - 1].para == u.t[before].para
                            && self.terminal(after)));
        let mut left_quote = left_punct && self.left_close_region(before).is_some();
        // `On “Face the Nation,” Smith said he …`: a quoted title before the speaker, and
        // the report on the right.
        if left_quote
            && !self.terminal(after)
            && after < n
            && let Some(r) = self.left_close_region(before)
        {
            let (o, e) = (self.regions[r].open, self.regions[r].end);
            let titlish = e - o <= 12
                && (o..e)
                    .filter(|&q| u.t[q].is_word())
                    .all(|q| u.t[q].cap || u.t[q].lex & (DET | CONNECT | PREP) != 0)
                && (o..e).filter(|&q| u.t[q].is_word()).count() <= 6;
            if titlish {
                left_quote = false;
            }
        }
        // `As the mayor said, the budget is tight.`: the content follows the comma.
        if before > sfirst
            && matches!(self.text(before - 1), "As" | "as")
            && (before - 1 == sfirst || u.t[before - 2].kind == Kind::Comma)
            && after + 1 < n
            && u.t[after].kind == Kind::Comma
            && u.t[after + 1].is_word()
        {
            return Some(CueInfo {
                cue,
                src,
                side: Side::Right,
                before,
                after,
                weak,
                // Skips the comma like `According to X, …`.
                according: true,
                relative,
            });
        }
        let side = if left_quote
            || left_punct
                && self.terminal(after)
                && !(after + 1 < n
                    && matches!(u.t[after].kind, Kind::Comma | Kind::Colon)
                    && self.is_open_mark(after + 1)
                    && self.adverbial_lead(sfirst, before))
        {
            Side::Left
        } else {
            Side::Right
        };
        Some(CueInfo {
            cue,
            src,
            side,
            before,
            after,
            weak,
            according: false,
            relative,
        })
    }

    /// Skips a parenthetical between a subject and its cue leftwards from the comma at `j`
    /// (`Backers, however, say`, `Economists, like their peers, say`). Returns `j` unchanged
    /// when none is there.
    fn skip_parenthetical(&self, j: usize, lo: usize) -> usize {
        let u = &*self.u;
        // `The judge -- who has … -- said`: a dash aside.
        if u.t[j].kind == Kind::Dash && self.spaced(j) && j >= lo + 3 {
            let from = j.saturating_sub(30).max(lo + 1);
            let p = (from..j)
                .rev()
                .find(|&q| u.t[q].kind == Kind::Dash && self.spaced(q) || u.t[q].kind == Kind::End);
            return match p {
                Some(p)
                    if u.t[p].kind == Kind::Dash
                        && p + 1 < j
                        && u.t[p - 1].is_word()
                        && (p + 1..j).all(|q| u.t[q].region == 0) =>
                {
                    p - 1
                }
                _ => j,
            };
        }
        if u.t[j].kind != Kind::Comma || j < lo + 3 {
            return j;
        }
        let Some(p) = (j.saturating_sub(7).max(lo)..j)
            .rev()
            .find(|&q| u.t[q].kind == Kind::Comma)
        else {
            return j;
        };
        if p <= lo || p + 1 == j || !u.t[p - 1].is_word() {
            return j;
        }
        let first = self.text(p + 1);
        let lead = matches!(
            first,
            "like" | "unlike" | "including" | "especially" | "particularly" | "in" | "for"
        );
        let adverbial = (p + 1..j).all(|q| {
            let x = &u.t[q];
            x.is_word()
                && (x.has(ADV)
                    || is_ly(self.text(q))
                    || matches!(
                        self.text(q),
                        "however"
                            | "though"
                            | "too"
                            | "meanwhile"
                            | "instead"
                            | "moreover"
                            | "nonetheless"
                            | "nevertheless"
                            | "therefore"
                            | "thus"
                            | "turn"
                            | "fact"
                            | "course"
                            | "part"
                    )
                    || lead && q > p + 1 && !x.has(CUE | THAT | STOP))
        });
        let lead_ok = lead
            && !matches!(first, "in" | "for")
            && (p + 2..j).all(|q| u.t[q].is_word() && u.t[q].lex & (CUE | THAT | STOP) == 0);
        if adverbial || lead_ok { p - 1 } else { j }
    }

    /// Skips a time phrase leftwards from `j` (inclusive) between a subject and its cue
    /// (`Obama on Tuesday said`, `Trump earlier Tuesday backed`), and a participle that the
    /// time phrase belongs to (`a poll released Sunday showed`). Returns `j` unchanged when
    /// no time word is there.
    fn skip_time_left(&self, j: usize, lo: usize) -> usize {
        let u = &*self.u;
        let is_time = |q: usize| {
            let x = &u.t[q];
            x.is_word() && x.has(TIME) && (!x.cap || x.has(NOT_NAME))
        };
        if !is_time(j) {
            return j;
        }
        let mut q = j;
        let mut steps = 0;
        while q > lo && steps < 4 && (is_time(q) || u.t[q].has(ADV) && !u.t[q].has(STOP)) {
            q -= 1;
            steps += 1;
        }
        if q > lo
            && matches!(
                self.text(q),
                "on" | "in" | "late" | "early" | "since" | "by"
            )
        {
            q -= 1;
        }
        if q > lo && self.verbish(q) && self.text(q).ends_with("ed") && u.t[q - 1].is_word() {
            q -= 1;
        }
        if u.t[q].is_word() && !u.t[q].has(STOP) || u.t[q].kind == Kind::CloseParen {
            q
        } else {
            j
        }
    }

    /// Whether token `q` is a lowercase verb form (`launched`, `including`) that cannot open a
    /// source phrase.
    fn verbish(&self, q: usize) -> bool {
        let x = &self.u.t[q];
        x.is_word() && !x.cap && x.lex & (DET | TITLE | SUBJ | OBJ | WHO) == 0 && {
            let w = self.text(q);
            w.len() > 4 && (w.ends_with("ed") || w.ends_with("ing"))
        }
    }

    /// A source phrase made plausible: a noun phrase, not a verb phrase. Leading verb forms
    /// and time words before a name are dropped (`including Gov. X`, `morning Mr. Y`); a
    /// phrase that still opens with a verb form, or whose head is a day or month, is no
    /// source. `left`: the phrase was found leftwards from its cue, so a verb form right
    /// after another word is a predicate (`officials launched talks Monday aimed …`).
    fn tidy_src(&self, (mut a, b): (usize, usize), left: bool) -> Option<(usize, usize)> {
        let u = &*self.u;
        let head = &u.t[b - 1];
        if head.lex & TIME != 0 && head.lex & NOT_NAME != 0 {
            return None;
        }
        if left
            && self.verbish(a)
            && a > 0
            && u.same_sent(a - 1, a)
            && u.t[a - 1].is_word()
            && !u.t[a - 1].has(DET)
        {
            // A predicate (`was out-polling Dan Moss`): only a name at its end can be the
            // source (the object of a relative clause's verb, `…, who said`).
            let q = (a + 1..b).find(|&q| {
                (q..b).all(|r| {
                    let x = &u.t[r];
                    x.is_word() && (x.cap || x.lex & (CONNECT | TITLE | POSS) != 0)
                })
            })?;
            if !u.t[q].cap {
                return None;
            }
            a = q;
        }
        let named = |a: usize| (a + 1..b).any(|q| u.t[q].cap || u.t[q].lex & (TITLE | SUBJ) != 0);
        // `”, retired general Lloyd Ames said`: an adjective opening the phrase stays.
        let adjective = |a: usize| {
            left && named(a) && (a == 0 || !u.t[a - 1].is_word() || !u.same_sent(a - 1, a))
        };
        while a + 1 < b
            && (self.verbish(a) && !adjective(a)
                || !u.t[a].cap && u.t[a].has(TIME)
                || self.text(a) == "including")
            && named(a)
        {
            a += 1;
        }
        if self.verbish(a) && !adjective(a) {
            return None;
        }
        Some((a, b))
    }

    /// The subject of a clause that reports later on (`…, adding that …`, `… and said …`): the
    /// sentence's opening phrase unless it is a prepositional opener, else its first pronoun or
    /// name before `end`; made a plausible source by [`Self::tidy_src`].
    fn clause_subject(&self, sfirst: usize, end: usize) -> Option<(usize, usize)> {
        // `Asked whether she …, Halvorsen smiled and said`: the subject follows the question.
        let sfirst = match self.asked_lead_end(sfirst) {
            Some(c) if c + 1 < end => c + 1,
            _ => sfirst,
        };
        self.np_right(sfirst)
            .filter(|s| s.1 <= end && !self.u.t[sfirst].has(PREP))
            .and_then(|s| self.tidy_src(s, false))
            .or_else(|| {
                self.first_subject(sfirst, end)
                    .and_then(|s| self.tidy_src(s, false))
            })
    }

    /// The first pronoun or name of `[first, end)` (at most 40 tokens in) that starts a
    /// phrase ending before `end`: the subject of `…, saying …` and `… and said …`.
    fn first_subject(&self, first: usize, end: usize) -> Option<(usize, usize)> {
        (first..end.min(first + 40)).find_map(|q| {
            let x = &self.u.t[q];
            (x.region == 0 && (x.has(SUBJ) || x.cap && !x.has(NOT_NAME) && !x.has(STOP)))
                .then(|| self.np_right(q))
                .flatten()
                .filter(|s| s.1 <= end)
        })
    }

    /// Whether `[first, before)` is a short adverbial lead-in (`In Geneva,`, `Later,`,
    /// `Speaking to reporters,`) rather than a clause of its own.
    fn adverbial_lead(&self, first: usize, before: usize) -> bool {
        let words = (first..before.min(first + 64))
            .filter(|&q| self.u.t[q].is_word())
            .take(2)
            .count();
        let x = &self.u.t[first];
        words <= 1
            || x.is_word()
                && (x.lex & (PREP | TIME) != 0
                    || is_ly(&self.text(first).to_ascii_lowercase())
                    || self.text(first).ends_with("ing")
                    || matches!(
                        self.text(first).to_ascii_lowercase().as_str(),
                        "later"
                            | "earlier"
                            | "asked"
                            | "then"
                            | "when"
                            | "while"
                            | "if"
                            | "as"
                            | "because"
                            | "although"
                            | "though"
                            | "once"
                            | "until"
                            | "despite"
                            | "whether"
                            | "now"
                            | "still"
                            | "instead"
                            | "meanwhile"
                            | "yet"
                    ))
    }

    /// Whether the token at `i` ends the clause: sentence end, `;`, `)`, or nothing.
    fn terminal(&self, i: usize) -> bool {
        i >= self.u.len()
            || matches!(
                self.u.t[i].kind,
                Kind::End | Kind::Semi | Kind::CloseParen | Kind::Comma | Kind::Dash
            )
            || (i > 0 && !self.u.same_sent(i - 1, i))
    }

    /// The close mark's region right before `before` (skipping `,` and dashes), if any.
    fn left_close_region(&self, before: usize) -> Option<usize> {
        let mut i = before;
        let mut steps = 0;
        while i > 0 && steps < 3 {
            i -= 1;
            steps += 1;
            let t = &self.u.t[i];
            if self.is_close_mark(i) {
                return self.region_at(i);
            }
            if !matches!(t.kind, Kind::Comma | Kind::Dash | Kind::End) {
                return None;
            }
        }
        None
    }

    /// Skips what follows a cue before its content: the object of `told`, time words,
    /// `-ly` adverbs and short prepositional phrases (`in a statement`). Returns the first
    /// token after them.
    fn skip_tail(&self, mut i: usize, cue_lex: Lex) -> usize {
        let u = &*self.u;
        let n = u.len();
        if i >= n {
            return i;
        }
        let sent = u.t[i.saturating_sub(1)].sent;
        let start = i;
        if cue_lex & TELL != 0 && i < n && u.t[i].sent == sent && u.t[i].kind == Kind::Word {
            // The object: a pronoun, "reporters", or a short name phrase.
            if u.t[i].has(OBJ) {
                i += 1;
            } else if let Some(np) = self.np_right(i)
                && np.1 - np.0 <= 6
                && !u.t[np.1.saturating_sub(1)].has(THAT)
            {
                i = np.1;
            }
        }
        while i < n && u.t[i].sent == sent && i - start < 14 {
            let t = &u.t[i];
            // `told the paper, however, that …`.
            if t.kind == Kind::Comma
                && i + 3 < n
                && matches!(self.text(i + 1), "however" | "though" | "too" | "meanwhile")
                && u.t[i + 2].kind == Kind::Comma
                && u.t[i + 3].has(THAT)
            {
                i += 3;
                break;
            }
            if t.kind != Kind::Word {
                break;
            }
            if t.lex & TIME != 0 || (!t.cap && is_ly(self.text(i))) {
                i += 1;
                continue;
            }
            if t.lex & PREP != 0 && t.lex & THAT == 0 && !t.has(TO) {
                // A prepositional phrase: the preposition and a short noun phrase.
                let mut j = i + 1;
                let mut words = 0;
                while j < n && u.t[j].sent == sent && words < 6 {
                    let x = &u.t[j];
                    if x.kind != Kind::Word
                        || x.lex & (THAT | SUBJ | CUE) != 0
                        || (x.lex & STOP != 0 && x.lex & (DET | PREP | TIME) == 0)
                    {
                        break;
                    }
                    j += 1;
                    words += 1;
                }
                if words == 0 {
                    break;
                }
                // Only skip when a clear content start follows.
                if j < n
                    && u.t[j].sent == sent
                    && (u.t[j].has(THAT)
                        || matches!(u.t[j].kind, Kind::Colon | Kind::Comma | Kind::End)
                        || self.is_open_mark(j))
                {
                    i = j;
                    continue;
                }
                if j >= n || u.t[j].sent != sent {
                    i = j;
                }
                break;
            }
            break;
        }
        i
    }

    /// The source phrase ending at token `j` (inclusive), found leftwards.
    fn np_left(&self, j: usize, lo: usize) -> Option<(usize, usize)> {
        self.np_left_nested(j, lo, 0)
    }

    /// [`Self::np_left`] inside `depth` appositions. Appositions nest at most
    /// [`MAX_APPOSITION_DEPTH`] deep, which keeps the search constant per cue: without the
    /// bound, a run of commas makes it exponential (found by fuzzing).
    fn np_left_nested(&self, j: usize, lo: usize, depth: u8) -> Option<(usize, usize)> {
        let u = &*self.u;
        let t = &u.t[j];
        match t.kind {
            Kind::Word => {}
            Kind::Comma if depth >= MAX_APPOSITION_DEPTH => return None,
            Kind::Comma => {
                // Apposition: "X, the Y of Z, said".
                let min = j.saturating_sub(self.p.max_apposition_tokens).max(lo);
                let mut i = j;
                while i > min {
                    i -= 1;
                    let x = &u.t[i];
                    match x.kind {
                        Kind::Comma => {
                            if i == 0 {
                                return None;
                            }
                            // `X, 21, a student, said`: an age after the name.
                            let mut i = i;
                            if i >= lo + 3
                                && self.text(i - 1).bytes().all(|b| b.is_ascii_digit())
                                && u.t[i - 2].kind == Kind::Comma
                            {
                                i -= 2;
                            }
                            let inner = self.np_left_nested(i - 1, lo, depth + 1);
                            // The phrase must be a name or a pronoun, not a clause.
                            if let Some(inner) = inner {
                                let head = &u.t[inner.1 - 1];
                                let opens = inner.0 == lo
                                    || matches!(
                                        u.t[inner.0 - 1].kind,
                                        Kind::Comma | Kind::Mark { .. } | Kind::Dash | Kind::Colon
                                    );
                                if (head.cap || head.has(SUBJ)) && opens {
                                    return Some(inner);
                                }
                                // `X, the Y of Z, one of the W, said`: one more apposition.
                                if !opens
                                    && (head.cap || !head.has(STOP))
                                    && let Some(outer) =
                                        (min..i).rev().find(|&q| u.t[q].kind == Kind::Comma)
                                    && outer > lo
                                    && let Some(np) = self.np_left_nested(outer - 1, lo, depth + 1)
                                    && u.t[np.1 - 1].cap
                                    && (np.0 == lo
                                        || matches!(
                                            u.t[np.0 - 1].kind,
                                            Kind::Comma | Kind::Mark { .. } | Kind::Dash
                                        ))
                                    && !(outer..i)
                                        .any(|q| u.t[q].is_mark() || u.t[q].lex & (CUE | THAT) != 0)
                                {
                                    return Some(np);
                                }
                                if head.cap || head.has(SUBJ) {
                                    return Some(inner);
                                }
                            }
                            // `Another hopeful, Carly Fiorina, says`: the name between the
                            // commas.
                            if j > 0
                                && let Some(np) = self.np_left_nested(j - 1, lo, depth + 1)
                                && np.0 == i + 1
                                && u.t[np.1 - 1].cap
                            {
                                // `another friend, Mara Eli,`: the whole phrase when it opens
                                // the clause.
                                if let Some(x) = inner
                                    && (x.0 == lo
                                        || matches!(
                                            u.t[x.0 - 1].kind,
                                            Kind::Comma | Kind::Mark { .. } | Kind::Dash
                                        ))
                                {
                                    return Some((x.0, np.1));
                                }
                                return Some(np);
                            }
                            return None;
                        }
                        Kind::End | Kind::Semi | Kind::Colon => return None,
                        // A quotation mark ends the phrase; a stray apostrophe does not.
                        Kind::Mark { .. } if x.region != 0 => return None,
                        Kind::Word
                            if x.lex & (CUE | THAT) != 0
                                && !(i > 0 && (i - 1..j).any(|q| u.t[q].has(WHO))) =>
                        {
                            return None;
                        }
                        _ => {}
                    }
                }
                return None;
            }
            Kind::CloseParen => {
                // "Sen. X (R-Texas) said".
                let min = j.saturating_sub(8).max(lo);
                let mut i = j;
                while i > min {
                    i -= 1;
                    if u.t[i].kind == Kind::OpenParen {
                        return if i > lo {
                            self.np_left_nested(i - 1, lo, depth + 1)
                        } else {
                            None
                        };
                    }
                }
                return None;
            }
            // `42% say`: a share of respondents.
            Kind::Other
                if self.text(j) == "%"
                    && j > lo
                    && self.text(j - 1).starts_with(|c: char| c.is_ascii_digit()) =>
            {
                return Some((j - 1, j + 1));
            }
            _ => return None,
        }
        if t.lex & SUBJ != 0 {
            return Some((j, j + 1));
        }
        if t.lex & (STOP | POSS) != 0 || (!t.cap && (is_ly(self.text(j)) || t.lex & TIME != 0)) {
            return None;
        }
        let mut a = j;
        let mut lower = usize::from(!t.cap);
        let mut steps = 0;
        while a > lo && steps < 10 {
            let i = a - 1;
            let x = &u.t[i];
            steps += 1;
            if self.joining_dash(i) && i > lo {
                a = i - 1;
                continue;
            }
            if x.kind != Kind::Word {
                break;
            }
            if x.lex & DET != 0 && !x.cap {
                a = i;
                // `Mr. Morgan of the Sierra Club`: keep going past "of the".
                if i >= lo + 2
                    && u.t[i - 1].has(CONNECT)
                    && !u.t[i - 1].has(AND)
                    && u.t[i - 2].cap
                    && u.t[i - 2].is_word()
                {
                    a = i - 2;
                    continue;
                }
                // `a senior official`, `the two senators`: determiners stack.
                if i > lo && u.t[i - 1].is_word() && u.t[i - 1].has(DET) {
                    continue;
                }
                break;
            }
            if x.lex & DET != 0 && x.cap && x.lex & STOP == 0 {
                // "The", "Many" opening the phrase.
                a = i;
                break;
            }
            if x.lex & POSS != 0 {
                a = i;
                continue;
            }
            if x.lex & CONNECT != 0 && x.lex & AND == 0 {
                // "Secretary of State", "the mother of three", "the head of the agency".
                if i > lo
                    && u.t[i - 1].is_word()
                    && (u.t[i - 1].cap && u.t[a].cap
                        || u.t[i - 1].lex & (STOP | CUE) == 0 && !is_ly(self.text(i - 1)))
                {
                    a = i;
                    continue;
                }
                break;
            }
            if x.cap && x.lex & STOP == 0 {
                a = i;
                continue;
            }
            if !x.cap && x.lex & (STOP | CUE) == 0 && lower < 3 && !is_ly(self.text(i)) {
                a = i;
                lower += 1;
                continue;
            }
            if x.cap && x.lex & DET != 0 {
                a = i;
                break;
            }
            break;
        }
        // `Fishing crews in the northern port of Tromso said`: a plural noun phrase opening
        // the clause keeps its place phrase.
        if a >= lo + 2
            && depth == 0
            && matches!(self.text(a - 1), "in" | "from" | "at" | "across")
            && u.t[a - 2].is_word()
            && let Some(inner) = self.np_left_nested(a - 2, lo, depth + 1)
            && inner.1 == a - 1
            && (inner.0 == lo
                || inner.0 == u.sent_first_of(inner.0)
                || matches!(u.t[inner.0 - 1].kind, Kind::Comma | Kind::Mark { .. }))
            && self.group_prep(inner.0, j + 1).is_some()
        {
            return Some((inner.0, j + 1));
        }
        // "The" capitalised at the sentence start is a determiner too.
        Some((a, j + 1))
    }

    /// The source phrase starting at token `i`, found rightwards (`said State Department
    /// spokesman Ned Price`).
    fn np_right(&self, i: usize) -> Option<(usize, usize)> {
        let u = &*self.u;
        let n = u.len();
        if i >= n || u.t[i].kind != Kind::Word {
            return None;
        }
        let sent = u.t[i].sent;
        if u.t[i].lex & SUBJ != 0 {
            return Some((i, i + 1));
        }
        let mut j = i;
        // Sentence openers: "But", "And", "Still".
        while j < n && u.t[j].sent == sent && u.t[j].has(NOT_NAME) && !u.t[j].has(DET | TITLE) {
            j += 1;
            if j - i > 2 {
                return None;
            }
        }
        if j < n && u.t[j].has(SUBJ) && u.t[j].sent == sent {
            return Some((j, j + 1));
        }
        let a = j;
        let mut last_word = None;
        let mut lower = 0;
        while j < n && u.t[j].sent == sent && j - a < 12 {
            let x = &u.t[j];
            if last_word.is_some() && self.joining_dash(j) {
                last_word = Some(j + 1);
                j += 2;
                continue;
            }
            if x.kind != Kind::Word {
                break;
            }
            if x.lex & DET != 0 && (j == a || u.t[j - 1].has(CONNECT)) {
                j += 1;
                continue;
            }
            if x.lex & POSS != 0 && last_word.is_some() {
                j += 1;
                continue;
            }
            if x.lex & CONNECT != 0 && x.lex & AND == 0 {
                if last_word.is_some() && j + 1 < n && (u.t[j + 1].cap || u.t[j + 1].has(DET)) {
                    j += 1;
                    continue;
                }
                break;
            }
            // `Anna Lee spoke out Tuesday`: a day after the verb is no part of the name.
            if x.cap && x.lex & STOP == 0 && !(lower > 0 && x.has(NOT_NAME) && x.has(TIME)) {
                last_word = Some(j);
                j += 1;
                continue;
            }
            if !x.cap && x.lex & (STOP | CUE | THAT) == 0 && lower < 4 && !is_ly(self.text(j)) {
                lower += 1;
                last_word = Some(j);
                j += 1;
                continue;
            }
            break;
        }
        let mut lw = last_word?;
        // `Mayor Jane Holt released …`: a lowercase word after a name is its verb.
        if !u.t[lw].cap && u.t[lw].lex & (TITLE | OBJ) == 0 {
            if let Some(c) = (a..lw).rev().find(|&q| u.t[q].cap || u.t[q].has(TITLE)) {
                if (c + 1..lw).all(|q| !u.t[q].has(POSS)) {
                    lw = c;
                }
            }
        }
        Some((a, lw + 1))
    }

    // ------------------------------------------------------------------ claiming

    fn free(&self, i: usize) -> bool {
        self.u.t[i].claim == 0
    }

    fn claim(&mut self, a: usize, b: usize, id: u32) {
        for t in &mut self.u.t[a..b] {
            if t.claim == 0 {
                t.claim = id;
            }
        }
    }

    /// The token ranges of a region chain ending (or starting) at region `r`, one per
    /// paragraph, marks included.
    fn chain(&self, r: usize) -> Vec<(usize, usize)> {
        let mut head = r;
        let mut guard = 0;
        while let Some(p) = self.regions[head].prev {
            head = p;
            guard += 1;
            if guard > 1_000 {
                break;
            }
        }
        let mut out = Vec::new();
        let mut cur = Some(head);
        while let Some(c) = cur {
            out.push((self.regions[c].open, self.regions[c].end));
            cur = self.regions[c].next;
            if out.len() > 1_000 {
                break;
            }
        }
        out
    }

    fn push_attr(&mut self, c: &CueInfo, parts: Vec<(usize, usize)>) {
        if parts.is_empty() {
            return;
        }
        let id = (self.attrs.len() + 1) as u32;
        for &(a, b) in &parts {
            self.claim(a, b, id);
        }
        self.claim(c.cue.0, c.cue.1, id);
        self.claim(c.src.0, c.src.1, id);
        let extent_end = parts
            .iter()
            .map(|p| p.1)
            .chain([c.cue.1, c.src.1])
            .max()
            .unwrap_or(0)
            .saturating_sub(1);
        let (speaker, stype) = match self.speaker_name(c.src) {
            Some((name, ty)) => (Some(name), ty),
            None => (None, SpeakerType::Unknown),
        };
        self.attrs.push(Attr {
            cue: Some(c.cue),
            src: Some(c.src),
            parts,
            extent_end,
            speaker,
            stype,
            direct: false,
        });
    }

    /// Whether the cue is still free (a source may be shared: `X said …, adding …`).
    fn roles_free(&self, c: &CueInfo) -> bool {
        (c.cue.0..c.cue.1).all(|i| self.free(i))
    }

    /// Content on the left of the source/cue: `“…,” X said`, `…, X said.`
    fn claim_left(&mut self, c: &CueInfo) {
        if !self.roles_free(c) {
            return;
        }
        let before = c.before;
        if before == 0 {
            return;
        }
        let region = self.left_close_region(before);
        if c.weak && region.is_none() {
            return;
        }
        // The content's last token: skip the separating comma/dash (and keep the mark).
        let mut e = before;
        while e > 0 && matches!(self.u.t[e - 1].kind, Kind::Comma | Kind::Dash) {
            e -= 1;
        }
        if e == 0 {
            return;
        }
        let mut parts = Vec::new();
        let start_tok;
        if let Some(r) = region {
            let chain = self.chain(r);
            let head = chain.first().map_or(self.regions[r].open, |p| p.0);
            // Earlier paragraphs of a continued quote, whole.
            for &(a, b) in &chain {
                if self.u.t[a].para != self.u.t[e - 1].para {
                    if (a..b).all(|i| self.free(i)) {
                        parts.push((a, b));
                    }
                } else {
                    break;
                }
            }
            let last_open = chain
                .iter()
                .rev()
                .find(|p| self.u.t[p.0].para == self.u.t[e - 1].para)
                .map_or(head, |p| p.0);
            let sf = self.u.sent_first_of(last_open).min(last_open);
            // `Later, “…,” X said`: an opener before a comma is not part of the content.
            start_tok = if last_open > sf
                && matches!(
                    self.u.t[last_open - 1].kind,
                    Kind::Comma | Kind::Dash | Kind::Colon
                ) {
                last_open
            } else {
                sf
            };
        } else {
            start_tok = self.u.sent_first_of(e - 1);
        }
        // Never run into an earlier claim.
        let mut s = e;
        let limit = e.saturating_sub(self.p.max_content_tokens).max(start_tok);
        while s > limit && self.free(s - 1) {
            s -= 1;
        }
        if s < e && (s..e).any(|i| self.u.t[i].is_word()) {
            parts.push((s, e));
        } else {
            return;
        }
        // `The plan, Smith said, is dead.`: the rest of the sentence is content too.
        if region.is_none()
            && c.after + 1 < self.u.len()
            && self.u.t[c.after].kind == Kind::Comma
            && self.u.same_sent(c.after, c.after + 1)
            && {
                let x = &self.u.t[c.after + 1];
                x.is_word()
                    && !x.cap
                    && x.lex & (CUE | WHO | DET | THAT) == 0
                    && !self.text(c.after + 1).ends_with("ing")
                    && !self.text(c.after + 1).starts_with("which")
            }
        {
            let from = c.after + 1;
            let last = self.u.sent_last_of(from) + 1;
            let mut end = from;
            while end < last
                && end - from < self.p.max_content_tokens
                && self.free(end)
                && !(end > from && self.clause_break(end))
            {
                end += 1;
            }
            if end > from {
                parts.push((from, end));
            }
        }
        // `During his years in office, Obama said, most voters …`: an adverbial lead is not
        // part of the report; the rest of the sentence is.
        if region.is_none() && parts.len() == 2 && self.adverbial_lead(parts[0].0, parts[0].1) {
            parts.remove(0);
        }
        // After the cue: `, adding (later), “B.”` continues the same quote.
        let mut extra_cue = None;
        if region.is_some() && c.after + 2 < self.u.len() && self.u.t[c.after].kind == Kind::Comma {
            let ing = c.after + 1;
            let x = &self.u.t[ing];
            if x.is_word()
                && x.lex & (CUE | CUE_WEAK) != 0
                && self.text(ing).ends_with("ing")
                && self.free(ing)
            {
                let mut q = ing + 1;
                while q < self.u.len()
                    && q < ing + 4
                    && self.u.t[q].is_word()
                    && (self.u.t[q].lex & (TIME | ADV) != 0 || is_ly(self.text(q)))
                {
                    q += 1;
                }
                if q < self.u.len() && matches!(self.u.t[q].kind, Kind::Comma | Kind::Colon) {
                    q += 1;
                }
                if q < self.u.len()
                    && self.is_open_mark(q)
                    && let Some(r2) = self.region_at(q)
                {
                    let chain = self.chain(r2);
                    if chain.iter().all(|p| (p.0..p.1).all(|k| self.free(k))) {
                        parts.extend(chain);
                        extra_cue = Some((ing, ing + 1));
                    }
                }
            }
        }
        // After the cue: `, “B.”` continues the same quote (or, after an unquoted lead, makes
        // the report partial: `There was, she said, “an implicit bargain.”`).
        if c.after < self.u.len()
            && matches!(self.u.t[c.after].kind, Kind::Comma | Kind::Colon)
            && c.after + 1 < self.u.len()
            && self.is_open_mark(c.after + 1)
            && let Some(r2) = self.region_at(c.after + 1)
        {
            for p in self.chain(r2) {
                if (p.0..p.1).all(|i| self.free(i)) {
                    parts.push(p);
                }
            }
        }
        self.push_attr(c, parts);
        if let Some((a, b)) = extra_cue {
            let id = self.attrs.len() as u32;
            self.claim(a, b, id);
        }
    }

    /// Content on the right of the cue: `X said (that) …`, `X said: “…”`.
    fn claim_right(&mut self, c: &CueInfo) {
        if !self.roles_free(c) {
            return;
        }
        let n = self.u.len();
        let mut i = c.after;
        if i >= n || !self.u.same_sent(c.cue.1 - 1, i) {
            // `X said:` closing the paragraph: the next paragraph's quote.
            if i > 0
                && i <= n
                && self.u.t[i - 1].kind == Kind::Colon
                && i < n
                && self.is_open_mark(i)
                && let Some(r) = self.region_at(i)
            {
                let parts: Vec<_> = self
                    .chain(r)
                    .into_iter()
                    .filter(|p| (p.0..p.1).all(|k| self.free(k)))
                    .collect();
                self.push_attr(c, parts);
            }
            return;
        }
        let t = self.u.t[i];
        match t.kind {
            // `said that …` keeps "that": annotators put it in the content.
            Kind::Colon => i += 1,
            Kind::Comma if i + 1 < n && self.is_open_mark(i + 1) => i += 1,
            Kind::Word | Kind::Mark { .. } => {}
            Kind::Comma if c.according => i += 1,
            _ => return,
        }
        if i >= n || matches!(self.text(i), "and" | "or" | "but" | "as" | "nor" | "than") {
            return;
        }
        // A weak cue needs a quote at (or right after) the content start:
        // `called it “a disgrace”`.
        if c.weak && !(i..(i + 5).min(n)).any(|q| self.is_open_mark(q) && self.u.same_sent(i, q)) {
            return;
        }
        // `expressed concern that …` is a report; `expressed openness to …` is an attitude.
        if self.u.t[c.cue.0].has(EXPRESS)
            && !(i..(i + 8).min(n))
                .any(|q| self.u.same_sent(i, q) && (self.u.t[q].has(THAT) || self.is_open_mark(q)))
        {
            return;
        }
        if !self.u.t[i].is_word() && !self.is_open_mark(i) {
            // `said: “` at the paragraph end handled above; anything else is not content.
            if !(self.u.t[i].kind == Kind::Colon) {
                return;
            }
        }
        // A content opening with a quote that ends the sentence (or continues into more
        // paragraphs): the quote only.
        if self.is_open_mark(i)
            && let Some(r) = self.region_at(i)
            && (self.regions[r].next.is_some() || {
                let re = self.regions[r].end;
                let last = self.u.sent_last_of(re.saturating_sub(1).max(i));
                (re..=last.min(n - 1)).all(|q| !self.u.t[q].is_word())
                    || re >= n
                    || self.u.t[re].para != self.u.t[i].para
            })
        {
            let parts: Vec<_> = self
                .chain(r)
                .into_iter()
                .filter(|p| (p.0..p.1).all(|k| self.free(k)))
                .collect();
            self.push_attr(c, parts);
            return;
        }
        let mut end = self.u.sent_last_of(i) + 1;
        // A quote that runs past the sentence end (several quoted sentences).
        let mut j = i;
        let cap = (i + self.p.max_content_tokens).min(n);
        end = end.min(cap);
        let quoted_start = self.is_open_mark(i);
        // Inside a `— … —` aside, whose closing dash does not end the content.
        let mut aside = false;
        while j < end {
            if !self.free(j) {
                end = j;
                break;
            }
            let dash_ends = self.dash_ends(j, &mut aside);
            // Reported speech ends at `;`, a dash, or a new clause outside quotes.
            if !quoted_start
                && j > i
                && self.u.t[j].region == 0
                && (self.u.t[j].kind == Kind::Semi
                    || dash_ends
                    || c.relative && self.u.t[j].kind == Kind::Comma
                    || self.clause_break(j))
            {
                end = j;
                break;
            }
            // A second report joined on: `… and threatened to …`, `…, while Y said …`.
            if !quoted_start && j > i + 1 && self.u.t[j].region == 0 {
                if let Some(stop) = self.next_report(i, j) {
                    end = stop;
                    break;
                }
            }
            if self.is_open_mark(j)
                && let Some(r) = self.region_at(j)
            {
                let re = self.regions[r].end.min(cap);
                if re > end && self.u.t[re - 1].para == self.u.t[j].para {
                    // The quote, and the rest of the sentence it ends in.
                    end = (self.u.sent_last_of(re - 1) + 1).min(cap).max(re);
                }
            }
            j += 1;
        }
        if !(i..end).any(|k| self.u.t[k].is_word()) || self.no_proposition(c, i, end) {
            return;
        }
        self.push_attr(c, vec![(i, end)]);
    }

    /// Whether unquoted content `[i, end)` after cue `c` states nothing: in a relative clause,
    /// a short object noun phrase without a verb (`X, who had supported the closure, said`).
    /// The verb is used in a sense other than speech there. (Prepositional contents such as
    /// `learned of the vote` are kept: PolNeAR train annotates 55 of 97 of them.)
    fn no_proposition(&self, c: &CueInfo, i: usize, end: usize) -> bool {
        let u = &*self.u;
        if (i..end).any(|k| u.t[k].region != 0) {
            return false;
        }
        let words = (i..end).filter(|&k| u.t[k].is_word()).count();
        c.relative
            && u.t[i].has(DET)
            && !u.t[i].cap
            && words <= 4
            && !(i..end).any(|k| {
                let w = self.text(k);
                u.t[k].has(THAT | CUE | SUBJ)
                    || is_be(w)
                    || w.ends_with("ed")
                    || matches!(
                        w,
                        "will"
                            | "would"
                            | "can"
                            | "could"
                            | "should"
                            | "must"
                            | "may"
                            | "had"
                            | "has"
                            | "have"
                    )
            })
    }

    /// Whether token `j` is a spaced dash that ends unquoted content; a dash that opens or
    /// closes a `— … —` aside does not, and toggles `aside`.
    fn dash_ends(&self, j: usize, aside: &mut bool) -> bool {
        let t = &self.u.t[j];
        let dash = t.kind == Kind::Dash && t.region == 0 && self.spaced(j);
        let ends = dash && !*aside && !self.paired_dash(j);
        if dash && !ends {
            *aside = !*aside;
        }
        ends
    }

    /// Where unquoted content that starts at `i` ends: the clause end (`;`, a dash that opens
    /// no aside, `, but …`, a second report), the sentence end or an earlier claim.
    fn clause_end(&self, i: usize) -> usize {
        let n = self.u.len();
        let last = (self.u.sent_last_of(i) + 1).min(i + self.p.max_content_tokens);
        let mut aside = false;
        let mut j = i;
        while j < last {
            let t = &self.u.t[j];
            if !self.free(j) {
                break;
            }
            let dash_ends = self.dash_ends(j, &mut aside);
            if j > i && t.region == 0 && (t.kind == Kind::Semi || dash_ends || self.clause_break(j))
            {
                break;
            }
            if j > i + 1
                && t.region == 0
                && let Some(stop) = self.next_report(i, j)
            {
                return stop;
            }
            j += 1;
        }
        j.min(n)
    }

    /// Reports without a source: `X reportedly …`, `X was asked about …`, `Asked about …, X
    /// said`. The content is the subject and the rest of its clause; the cue is left out. (Evidential and attitude
    /// frames — `X seems to`, `X is expected to` — are not speech and stay out.)
    fn raised(&mut self) {
        let n = self.u.len();
        for k in 0..n {
            let t = self.u.t[k];
            if k == 0 && !t.cap {
                continue;
            }
            if !t.is_word() || t.region != 0 || !self.free(k) {
                continue;
            }
            // `Asked about the plan, Lee said …`: a question put to Lee by someone unnamed.
            if t.cap {
                let sfirst = self.u.sent_first_of(k);
                if k == sfirst && self.text(k) == "Asked" && k + 1 < n && self.u.same_sent(k, k + 1)
                {
                    let last = (self.u.sent_last_of(k) + 1).min(k + 40);
                    if let Some(c) = (k + 2..last)
                        .find(|&q| self.u.t[q].kind == Kind::Comma && self.u.t[q].region == 0)
                        && (k + 1..c).all(|q| self.free(q))
                        && (k + 1..c).all(|q| self.u.t[q].region == 0)
                    {
                        let id = (self.attrs.len() + 1) as u32;
                        self.claim(k, c, id);
                        self.attrs.push(Attr {
                            cue: Some((k, k + 1)),
                            src: None,
                            parts: vec![(k + 1, c)],
                            extent_end: c - 1,
                            speaker: None,
                            stype: SpeakerType::Unknown,
                            direct: false,
                        });
                    }
                }
                continue;
            }
            let w = self.text(k);
            // The cue's first token, and where the content resumes.
            let (cue0, from) = match w {
                "asked" => {
                    let mut b = k - 1;
                    let mut steps = 0;
                    while b > 0 && steps < 2 && self.u.t[b].has(ADV) && !is_be(self.text(b)) {
                        b -= 1;
                        steps += 1;
                    }
                    if !is_be(self.text(b)) || !self.u.same_sent(b, k) {
                        continue;
                    }
                    (b, k + 1)
                }
                "reportedly" => (k, k + 1),
                _ => continue,
            };
            if from >= n || !self.u.same_sent(k, from) || !self.u.t[from].is_word() {
                continue;
            }
            if (cue0..from).any(|q| !self.free(q)) {
                continue;
            }
            // The subject, past auxiliaries.
            let sfirst = self.u.sent_first_of(k);
            if cue0 <= sfirst {
                continue;
            }
            let mut j = cue0 - 1;
            let mut steps = 0;
            while j > sfirst && steps < 3 && (self.u.t[j].has(ADV) || is_be(self.text(j))) {
                j -= 1;
                steps += 1;
            }
            let x = &self.u.t[j];
            let subj = if x.has(SUBJ) || x.has(WHO) || matches!(self.text(j), "which" | "that") {
                Some((j, j + 1))
            } else {
                self.np_left(j, sfirst)
            };
            let Some(subj) = subj else { continue };
            if (subj.0..cue0).any(|q| !self.free(q)) {
                continue;
            }
            let end = self.clause_end(from);
            if !(from..end).any(|q| self.u.t[q].is_word()) {
                continue;
            }
            let mut parts = Vec::with_capacity(2);
            if !matches!(self.text(subj.0), "it" | "It" | "there" | "There") {
                parts.push((subj.0, cue0));
            }
            parts.push((from, end));
            let id = (self.attrs.len() + 1) as u32;
            for &(a, b) in &parts {
                self.claim(a, b, id);
            }
            self.claim(cue0, from, id);
            self.attrs.push(Attr {
                cue: Some((cue0, from)),
                src: None,
                parts,
                extent_end: end - 1,
                speaker: None,
                stype: SpeakerType::Unknown,
                direct: false,
            });
        }
    }

    /// Whether a new report starts at token `j` of a content that began at `i`: `and` + a
    /// cue verb (`… and threatened to …`), or a conjunction + subject + cue (`…, while Y said`).
    /// Returns where the content ends.
    fn next_report(&self, i: usize, j: usize) -> Option<usize> {
        let u = &*self.u;
        let t = &u.t[j];
        if t.kind != Kind::Word || t.cap || t.lex & CUE == 0 {
            return None;
        }
        let prev = &u.t[j - 1];
        if prev.has(AND) {
            return Some(j - 1);
        }
        let k = self.skip_adv_left(j - 1, i)?;
        let np = self.np_left(k, i)?;
        if np.0 <= i + 1 {
            return None;
        }
        let before = np.0 - 1;
        let joiner = matches!(u.t[before].kind, Kind::Comma | Kind::Dash)
            || matches!(
                self.text(before),
                "and" | "but" | "while" | "whereas" | "as"
            );
        if !joiner {
            return None;
        }
        let mut stop = before;
        if stop > i && u.t[stop - 1].kind == Kind::Comma {
            stop -= 1;
        }
        Some(stop)
    }

    /// Whether the comma at `j` starts a new clause: `, but …`, `, adding …`, `, Smith said`.
    fn clause_break(&self, j: usize) -> bool {
        let u = &*self.u;
        let n = u.len();
        if u.t[j].kind != Kind::Comma || j + 1 >= n || !u.same_sent(j, j + 1) {
            return false;
        }
        let next = &u.t[j + 1];
        if next.kind != Kind::Word {
            return false;
        }
        let w = self.text(j + 1);
        if matches!(
            w,
            "and"
                | "but"
                | "while"
                | "however"
                | "compared"
                | "although"
                | "though"
                | "whereas"
                | "according"
                | "which"
                | "who"
                | "where"
                | "yet"
                | "so"
        ) || next.lex & (CUE | CUE_WEAK) != 0 && w.ends_with("ing")
        {
            return true;
        }
        // `, Smith said` / `, he added`
        let mut q = j + 1;
        while q < n && q < j + 6 && u.same_sent(j, q) {
            let x = &u.t[q];
            if x.kind != Kind::Word {
                return false;
            }
            if x.lex & CUE != 0 && !x.cap && q > j + 1 {
                return true;
            }
            if !(x.cap || x.lex & (SUBJ | ADV | DET | TITLE) != 0) {
                return false;
            }
            q += 1;
        }
        false
    }

    // ------------------------------------------------------------------ continuations

    /// `Name: statement` opening a paragraph (headlines, transcripts): the colon is the cue.
    fn colon_lines(&mut self) {
        let n = self.u.len();
        for p in 0..self.u.para_first.len() {
            let mut first = self.u.para_first[p];
            // `"WALLACE: …` — a transcript line inside a quote.
            let in_quote = self.is_open_mark(first);
            if in_quote {
                first += 1;
            }
            if first >= n {
                continue;
            }
            let Some(src) = self.np_right(first) else {
                continue;
            };
            let label = &self.body[self.u.t[src.0].s..self.u.t[src.1 - 1].e];
            if is_furniture_label(label) {
                continue;
            }
            if in_quote
                && !self.body[self.u.t[src.0].s..self.u.t[src.1 - 1].e]
                    .chars()
                    .all(|c| !c.is_lowercase())
            {
                continue;
            }
            let colon = src.1;
            if colon + 1 >= n
                || self.u.t[colon].kind != Kind::Colon
                || self.u.t[colon].para as usize != p
                || !self.u.t[src.1 - 1].cap
                || src.1 - src.0 > 7
                || (src.0..src.1).any(|q| !in_quote && self.u.t[q].region != 0 || !self.free(q))
            {
                continue;
            }
            let from = colon + 1;
            let last = if in_quote {
                let r = self.u.t[first - 1].region;
                self.regions[(r - 1) as usize].end
            } else {
                self.u.sent_last_of(from) + 1
            };
            let mut end = from;
            while end < last && end - from < self.p.max_content_tokens && self.free(end) {
                end += 1;
            }
            if (from..end).filter(|&q| self.u.t[q].is_word()).count() < 3 {
                continue;
            }
            let info = CueInfo {
                cue: (colon, colon + 1),
                src,
                side: Side::Right,
                before: colon,
                after: from,
                weak: false,
                according: false,
                relative: false,
            };
            self.push_attr(&info, vec![(from, end)]);
            if let Some(a) = self.attrs.last_mut() {
                a.direct = is_direct(self.u, &a.parts);
            }
        }
    }

    /// `Mr. Smith shot back: “…”`, `… released the following statement:` + quote paragraph:
    /// a quote introduced by a colon, spoken by the subject of the introducing sentence.
    fn colon_quotes(&mut self) {
        let n = self.u.len();
        for r in 0..self.regions.len() {
            let reg = self.regions[r];
            if reg.prev.is_some() || reg.open == 0 {
                continue;
            }
            let colon = reg.open - 1;
            if self.u.t[colon].kind != Kind::Colon
                || self.u.t[colon].region != 0
                || self.furniture_para(self.u.t[colon].para as usize)
            {
                continue;
            }
            let sfirst = self.u.sent_first_of(colon);
            if colon <= sfirst || colon - sfirst > 40 {
                continue;
            }
            // After a leading subordinate clause (`When Wallace died, Clinton said:`).
            let mut start = sfirst;
            if self.u.t[sfirst].lex & (NOT_NAME | PREP) != 0
                && let Some(c) = (sfirst..colon).find(|&q| self.u.t[q].kind == Kind::Comma)
            {
                start = c + 1;
            }
            let Some(src) = self
                .np_right(start)
                .filter(|s| s.1 < colon)
                .or_else(|| self.first_subject(start, colon))
            else {
                continue;
            };
            let head = &self.u.t[src.1 - 1];
            if !(head.cap || head.lex & (SUBJ | TITLE) != 0) || !self.free(colon) {
                continue;
            }
            let chain = self.chain(r);
            if chain.iter().any(|&(x, y)| (x..y).any(|q| !self.free(q))) {
                continue;
            }
            // The verb right before the colon (or the colon itself) is the cue.
            let cue = if colon > src.1 && self.u.t[colon - 1].is_word() {
                (colon - 1, colon)
            } else {
                (colon, colon + 1)
            };
            if cue.1 > n || (cue.0..cue.1).any(|q| !self.free(q)) {
                continue;
            }
            let info = CueInfo {
                cue,
                src,
                side: Side::Right,
                before: colon,
                after: reg.open,
                weak: false,
                according: false,
                relative: false,
            };
            self.push_attr(&info, chain);
            if let Some(a) = self.attrs.last_mut() {
                a.direct = is_direct(self.u, &a.parts);
            }
        }
    }

    /// `“…” ― Name`: a quote signed after a dash, on its line or the next one.
    fn signed_quotes(&mut self) {
        let n = self.u.len();
        for r in 0..self.regions.len() {
            let reg = self.regions[r];
            if reg.next.is_some() {
                continue;
            }
            let Some(c) = reg.close.or(Some(reg.end.saturating_sub(1))) else {
                continue;
            };
            let mut d = c + 1;
            while d < n && matches!(self.u.t[d].kind, Kind::End | Kind::Comma) && d < c + 3 {
                d += 1;
            }
            if d + 1 >= n || self.u.t[d].kind != Kind::Dash {
                continue;
            }
            let same_para = self.u.t[d].para == self.u.t[c].para;
            let next_line =
                self.u.t[d].para == self.u.t[c].para + 1 && self.u.para_first_of(d) == d;
            if !(same_para || next_line) {
                continue;
            }
            let Some(src) = self.np_right(d + 1) else {
                continue;
            };
            if !self.u.t[src.1 - 1].cap || self.u.t[src.1 - 1].para != self.u.t[d].para {
                continue;
            }
            // The name ends the line: nothing but a full stop or the next quote after it.
            let e = src.1;
            let ends = e >= n
                || self.u.t[e].para != self.u.t[d].para
                || self.is_open_mark(e)
                || matches!(self.u.t[e].kind, Kind::End)
                    && (e + 1 >= n
                        || self.u.t[e + 1].para != self.u.t[d].para
                        || self.is_open_mark(e + 1));
            if !ends {
                continue;
            }
            let chain = self.chain(r);
            if chain.iter().any(|&(x, y)| (x..y).any(|q| !self.free(q)))
                || (d..e).any(|q| !self.free(q))
            {
                continue;
            }
            let info = CueInfo {
                cue: (d, d + 1),
                src,
                side: Side::Left,
                before: d,
                after: e,
                weak: false,
                according: false,
                relative: false,
            };
            self.push_attr(&info, chain);
            if let Some(a) = self.attrs.last_mut() {
                a.direct = true;
            }
        }
    }

    /// Unclaimed quotes that continue the attribution before them.
    fn continuations(&mut self) {
        let mut para_claimed = vec![false; self.u.para_first.len()];
        for t in &self.u.t {
            if t.claim != 0 {
                para_claimed[t.para as usize] = true;
            }
        }
        let mut order: Vec<usize> = (0..self.attrs.len()).collect();
        order.sort_by_key(|&a| self.attrs[a].extent_end);
        let mut ai = 0usize;
        let mut last: Option<usize> = None;
        let mut new_attrs = Vec::new();
        for r in 0..self.regions.len() {
            let reg = self.regions[r];
            if reg.prev.is_some() {
                continue;
            }
            let open = reg.open;
            while ai < order.len() && self.attrs[order[ai]].extent_end < open {
                let cand = order[ai];
                if last.is_none_or(|l| self.attrs[l].extent_end <= self.attrs[cand].extent_end) {
                    last = Some(cand);
                }
                ai += 1;
            }
            if (open..reg.end).any(|i| !self.free(i)) {
                continue;
            }
            let Some(a) = last else { continue };
            let attr_end = self.attrs[a].extent_end;
            let words = (open..reg.end).filter(|&i| self.u.t[i].is_word()).count();
            if words == 0 {
                continue;
            }
            let same_para = self.u.t[attr_end].para == self.u.t[open].para;
            let next_para = self.u.t[attr_end].para + 1 == self.u.t[open].para
                && self.u.para_first_of(open) == open
                && !para_claimed[self.u.t[open].para as usize];
            let prev_tok = open.checked_sub(1).map(|p| self.u.t[p].kind);
            let sep_ok = self.u.sent_first_of(open) == open
                || matches!(
                    prev_tok,
                    Some(Kind::Comma | Kind::End | Kind::Colon | Kind::Semi | Kind::Dash)
                );
            let gap_ok = same_para && sep_ok && {
                let cue_sent = self.u.t[attr_end].sent;
                let from = attr_end + 1;
                open - from <= 40
                    && (from..open).all(|i| {
                        let t = &self.u.t[i];
                        t.sent == cue_sent || !(t.is_word() || t.is_mark())
                    })
            };
            let chain = self.chain(r);
            if (gap_ok || next_para) && self.attrs[a].direct {
                let id = (a + 1) as u32;
                for &(x, y) in &chain {
                    self.claim(x, y, id);
                }
                let at = &mut self.attrs[a];
                let new_end = chain.last().map_or(at.extent_end, |p| p.1 - 1);
                at.parts.extend(chain);
                at.extent_end = new_end;
                continue;
            }
            if next_para && words >= 4 && self.attrs[a].speaker.is_some() {
                // A new quote paragraph after reported speech: same speaker, no cue.
                let src = self.attrs[a].src;
                let speaker = self.attrs[a].speaker.clone();
                let stype = self.attrs[a].stype;
                let id = (self.attrs.len() + new_attrs.len() + 1) as u32;
                for &(x, y) in &chain {
                    self.claim(x, y, id);
                }
                let extent_end = chain.last().map_or(open, |p| p.1 - 1);
                new_attrs.push(Attr {
                    cue: None,
                    src,
                    parts: chain,
                    extent_end,
                    speaker,
                    stype,
                    direct: true,
                });
            }
        }
        self.attrs.extend(new_attrs);
    }

    // ------------------------------------------------------------------ speakers

    /// The resolved name of a source phrase and what it names. Never a bare determiner,
    /// adjective, title or place: such a phrase has no name (`None`).
    fn speaker_name(&self, src: (usize, usize)) -> Option<(String, SpeakerType)> {
        let (name, ty) = self.speaker_name_raw(src)?;
        // A lone word that is never a name (`The`, `Many`) names nobody.
        let u = &*self.u;
        if src.1 == src.0 + 1 || !name.contains(' ') {
            let lone = (src.0..src.1)
                .find(|&q| self.text(q) == name)
                .is_some_and(|q| u.t[q].has(DET | NOT_NAME | STOP));
            if lone {
                return None;
            }
        }
        Some((name, ty))
    }

    fn speaker_name_raw(&self, (a, b): (usize, usize)) -> Option<(String, SpeakerType)> {
        let u = &*self.u;
        // `voters who said …`: name the phrase the relative pronoun stands for.
        if b == a + 1 && u.t[a].has(WHO) {
            let np = a
                .checked_sub(1)
                .and_then(|p| self.np_left(p, u.sent_first_of(a)))?;
            return self.speaker_name(np);
        }
        if b == a + 1 && u.t[a].has(SUBJ) {
            let g = if u.t[a].has(PRON_M) {
                Gender::Male
            } else if u.t[a].has(PRON_F) {
                Gender::Female
            } else {
                // `it`, `they`, `we`: resolved to organisations and groups after all reports
                // are found ([`resolve_group_pronouns`]).
                return None;
            };
            return self
                .people
                .before(a, g)
                .map(|n| (n.to_owned(), SpeakerType::Person));
        }
        // `Fishing crews in the northern port of Tromso`: a group named by its whole phrase.
        if let Some(q) = self.group_prep(a, b) {
            let mut first = a;
            if u.t[first].has(DET) && u.t[first].cap && q > first + 1 {
                first += 1;
            }
            let _ = q;
            return Some((
                self.body[u.t[first].s..u.t[b - 1].e].to_owned(),
                SpeakerType::Group,
            ));
        }
        let mut name0 = a;
        while name0 + 1 < b && (u.t[name0].has(DET | POSS) || !u.t[name0].cap) {
            name0 += 1;
        }
        if let Some((name, label)) = self
            .people
            .entity_name(u.t[a].s, u.t[b - 1].e, u.t[name0].s)
        {
            let ty = match label {
                EntityLabel::Per => SpeakerType::Person,
                _ => SpeakerType::Organisation,
            };
            return Some((name.to_owned(), ty));
        }
        // `the northern port of Tromso`: a common noun phrase, not the place's name.
        if let Some(q) =
            (a + 1..b.saturating_sub(1)).find(|&q| u.t[q].has(CONNECT) && !u.t[q].has(AND))
            && !u.t[q - 1].cap
            && !u.t[q - 1].has(TITLE)
            && !(q..b).any(|i| {
                u.t[i].kind == Kind::Comma || u.t[i].has(FIRST) || self.people.is_person(i)
            })
        {
            let mut first = a;
            if u.t[first].has(DET) && u.t[first].cap {
                first += 1;
            }
            let head = self.text(q - 1);
            let ty = if u.t[q - 1].has(ORGW) {
                SpeakerType::Organisation
            } else if head.len() > 3 && head.ends_with('s') && !head.ends_with("ss") {
                SpeakerType::Group
            } else {
                SpeakerType::Unknown
            };
            return Some((self.body[u.t[first].s..u.t[b - 1].e].to_owned(), ty));
        }
        // `Mr. Morgan of the Sierra Club`: the person before "of the".
        let mut b = b;
        if let Some(q) = (a + 1..b.saturating_sub(1))
            .find(|&q| u.t[q].has(CONNECT) && !u.t[q].has(AND) && u.t[q + 1].has(DET))
            && u.t[q - 1].cap
            && !u.t[q - 1].has(TITLE | DET)
        {
            b = q;
        }
        let e = u.t[b - 1].e;
        // Organisations keep their whole phrase; common nouns too.
        let org = u.t[b - 1].cap && u.t[b - 1].has(ORGW);
        let head_lower = !u.t[b - 1].cap;
        let mut first = a;
        while first < b && u.t[first].has(DET) && u.t[first].cap && u.t[first].has(NOT_NAME) {
            first += 1;
        }
        if org || head_lower {
            // `Its chairman, Per Lunde,`: the person the title is in apposition with.
            if head_lower
                && u.t[b - 1].has(TITLE)
                && let Some(name) = self.apposed_name(b)
            {
                return Some(name);
            }
            if head_lower && first < b && u.t[first].cap && u.t[first].has(NOT_NAME) {
                first += 1;
            }
            let s = u.t[first.min(b - 1)].s;
            let head = self.text(b - 1);
            let ty = if u.t[b - 1].has(ORGW) {
                SpeakerType::Organisation
            } else if u.t[b - 1].has(TITLE) {
                SpeakerType::Person
            } else if head_lower && head.len() > 3 && head.ends_with('s') && !head.ends_with("ss") {
                SpeakerType::Group
            } else {
                SpeakerType::Unknown
            };
            return Some((self.body[s..e].to_owned(), ty));
        }
        // A person's name: after the last title, skipping "of State"; from a first name on.
        let mut ns = a;
        while ns + 1 < b && u.t[ns].has(NOT_NAME) {
            ns += 1;
        }
        for i in a..b {
            if u.t[i].has(TITLE) {
                ns = i + 1;
            }
        }
        while ns + 1 < b && u.t[ns].has(CONNECT) {
            ns += 2;
        }
        // `a neighbour, Ola Brandt`: the name after the comma.
        if let Some(c) = (ns.min(b)..b).rev().find(|&i| u.t[i].kind == Kind::Comma)
            && c + 1 < b
            && u.t[c + 1].cap
        {
            ns = c + 1;
        }
        if let Some(f) = (ns.min(b)..b).find(|&i| u.t[i].has(FIRST)) {
            ns = f;
        }
        let mut end = b;
        while end > ns + 1 && u.t[end - 1].has(POSS) {
            end -= 1;
        }
        if ns >= end {
            // Only titles ("the President"): the whole phrase.
            if let Some(name) = self.apposed_name(b) {
                return Some(name);
            }
            return Some((
                self.body[u.t[first.min(b - 1)].s..e].to_owned(),
                SpeakerType::Person,
            ));
        }
        let name = &self.body[u.t[ns].s..u.t[end - 1].e];
        if let Some(full) = self.people.full_name(name) {
            return Some((full.to_owned(), SpeakerType::Person));
        }
        let ty = if self.people.is_person(ns) || u.t[ns].has(FIRST) || ns > a {
            SpeakerType::Person
        } else {
            SpeakerType::Unknown
        };
        Some((name.to_owned(), ty))
    }

    /// The person named in apposition right after a title phrase ending before token `b`
    /// (`Its chairman, Per Lunde,`).
    fn apposed_name(&self, b: usize) -> Option<(String, SpeakerType)> {
        let u = &*self.u;
        if b + 1 >= u.len() || u.t[b].kind != Kind::Comma || !u.same_sent(b, b + 1) {
            return None;
        }
        let first = b + 1;
        let mut end = first;
        while end < u.len() && end < first + 4 && u.t[end].is_word() && u.t[end].cap {
            end += 1;
        }
        if end == first || end >= u.len() || !matches!(u.t[end].kind, Kind::Comma) {
            return None;
        }
        if !(first..end).any(|q| self.people.is_person(q) || u.t[q].has(FIRST)) {
            return None;
        }
        let name = &self.body[u.t[first].s..u.t[end - 1].e];
        let name = self.people.full_name(name).unwrap_or(name);
        Some((name.to_owned(), SpeakerType::Person))
    }

    /// Where a group phrase's place part starts (`crews in the port of Tromso`: the index of
    /// `in`), when `[a, b)` is a plural common noun followed by a place.
    fn group_prep(&self, a: usize, b: usize) -> Option<usize> {
        let u = &*self.u;
        let q = (a + 1..b.saturating_sub(1))
            .find(|&q| matches!(self.text(q), "in" | "from" | "at" | "across"))?;
        let head = self.text(q - 1);
        let plural = head.len() > 3 && head.ends_with('s') && !head.ends_with("ss");
        (plural && !u.t[q - 1].has(STOP | ORGW) && !self.people.is_person(q - 1)).then_some(q)
    }

    /// `it`, `they` and `we` reporting: the organisation or group spoken of most recently
    /// before the pronoun — a report's source of that type or an organisation name — within
    /// the pronoun's paragraph and the one before. Run after all reports are found.
    fn resolve_group_pronouns(&mut self) {
        let u = &*self.u;
        let mut order: Vec<usize> = (0..self.attrs.len()).collect();
        order.sort_by_key(|&i| self.attrs[i].src.map_or(usize::MAX, |s| s.0));
        // (token, attr index) of reports whose source is an organisation or a group.
        let mut seen: Vec<(usize, usize)> = Vec::new();
        for i in order {
            let Some((a, b)) = self.attrs[i].src else {
                continue;
            };
            let pron = b == a + 1
                && u.t[a].has(PRON_PL | PRON_X)
                && matches!(
                    self.text(a).to_ascii_lowercase().as_str(),
                    "it" | "they" | "we"
                );
            if pron && self.attrs[i].speaker.is_none() {
                let plural = !self.text(a).eq_ignore_ascii_case("it");
                let para = u.t[a].para;
                let near = |tok: usize| u.t[tok].para + 1 >= para;
                let from_attr = seen
                    .iter()
                    .rev()
                    .find(|&&(tok, j)| {
                        near(tok) && (plural || self.attrs[j].stype != SpeakerType::Group)
                    })
                    .map(|&(tok, j)| (tok, j));
                let from_org = self.people.org_before(a).filter(|&(tok, _)| near(tok));
                let pick = match (from_attr, from_org) {
                    (Some((t1, j)), Some((t2, name))) => {
                        if t2 > t1 {
                            Some((name.to_owned(), SpeakerType::Organisation))
                        } else {
                            let x = &self.attrs[j];
                            x.speaker.clone().map(|n| (n, x.stype))
                        }
                    }
                    (Some((_, j)), None) => {
                        let x = &self.attrs[j];
                        x.speaker.clone().map(|n| (n, x.stype))
                    }
                    (None, Some((_, name))) => Some((name.to_owned(), SpeakerType::Organisation)),
                    (None, None) => None,
                };
                if let Some((_, j)) = from_attr
                    && !plural
                    && pick.as_ref().map(|p| &p.0) == self.attrs[j].speaker.as_ref()
                {
                    // A name that speaks as `it` is an organisation (`Greenpeace Nordic`).
                    let name = self.attrs[j].speaker.clone();
                    for x in self.attrs.iter_mut().filter(|x| x.speaker == name) {
                        x.stype = SpeakerType::Organisation;
                    }
                }
                if let Some((name, ty)) = pick {
                    // `it` speaks for an organisation, whatever its name looked like.
                    let ty = if plural {
                        ty
                    } else {
                        SpeakerType::Organisation
                    };
                    self.attrs[i].speaker = Some(name);
                    self.attrs[i].stype = ty;
                }
            }
            // Candidates: organisations, groups, and names that are no known person (a name
            // with a first name or a gendered title is a person, never `it`).
            let candidate = match self.attrs[i].stype {
                SpeakerType::Organisation | SpeakerType::Group => true,
                SpeakerType::Person => {
                    !pron
                        && !(a..b).any(|q| u.t[q].has(FIRST | TITLE | SUBJ))
                        && self.attrs[i]
                            .speaker
                            .as_deref()
                            .is_some_and(|n| self.people.gender_of(n) == Gender::Unknown)
                }
                SpeakerType::Unknown => false,
            };
            if candidate && self.attrs[i].speaker.is_some() {
                seen.push((a, i));
            }
        }
    }

    // ------------------------------------------------------------------ output

    fn finish(self) -> Vec<Quote> {
        let mut out = Vec::with_capacity(self.attrs.len());
        let mut attrs = self.attrs;
        attrs.sort_by_key(|a| a.parts.first().map_or(usize::MAX, |p| p.0));
        for a in attrs {
            let kind = kind_of(self.u, &a.parts);
            let mut frags: Vec<Span> = Vec::with_capacity(a.parts.len());
            for &(x, y) in &a.parts {
                if let Some(sp) = part_span(self.u, x, y) {
                    frags.push(sp);
                }
            }
            let (Some(first), Some(last)) = (frags.first().copied(), frags.last().copied()) else {
                continue;
            };
            let span = Span::new(first.start, last.end);
            let quoted = if kind == QuoteKind::Indirect {
                Vec::new()
            } else {
                quoted_pieces(self.u, &a.parts)
            };
            let tok_span = |(x, y): (usize, usize)| Span::new(self.u.t[x].s, self.u.t[y - 1].e);
            out.push(Quote {
                span,
                spans: frags,
                quoted,
                kind,
                speaker_type: if a.speaker.is_some() {
                    a.stype
                } else {
                    SpeakerType::Unknown
                },
                speaker: a.speaker,
                speaker_span: a.src.map(tok_span),
                cue: a.cue.map(tok_span),
            });
        }
        out
    }
}

/// The quoted pieces of content parts: each run of tokens inside one quote region, without
/// its quotation marks and without a trailing `,`/`:`/`;`/dash (`“We will win,” she said` →
/// `We will win`), so that every piece lies inside the report's `start`/`end`.
fn quoted_pieces(u: &Units, parts: &[(usize, usize)]) -> Vec<Span> {
    let mut out = Vec::new();
    for &(a, b) in parts {
        let mut i = a;
        while i < b {
            let r = u.t[i].region;
            if r == 0 {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < b && u.t[j].region == r {
                j += 1;
            }
            let (mut x, mut y) = (i, j);
            while x < y && u.t[x].is_mark() {
                x += 1;
            }
            // Marks, and the comma or colon that stands in for a full stop before `, she said`.
            while y > x
                && (u.t[y - 1].is_mark()
                    || matches!(
                        u.t[y - 1].kind,
                        Kind::Comma | Kind::Colon | Kind::Semi | Kind::Dash
                    ))
            {
                y -= 1;
            }
            if (x..y).any(|k| u.t[k].is_word()) {
                out.push(Span::new(u.t[x].s, u.t[y - 1].e));
            }
            i = j;
        }
    }
    out
}

/// Direct when every word of the content is quoted.
fn is_direct(u: &Units, parts: &[(usize, usize)]) -> bool {
    kind_of(u, parts) == QuoteKind::Direct
}

fn kind_of(u: &Units, parts: &[(usize, usize)]) -> QuoteKind {
    let (mut quoted, mut plain) = (0usize, 0usize);
    for &(a, b) in parts {
        for t in &u.t[a..b] {
            if t.kind == Kind::Word {
                if t.region != 0 {
                    quoted += 1;
                } else {
                    plain += 1;
                }
            }
        }
    }
    match (quoted, plain) {
        (q, 0) if q > 0 => QuoteKind::Direct,
        (q, _) if q > 0 => QuoteKind::Partial,
        _ => QuoteKind::Indirect,
    }
}

/// The byte span of a content part, without leading/trailing marks and separators (and
/// without a final full stop outside quotes).
fn part_span(u: &Units, mut a: usize, mut b: usize) -> Option<Span> {
    if b > a && u.t[b - 1].kind == Kind::End && u.t[b - 1].region == 0 {
        b -= 1;
    }
    while a < b && matches!(u.t[a].kind, Kind::Mark { .. } | Kind::Comma | Kind::Colon) {
        a += 1;
    }
    while b > a
        && matches!(
            u.t[b - 1].kind,
            Kind::Mark {
                dir: Dir::Close | Dir::Ambig,
                ..
            } | Kind::Mark { .. }
                | Kind::Comma
                | Kind::Colon
                | Kind::Semi
                | Kind::Dash
        )
    {
        b -= 1;
    }
    (a < b).then(|| Span::new(u.t[a].s, u.t[b - 1].e))
}
