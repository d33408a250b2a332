//! People and organisations in the article: who a mention names, and which person a pronoun
//! stands for.
//!
//! Capitalised name runs are found in one pass: a run is a person when it starts with a known
//! first name, follows a person title (`Sen.`, `spokeswoman`), or is a later mention of a known
//! surname ("Blinken" after "Antony Blinken"). With entities from `tag_entities`, PER entities
//! are added as people, and an entity's `canonical` names every mention it covers.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use copydesk_core::{Entity, EntityLabel};

use crate::lexicon::{ADV, CUE, FEMALE, FIRST, Fnv, MALE, NOT_NAME, ORGW, TITLE};
use crate::units::{Kind, Units};

/// A person's grammatical gender as far as names and titles tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Male,
    Female,
    Unknown,
}

impl Gender {
    fn from_lex(lex: u32) -> Gender {
        if lex & MALE != 0 && lex & FEMALE == 0 {
            Gender::Male
        } else if lex & FEMALE != 0 && lex & MALE == 0 {
            Gender::Female
        } else {
            Gender::Unknown
        }
    }

    /// Whether a pronoun of gender `self` can refer to a person of gender `other`.
    pub fn fits(self, other: Gender) -> bool {
        self == Gender::Unknown || other == Gender::Unknown || self == other
    }
}

#[derive(Debug)]
struct Person {
    name: String,
    gender: Gender,
}

/// An entity seen from the token view.
#[derive(Debug, Clone)]
struct EntityRef {
    s: usize,
    e: usize,
    label: EntityLabel,
    canonical: String,
}

/// The people of one document.
#[derive(Debug, Default)]
pub(crate) struct People {
    people: Vec<Person>,
    by_last: HashMap<String, usize, BuildHasherDefault<Fnv>>,
    /// (token index of the mention, person index), in text order.
    mentions: Vec<(usize, usize)>,
    /// Entities sorted by start (empty without `tag_entities`).
    entities: Vec<EntityRef>,
    /// Organisation mentions (token index, name), in text order: ORG entities and
    /// capitalised runs ending in an organisation word (`Ministry`, `Association`).
    orgs: Vec<(usize, String)>,
}

/// Gender from the first word of a name.
fn gender_of_name(name: &str, table: &crate::lexicon::Table) -> Gender {
    let first = name.split_whitespace().next().unwrap_or("");
    let mut buf = [0u8; crate::lexicon::MAX_KEY];
    let lex = crate::lexicon::key(first, &mut buf)
        .and_then(|k| table.get(k))
        .unwrap_or(0);
    if lex & FIRST != 0 {
        Gender::from_lex(lex)
    } else {
        Gender::Unknown
    }
}

impl People {
    /// Finds the people of the document.
    pub fn new(
        body: &str,
        u: &Units,
        entities: Option<&[Entity]>,
        table: &crate::lexicon::Table,
    ) -> People {
        let mut p = People::default();
        p.scan(body, u);
        if let Some(ents) = entities {
            // Entity people first in the name table, so that surnames resolve to canonicals.
            p.add_entities(body, u, ents, table);
            p.mentions.sort_by_key(|&(tok, _)| tok);
        }
        p
    }

    fn add_person(&mut self, name: &str, last: &str, gender: Gender) -> usize {
        if let Some(&idx) = self.by_last.get(last)
            && self.people[idx].name == name
        {
            if self.people[idx].gender == Gender::Unknown {
                self.people[idx].gender = gender;
            }
            return idx;
        }
        self.people.push(Person {
            name: name.to_owned(),
            gender,
        });
        let idx = self.people.len() - 1;
        self.by_last.insert(last.to_owned(), idx);
        idx
    }

    fn add_entities(
        &mut self,
        body: &str,
        u: &Units,
        ents: &[Entity],
        table: &crate::lexicon::Table,
    ) {
        let mut sorted: Vec<&Entity> = ents
            .iter()
            .filter(|e| e.span.start < e.span.end && e.span.end <= body.len())
            .collect();
        sorted.sort_by_key(|e| e.span.start);
        for e in sorted {
            // `Mayor Alan Fisk` and `Alan Fisk` are one person: titles are no part of a name.
            let canonical = if e.label == EntityLabel::Per {
                untitled(&e.canonical, table)
            } else {
                e.canonical.clone()
            };
            self.entities.push(EntityRef {
                s: e.span.start,
                e: e.span.end,
                label: e.label,
                canonical: canonical.clone(),
            });
            let e = &Entity {
                canonical,
                ..e.clone()
            };
            let tok = u.t.partition_point(|t| t.e <= e.span.start);
            if tok >= u.len() {
                continue;
            }
            if e.label == EntityLabel::Org {
                self.orgs.push((tok, e.canonical.clone()));
            }
            if e.label != EntityLabel::Per {
                continue;
            }
            let mut gender = gender_of_name(&e.canonical, table);
            if gender == Gender::Unknown && tok > 0 && u.t[tok - 1].has(TITLE) {
                gender = Gender::from_lex(u.t[tok - 1].lex);
            }
            let last = e
                .canonical
                .split_whitespace()
                .last()
                .unwrap_or("")
                .to_owned();
            let idx = self.add_person(&e.canonical, &last, gender);
            self.mentions.push((tok, idx));
        }
    }

    /// One pass over capitalised runs.
    fn scan(&mut self, body: &str, u: &Units) {
        let n = u.len();
        let mut i = 0;
        while i < n {
            let t = &u.t[i];
            if !(t.kind == Kind::Word && t.cap) {
                i += 1;
                continue;
            }
            let a = i;
            while i < n && u.t[i].kind == Kind::Word && u.t[i].cap && u.same_sent(a, i) {
                i += 1;
            }
            let b = i;
            self.run(body, u, a, b);
        }
    }

    /// A capitalised run `[a, b)`.
    fn run(&mut self, body: &str, u: &Units, a: usize, b: usize) {
        let mut title_gender = Gender::Unknown;
        let mut titled = false;
        if a > 0 && u.t[a - 1].has(TITLE) {
            titled = true;
            title_gender = Gender::from_lex(u.t[a - 1].lex);
        }
        let mut ns = a;
        for j in a..b {
            if u.t[j].has(TITLE) {
                titled = true;
                let g = Gender::from_lex(u.t[j].lex);
                if g != Gender::Unknown {
                    title_gender = g;
                }
                ns = j + 1;
            }
        }
        // Skip words that are never names ("But", "Monday") at the run start.
        while ns < b && u.t[ns].has(NOT_NAME) {
            ns += 1;
        }
        if ns >= b || b - ns > 4 {
            return;
        }
        if (ns..b).any(|j| u.t[j].has(ORGW)) {
            if u.t[b - 1].has(ORGW) {
                let mut s = a;
                while s < b && u.t[s].has(NOT_NAME) {
                    s += 1;
                }
                if s + 1 < b {
                    self.orgs.push((s, body[u.t[s].s..u.t[b - 1].e].to_owned()));
                }
            }
            return;
        }
        let first_lex = u.t[ns].lex;
        let has_first = first_lex & FIRST != 0;
        let len = b - ns;
        let name = &body[u.t[ns].s..u.t[b - 1].e];
        let last = &body[u.t[b - 1].s..u.t[b - 1].e];
        if len == 1 {
            if let Some(&idx) = self.by_last.get(last) {
                self.mentions.push((ns, idx));
                if titled && self.people[idx].gender == Gender::Unknown {
                    self.people[idx].gender = title_gender;
                }
            } else if titled && !is_acronym(last) {
                let idx = self.add_person(name, last, title_gender);
                self.mentions.push((ns, idx));
            }
            return;
        }
        let followed_by_cue = {
            let mut j = b;
            while j < u.len() && u.t[j].has(ADV) && j < b + 2 {
                j += 1;
            }
            j < u.len() && u.t[j].has(CUE)
        };
        if has_first || titled || followed_by_cue {
            let gender = if has_first {
                Gender::from_lex(first_lex)
            } else {
                title_gender
            };
            let idx = self.add_person(name, last, gender);
            self.mentions.push((ns, idx));
        } else if let Some(&idx) = self.by_last.get(last) {
            self.mentions.push((ns, idx));
        }
    }

    /// The full name of the person a surname (or a full name) mention names.
    pub fn full_name(&self, mention: &str) -> Option<&str> {
        let last = mention.split_whitespace().last()?;
        let idx = *self.by_last.get(last)?;
        let name = &self.people[idx].name;
        // "Price" → "Ned Price"; "Ned Price" stays itself.
        name.ends_with(mention).then_some(name.as_str())
    }

    /// The canonical name and label of the entity a phrase over bytes `[s, e)` names: a
    /// person inside it, else an organisation or place that ends where the phrase ends (its
    /// head); a nationality (`Norwegian` in `the Norwegian Fishermen's Association`) or a
    /// name inside a longer name (`Nordic` in `Greenpeace Nordic`) names nothing.
    /// `name_start` is where the phrase's name begins (after its determiners): an
    /// organisation or place must start there.
    pub fn entity_name(
        &self,
        s: usize,
        e: usize,
        name_start: usize,
    ) -> Option<(&str, EntityLabel)> {
        if self.entities.is_empty() {
            return None;
        }
        let from = self.entities.partition_point(|x| x.e <= s);
        let inside = || self.entities[from..].iter().take_while(|x| x.s < e);
        if let Some(p) = inside().find(|x| x.label == EntityLabel::Per) {
            return Some((p.canonical.as_str(), p.label));
        }
        inside()
            .find(|x| x.e == e && matches!(x.label, EntityLabel::Org | EntityLabel::Loc))
            .filter(|x| x.s <= name_start)
            .map(|x| (x.canonical.as_str(), x.label))
    }

    /// The gender of the known person called `name` (`Unknown` when nobody is).
    pub fn gender_of(&self, name: &str) -> Gender {
        let last = name.split_whitespace().last().unwrap_or("");
        self.by_last
            .get(last)
            .map_or(Gender::Unknown, |&i| self.people[i].gender)
    }

    /// Whether token `tok` is a mention of a known person.
    pub fn is_person(&self, tok: usize) -> bool {
        self.mentions
            .binary_search_by_key(&tok, |&(t, _)| t)
            .is_ok()
    }

    /// The most recent organisation mention before token `tok`: (token, name).
    pub fn org_before(&self, tok: usize) -> Option<(usize, &str)> {
        let end = self.orgs.partition_point(|&(t, _)| t < tok);
        self.orgs[..end].last().map(|(t, n)| (*t, n.as_str()))
    }

    /// The most recent person mentioned before token `tok` that a pronoun of `gender` can
    /// refer to.
    pub fn before(&self, tok: usize, gender: Gender) -> Option<&str> {
        let end = self.mentions.partition_point(|&(t, _)| t < tok);
        self.mentions[..end]
            .iter()
            .rev()
            .take(64)
            .find(|&&(_, p)| gender.fits(self.people[p].gender))
            .map(|&(_, p)| self.people[p].name.as_str())
    }
}

/// A name without the titles before it (`Mayor Alan Fisk` → `Alan Fisk`); the name itself
/// when it is titles only.
fn untitled(name: &str, table: &crate::lexicon::Table) -> String {
    let mut buf = [0u8; crate::lexicon::MAX_KEY];
    let words: Vec<&str> = name.split_whitespace().collect();
    let skip = words
        .iter()
        .take_while(|w| {
            crate::lexicon::key(w, &mut buf)
                .and_then(|k| table.get(k))
                .is_some_and(|lex| lex & (TITLE | NOT_NAME) != 0 && lex & FIRST == 0)
        })
        .count();
    if skip == 0 || skip >= words.len() {
        name.to_owned()
    } else {
        words[skip..].join(" ")
    }
}

fn is_acronym(w: &str) -> bool {
    w.len() >= 2 && w.chars().all(|c| c.is_uppercase() || c == '.')
}
