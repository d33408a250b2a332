//! Word lists: cue verbs, pronouns, person titles, first names, function words.
//!
//! Every word gets a set of [`Lex`] flags; lookups are on the ASCII-lowercased word with
//! typographic apostrophes folded to `'`.

use std::hash::Hasher;

/// Lexical flags of one word (a bit set).
pub(crate) type Lex = u32;

/// A speech or attribution verb usable with or without quotation marks (`said`, `told`).
pub(crate) const CUE: Lex = 1 << 0;
/// A verb that is a cue only right next to quotation marks (`continued`, `called`).
pub(crate) const CUE_WEAK: Lex = 1 << 1;
/// A cue that takes a person object before its content (`told reporters that`).
pub(crate) const TELL: Lex = 1 << 2;
/// `he`.
pub(crate) const PRON_M: Lex = 1 << 3;
/// `she`.
pub(crate) const PRON_F: Lex = 1 << 4;
/// `they`.
pub(crate) const PRON_PL: Lex = 1 << 5;
/// `I`, `we`, `it`, `you`.
pub(crate) const PRON_X: Lex = 1 << 6;
/// A person title or role (`President`, `spokesman`, `Sen.`).
pub(crate) const TITLE: Lex = 1 << 7;
/// Marks a male first name or title.
pub(crate) const MALE: Lex = 1 << 8;
/// Marks a female first name or title.
pub(crate) const FEMALE: Lex = 1 << 9;
/// A first name.
pub(crate) const FIRST: Lex = 1 << 10;
/// A determiner or quantifier that may open a speaker phrase (`the`, `many`).
pub(crate) const DET: Lex = 1 << 11;
/// An adverb or auxiliary between a subject and its cue (`also`, `has`).
pub(crate) const ADV: Lex = 1 << 12;
/// A time word after a cue (`Sunday`, `yesterday`).
pub(crate) const TIME: Lex = 1 << 13;
/// A preposition that opens an adverbial after a cue (`in a statement`).
pub(crate) const PREP: Lex = 1 << 14;
/// `that`.
pub(crate) const THAT: Lex = 1 << 15;
/// A function word or verb that cannot be part of a speaker phrase.
pub(crate) const STOP: Lex = 1 << 16;
/// A word that makes a capitalised name an organisation (`Department`).
pub(crate) const ORGW: Lex = 1 << 17;
/// `according`.
pub(crate) const ACCORDING: Lex = 1 << 18;
/// An object after `told` (`reporters`, `him`).
pub(crate) const OBJ: Lex = 1 << 19;
/// Capitalised words that are never names (`Monday`, `The`).
pub(crate) const NOT_NAME: Lex = 1 << 20;
/// `of`, `for`, `and` inside a name or title (`Secretary of State`).
pub(crate) const CONNECT: Lex = 1 << 21;
/// `who`.
pub(crate) const WHO: Lex = 1 << 22;
/// `and` (a coordinated predicate: `X has played down hopes and said …`).
pub(crate) const AND: Lex = 1 << 23;
/// `to` (`said to be`, `according to`).
pub(crate) const TO: Lex = 1 << 24;
/// Subject pronouns (`he`, `she`, `they`, `I`, `we`, `it`).
pub(crate) const SUBJ: Lex = 1 << 25;
/// A cue that is a noun of saying, usable only after `according to`-like frames; unused flag
/// kept for a possessive (`’s`).
pub(crate) const POSS: Lex = 1 << 26;
/// An intention or attempt verb (`sought`, `aimed`, `hopes`): before `to` or `at` it states a
/// goal, not speech (`X sought to play down expectations`).
pub(crate) const INTENT: Lex = 1 << 27;
/// A verb whose object is an attitude noun (`expressed concern`): speech only with a
/// proposition (`that …`) or a quotation in its content.
pub(crate) const EXPRESS: Lex = 1 << 28;

/// A word-at-a-time multiplicative hasher (FxHash's scheme) for the small name tables of a
/// document; the keys are short words, so this is much faster than SipHash.
#[derive(Default)]
pub(crate) struct Fnv(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Fnv {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for Fnv {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }
    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// A word as three little-endian `u64`s, zero-padded (words are at most [`MAX_KEY`] bytes).
type Key = [u64; 3];

fn pack(word: &[u8]) -> Option<Key> {
    if word.is_empty() || word.len() > MAX_KEY {
        return None;
    }
    let mut bytes = [0u8; MAX_KEY];
    bytes[..word.len()].copy_from_slice(word);
    let mut key = [0u64; 3];
    for (k, c) in key.iter_mut().zip(bytes.chunks_exact(8)) {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        *k = u64::from_le_bytes(w);
    }
    Some(key)
}

/// The word table: open addressing with linear probing over packed keys, so that a lookup is
/// one multiply and usually one cache line (the hottest path of the stage).
#[derive(Debug, Clone)]
pub(crate) struct Table {
    keys: Vec<Key>,
    vals: Vec<Lex>,
    bits: u32,
    len: usize,
}

impl Default for Table {
    fn default() -> Self {
        Table::with_bits(12)
    }
}

impl Table {
    fn with_bits(bits: u32) -> Table {
        Table {
            keys: vec![[0; 3]; 1 << bits],
            vals: vec![0; 1 << bits],
            bits,
            len: 0,
        }
    }

    #[inline]
    fn slot(&self, k: &Key) -> usize {
        let h = (k[0] ^ k[1].rotate_left(23) ^ k[2].rotate_left(41)).wrapping_mul(SEED);
        (h >> (64 - self.bits)) as usize
    }

    /// The flags of `word` (lowercased, as [`key`] makes it).
    #[inline]
    pub fn get(&self, word: &[u8]) -> Option<Lex> {
        let k = pack(word)?;
        let mask = self.keys.len() - 1;
        let mut i = self.slot(&k);
        loop {
            let e = &self.keys[i];
            if *e == k {
                return Some(self.vals[i]);
            }
            if e[0] == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds `flags` to `word`.
    fn add_flags(&mut self, word: &[u8], flags: Lex) {
        let Some(k) = pack(word) else { return };
        if (self.len + 1) * 2 > self.keys.len() {
            let old_keys = std::mem::take(&mut self.keys);
            let old_vals = std::mem::take(&mut self.vals);
            *self = Table::with_bits(self.bits + 1);
            for (ok, ov) in old_keys.iter().zip(old_vals) {
                if ok[0] != 0 {
                    self.insert(*ok, ov);
                }
            }
        }
        self.insert(k, flags);
    }

    fn insert(&mut self, k: Key, flags: Lex) {
        let mask = self.keys.len() - 1;
        let mut i = self.slot(&k);
        loop {
            if self.keys[i] == k {
                self.vals[i] |= flags;
                return;
            }
            if self.keys[i][0] == 0 {
                self.keys[i] = k;
                self.vals[i] = flags;
                self.len += 1;
                return;
            }
            i = (i + 1) & mask;
        }
    }
}

/// Strong cue verbs: speech and attribution, usable for reported speech.
const CUES: &str = "say says said saying tell tells told telling add adds added adding ask asks asked \
asking write writes wrote writing tweet tweets tweeted tweeting note notes noted noting \
explain explains explained explaining claim claims claimed claiming argue argues argued \
arguing insist insists insisted insisting warn warns warned warning acknowledge \
acknowledges acknowledged acknowledging announce announces announced announcing declare \
declares declared declaring stated stating report reports reported reporting suggest suggests \
suggested suggesting predict predicts predicted predicting stress stresses stressed \
stressing affirm affirms affirmed affirming recall recalls recalled recalling reply \
replies replied replying respond responds responded responding admit admits admitted \
admitting concede concedes conceded conceding contend contends contended contending \
emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised observe \
observes observed remark remarks remarked comment comments commented joke jokes joked \
joking quip quips quipped complain complains complained complaining boast boasts \
boasted confirm confirms confirmed confirming deny denies denied denying promise \
promises promised promising vow vows vowed vowing pledge pledges pledged assert asserts \
asserted asserting allege alleges alleged alleging testify testifies testified \
testifying shout shouted yell yelled whisper whispered exclaim exclaimed muse mused \
reiterate reiterates reiterated reiterating conclude concludes concluded concluding \
counter countered maintain maintains maintained maintaining charge charges charged \
assure assures assured inform informs informed remind reminds reminded believe believes \
think thinks estimate estimates estimated mention mentions mentioned wrote posted \
answer answers answered find finds found show shows showed shown cite cites cited urge \
urges urged criticize criticizes criticized accuse accuses accused endorse endorses \
endorsed defend defends defended praise praises praised blame blames blamed reject \
rejects rejected dismiss dismisses dismissed propose proposes proposed questioned \
expect expects want wants agree agrees agreed suggested recommend recommends \
recommended demand demands demanded indicate indicates indicated reveal reveals \
revealed disclose discloses disclosed signal signals signaled signalled hint hints \
hinted worry worries worried concede threaten threatens threatened remember remembers \
remembered wonder wonders wondered exhort exhorted chant chanted chanting scream \
screamed screaming boom boomed thunder thundered proclaim proclaims proclaimed \
acknowledge quipped told";

/// Attribution verbs of news text (saying, believing, intending, criticising …): each is the
/// cue of a PolNeAR-style attribution in at least three of ten uses.
const CUES_ATTITUDE: &str = "decried slams remarked lamented referenced assailed thanking bemoaned noted blasted \
vowed noting reiterated said defended stating condemned asserted recalled joked \
conceded argues citing touted railed vows wrote urged argued describing touting praises \
insisting warned praised insists dismissing cites cautioned tweeted suggested says \
questioned insisted acknowledged wondered warn pledging mentioning blasts blasting \
admits claimed denounced stressed explained cited told replied arguing rejected \
emphasized describes added blamed expressed stated announced recalling complained \
criticized indicated signaled endorses chants promised dismissed reminded writes vowing \
unveiled retweeted refuses portray invoked chanted declined insist boasted \
acknowledging echoed predicted asked ordered thanked pleaded accuses remarking pointed \
accused tells argue described reported explaining declared concluded suggesting shouted \
praising hints explains adding tweeting slammed accusing assured notes denouncing \
refused mocked referring endorsed reads voiced portrayed highlighted hoping revealed \
responded saying suggests announcing asks repeating remembered predicting indicate \
slamming reveals likened calling expected suggest finds forecast agreed expecting \
promising mentioned denied criticizing admitted confirmed declaring showed referred \
pointing discussed seeks deemed refusing emailed sided implied mention questioning \
reminding quoted declare continued asking listed called projected announce adds offered \
talked acknowledge attacked encouraged hopes urging reveal claiming express discuss \
posted shows telling hoped warning challenged discussing proposing disclosed \
recommended applauded alleging mocking championed sought opposed nominated say \
requested issued proposed calls ruled presented highlighting criticize supported \
charged pushed worried defending sees threatened pressed promote preferred convince \
approved answered shown prefer oppose explain found promises estimates describe \
repeated learned threatening predict attributed apologized thinks considered \
pushing talking welcomed endorsing estimated writing refuse decided seeking respond \
persuade encourage opposes offering considering celebrated \
expect believes viewed endorse ignored recognized admit";

/// Less reliable attribution verbs (two in ten uses).
const CUES_LOOSE: &str = "intended pledged agree written aimed supports alleged recognize promoting maintained \
remember wanted planning knows wants advocate determined identify pledge believe defend \
felt concerned";

/// Weak cues: only with a quotation next to them.
const CUES_WEAK: &str = "continue continues continued continuing call calls called calling \
describe describes described describing put puts begin began begins \
cry cried laugh laughed smile smiled sigh sighed snap snapped scoff scoffed \
retort retorted interject interjected chime chimed offer offered \
read reads yell yells shout shouts sing sings sang chants scream screams \
tweet tweets text texted reply surmise surmised elaborate elaborated elaborates \
welcome welcomed welcomes interjecting interjects mouthing echoing echoed gushed \
mused marveled marvelled lamented lament laments recounted recounts recount \
pleaded begged implored scoffed sneered teased taunted bragged boasted conceded";

const INTENTS: &str = "aim aims aimed aiming seek seeks sought seeking hope hopes hoped hoping \
want wants wanted wanting intend intends intended intending plan plans planned planning \
try tries tried trying attempt attempts attempted attempting strive strives strove striving";

const EXPRESSES: &str = "express expresses expressed expressing voice voices voiced voicing \
maintain maintains maintained maintaining";

const TELLS: &str = "tell tells told telling assure assures assured inform informs informed \
remind reminds reminded warn warns warned";

const ADVS: &str = "also has have had later then once previously again reportedly recently \
further will would could might may can should shall just already since often repeatedly \
publicly privately separately similarly initially subsequently earlier only still even \
never always frequently reportedly flatly simply ultimately apparently finally first \
quickly openly really indeed too not n't did does do 'd 'll 've";

const TIMES: &str = "sunday monday tuesday wednesday thursday friday saturday today yesterday \
tonight tomorrow earlier later last this next week weekend month year morning afternoon \
evening night recently again afterward afterwards then ago days weeks months years hours \
minutes moments day time times jan. feb. mar. apr. jun. jul. aug. sept. sep. oct. nov. dec. \
january february march april june july august september october november december";

const PREPS: &str = "in on at during to after before from with while via through over \
under outside inside near amid following into of about";

const PRONS_M: &str = "he";
const PRONS_F: &str = "she";
const PRONS_PL: &str = "they";
const PRONS_X: &str = "i we it you";

const TITLES_M: &str = "mr. mr sir lord king prince spokesman chairman congressman \
businessman father son brother husband uncle nephew grandfather boyfriend councilman \
assemblyman alderman policeman fireman sportsman statesman anchorman cameraman lawman coach";
const TITLES_F: &str = "mrs. mrs ms. ms miss madam madame dame lady queen princess \
spokeswoman chairwoman congresswoman businesswoman mother daughter sister wife aunt niece \
grandmother girlfriend councilwoman assemblywoman alderwoman actress";
const TITLES: &str = "president vice vice-president secretary minister sen. senator rep. \
representative gov. governor lt. gen. general col. colonel maj. major capt. captain sgt. \
sergeant adm. admiral dr. doctor prof. professor judge justice mayor chancellor premier \
prime ambassador envoy spokesperson spokesman spokeswoman chief director deputy assistant \
adviser advisor aide official officials analyst analysts expert experts economist economists \
commissioner chairman chairwoman chair ceo cfo founder president-elect candidate nominee \
leader leaders lawmaker lawmakers legislator attorney lawyer counsel prosecutor sheriff \
inspector superintendent executive manager strategist pollster consultant organizer \
coordinator representative rev. reverend pope bishop cardinal rabbi imam father pastor \
secretary-general under-secretary undersecretary commander officer detective agent \
director-general head researcher scientist professor historian author columnist editor \
reporter correspondent host anchor activist advocate campaigner supporter supporters critic \
critics owner member members resident residents voter voters worker workers student \
students teacher official chief-of-staff staff operative manager treasurer whip speaker \
foreign defense defence interior finance health justice state deputy acting former \
then-candidate then-president senior top junior principal press presidential";

const CONNECTS: &str = "of for and de van von der la al bin da del di le du";

const DETS: &str = "the a an this these those his her its their our my your some many \
several two three four five most other another one few both each every all any u.s. \
no senior top";

const STOPS: &str = "that which who whom whose and but or if when as because than where \
while so not is was be been being are were am do does did what how why whether though \
although unless until there here it's its it he she they we i you me him them us \
there's what's to in on at by with from of about into over after before under between \
during without within against among through also has have had will would could should \
may might must can shall just then said says say told according";

const OBJS: &str = "reporters journalists me him her them us you audience crowd supporters \
listeners viewers readers congress lawmakers members senators voters students people \
everyone interviewers";

const ORGWS: &str = "department ministry agency office committee council commission party \
company corporation corp. corp inc. inc co. ltd. llc group association institute university \
college school foundation center centre bureau service services administration government \
campaign police court army navy force forces senate house parliament congress union bank \
fund network news press times post journal tribune herald magazine newspaper network \
organization organisation alliance coalition federation board authority embassy mission \
ministry club team league airlines airline hospital church state states nations republic \
kingdom city county district court white";

const NOT_NAMES: &str = "the a an this that these those his her its their our my your \
monday tuesday wednesday thursday friday saturday sunday january february march april \
may june july august september october november december but and or so if when as after \
before in on at for with by from it he she they we i you there here what who why how \
yes no not mr. mrs. ms. dr. asked speaking according meanwhile however still also once \
keeps although though because while since unless until whether";

/// First names common in English-language news, by gender.
const FIRST_M: &str = "aaron adam adrian alan albert alex alexander alexei alfred ali andrew \
andrei andy angelo anthony antony antonio arnold arthur barack ben benjamin bernie bill billy \
bob bobby boris brad bradley brandon brendan brett brian bruce bryan carl carlos chad charles \
charlie chris christopher chuck cliff clint cory craig dan daniel danny darren dave david \
dean dennis derek dick dmitry dmitri don donald doug douglas duncan dylan ed eddie edward \
elijah emmanuel eric erik evan frank fred frederick gary gavin george gerald giuseppe glenn \
gordon graham greg gregory harold harry hassan henry herman howard hugh hunter ian igor isaac \
ivan jack jacob jake james jamie jared jason jay jean jeb jeff jeffrey jens jeremy jerry \
jesse jim jimmy joe joel john johnny jon jonathan jorge jose joseph josh joshua juan julian \
justin karl keith ken kenneth kevin kim kurt larry lawrence lee leon leonard lindsey lloyd \
louis luis luke marco marcus mario mark martin matt matthew max michael mike miguel mitch \
mitt mohammed muhammad nathan ned neil nicholas nick nigel noah norman oliver olaf omar \
oscar patrick paul pedro pete peter phil philip pierre rafael ralph rand randy ray raymond \
reince rex richard rick rob robert rod rodrigo roger ron ronald ross roy rudy russell ryan \
sam samuel scott sean sergei sergey seth shawn sid simon stanley stephen steve steven \
stuart ted terry thomas tim timothy todd tom tony travis trey tyler vernon victor vincent \
vladimir walter wayne will william xi yuri zach abdullah ahmed benny bashar recep emmanuel \
narendra shinzo justin olaf volodymyr viktor jair rishi keir jens lloyd ned antony jake \
reuben newt marco ben tim mike dick al chuck lamar orrin mitch lindsey jeb kellyanne";
const FIRST_F: &str = "abby abigail alexandra alice alicia amanda amy andrea angela angelina \
ann anna anne annalena barbara betsy beth betty beverly brenda carla carly carol caroline \
catherine cathy cheryl christina christine claire claudia cynthia dana debbie deborah debra \
denise diana diane donna dorothy elaine elena elise elizabeth ellen emily emma erin eva \
evelyn fiona frances gina gloria grace hannah heather heidi helen hillary holly hope irene \
jacqueline jane janet janice jennifer jessica jill joan joanna jodi joni joyce judith judy \
julia julie karen kate katherine kathleen kathy katie kay kelly kim kimberly kirsten kristen \
laura lauren leslie linda lisa liz lori lynn madeleine maggie margaret maria marie marine \
marsha martha mary megan melania melissa michelle michele monica nancy natalie nicole nikki \
nina olga pam pamela patricia patty paula pelosi rachel rebecca rita roberta rosa ruth sally \
samantha sandra sara sarah sharon shirley sophia stacey stephanie susan suzanne tammy tanya \
teresa theresa tina tracy ursula valerie vanessa victoria virginia wendy yulia zoe ivanka \
chelsea huma kamala jill condoleezza theresa angela nicola kristalina christine liz jacinda \
sanna mette ursula wendy samantha nikki susana hope sheryl loretta";

fn add(table: &mut Table, words: &str, flags: Lex) {
    for w in words.split_ascii_whitespace() {
        table.add_flags(w.as_bytes(), flags);
    }
}

/// Builds the table, with `extra_cues` (lowercase) added as strong cues.
pub(crate) fn build(extra_cues: &[String]) -> Table {
    let mut t = Table::default();
    add(&mut t, CUES, CUE);
    add(&mut t, CUES_ATTITUDE, CUE);
    add(&mut t, CUES_LOOSE, CUE);
    add(&mut t, CUES_WEAK, CUE_WEAK);
    add(&mut t, TELLS, TELL);
    add(&mut t, INTENTS, INTENT);
    add(&mut t, EXPRESSES, EXPRESS);
    add(&mut t, ADVS, ADV);
    add(&mut t, TIMES, TIME);
    add(&mut t, PREPS, PREP);
    add(&mut t, PRONS_M, PRON_M | SUBJ);
    add(&mut t, PRONS_F, PRON_F | SUBJ);
    add(&mut t, PRONS_PL, PRON_PL | SUBJ);
    add(&mut t, PRONS_X, PRON_X | SUBJ);
    add(&mut t, TITLES, TITLE);
    add(&mut t, TITLES_M, TITLE | MALE);
    add(&mut t, TITLES_F, TITLE | FEMALE);
    add(&mut t, CONNECTS, CONNECT);
    add(&mut t, DETS, DET);
    add(&mut t, STOPS, STOP);
    add(&mut t, OBJS, OBJ);
    add(&mut t, ORGWS, ORGW);
    add(&mut t, NOT_NAMES, NOT_NAME);
    add(&mut t, FIRST_M, FIRST | MALE);
    add(&mut t, FIRST_F, FIRST | FEMALE);
    add(&mut t, "that", THAT);
    add(&mut t, "who", WHO);
    add(&mut t, "and", AND);
    add(&mut t, "to", TO);
    add(&mut t, "according", ACCORDING);
    add(&mut t, "'s '", POSS);
    for w in extra_cues {
        let w = w.trim().to_ascii_lowercase();
        if !w.is_empty() {
            t.add_flags(w.as_bytes(), CUE);
        }
    }
    t
}

/// Longest key looked up; longer words have no flags.
pub(crate) const MAX_KEY: usize = 24;

/// Folds `word` into `buf` (ASCII lowercase, `’` → `'`) and returns the key, or `None` when
/// the word is too long or has other non-ASCII characters.
pub(crate) fn key<'b>(word: &str, buf: &'b mut [u8; MAX_KEY]) -> Option<&'b [u8]> {
    let bytes = word.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let out = if b < 0x80 {
            i += 1;
            b.to_ascii_lowercase()
        } else if bytes[i..].starts_with("’".as_bytes()) {
            i += 3;
            b'\''
        } else {
            return None;
        };
        if n == MAX_KEY {
            return None;
        }
        buf[n] = out;
        n += 1;
    }
    Some(&buf[..n])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(word: &str, flags: Lex) {
        let t = build(&[]);
        let mut buf = [0; MAX_KEY];
        let k = key(word, &mut buf).unwrap_or_default();
        let got = t.get(k).unwrap_or(0);
        assert_eq!(got & flags, flags, "{word}");
    }

    #[test]
    fn lookups() {
        check("Said", CUE);
        check("told", CUE | TELL);
        check("He", PRON_M | SUBJ);
        check("Spokeswoman", TITLE | FEMALE);
        check("Annalena", FIRST | FEMALE);
        check("n’t", ADV);
        check("Department", ORGW);
    }

    #[test]
    fn extra_cues() {
        let t = build(&["Opined".to_owned()]);
        assert_eq!(t.get(b"opined").unwrap_or(0) & CUE, CUE);
    }
}
