//! Synthetic datasets for benchmarks and scale tests: realistic `actorgraph/1` documents of any size,
//! the same bytes for the same seed.
//!
//! A crate of its own beside the benchmark's driver, not part of actorgraph's library: the driver
//! (`actorgraph-bench generate`), the benchmark and actorgraph's own tests (a dev-dependency) use it.
//!
//! The shape imitates event-derived reporting (ACLED/GDELT-style actor pairs) around Iraqi and Syrian armed
//! politics:
//! - **heavy-tailed degrees** by preferential attachment (Barabási & Albert 1999): each endpoint is, with
//!   probability 0.7, the endpoint of an earlier relation picked at random (so picked in proportion to
//!   degree), otherwise any actor;
//! - **the relation-kind mix of real reporting**: mostly `supports`, `meets`, `opposes`, `member_of`,
//!   `attacks`, `allied_with`, `commands`, some `funds`, and `denies` / `reports` / `claims` aimed at earlier
//!   relations (statements about claims);
//! - **dates over 15 years** (2010–2024) at mixed precision (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`), some undated,
//!   some with an end (`until`);
//! - **1–3 sources per relation** from a pool with a few dominant outlets;
//! - **Arabic-transliterated names** with diacritics (`Kataʾib`, `ʿAli`), aliases (plain spellings, acronyms,
//!   kunyas), tags, actor kinds and attributes; a quarter of the relations without an id (so ids are generated).
//!
//! The document is written as it is generated (nothing but a degree table is held in memory), one record per
//! line. Generation uses its own small pseudo-random generator (SplitMix64), so the bytes depend only on the
//! seed and the sizes, never on the platform or the crate versions.

use std::io::{self, Write};

/// How big a dataset to make, and from which seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// Number of actors (at least 2).
    pub actors: usize,
    /// Number of relations (statements about relations included).
    pub relations: usize,
    /// Same seed, same bytes.
    pub seed: u64,
}

/// What was written: counts, and the actors a benchmark can use as fixed query points.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Actors written.
    pub actors: usize,
    /// Relations written.
    pub relations: usize,
    /// Sources written.
    pub sources: usize,
    /// Relations whose target is another relation.
    pub statements: usize,
    /// The id of the actor with the most relations to and from other actors (lowest index on ties).
    pub hub: String,
    /// Two actors with relations, from a third and two thirds of the way through the actor list, for path
    /// queries.
    pub path_pair: [String; 2],
}

/// A small, fast, portable pseudo-random generator (SplitMix64, Steele, Lea & Flood 2014).
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`), by multiply-shift (bias below 2⁻³² for our sizes).
    fn below(&mut self, n: usize) -> usize {
        let wide = u128::from(self.next()) * n as u128;
        usize::try_from(wide >> 64).unwrap_or(0)
    }

    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: usize) -> bool {
        self.below(1000) < per_mille
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// An index into a weighted table of `(item, weight)`.
    fn weighted<T: Copy>(&mut self, table: &[(T, usize)]) -> T {
        let total: usize = table.iter().map(|(_, w)| w).sum();
        let mut roll = self.below(total);
        for (item, weight) in table {
            if roll < *weight {
                return *item;
            }
            roll -= weight;
        }
        table[table.len() - 1].0
    }
}

/// The generator for one actor: its name depends only on the seed and its index, so any actor's id can be
/// recomputed without keeping the list.
fn actor_rng(seed: u64, index: usize) -> Rng {
    let mut mix = Rng::new(seed ^ (index as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93));
    Rng::new(mix.next())
}

const GIVEN: &[&str] = &[
    "Muhammad",
    "Ahmad",
    "ʿAli",
    "Hasan",
    "Husayn",
    "Qais",
    "Falih",
    "Hadi",
    "Jaʿfar",
    "Mustafa",
    "Hamid",
    "Kazim",
    "ʿAbbas",
    "Haydar",
    "Karim",
    "Saʿd",
    "Nuri",
    "ʿAdil",
    "ʿAmmar",
    "Rayyan",
    "Akram",
    "Shibl",
    "Layth",
    "Khalid",
    "Yusuf",
    "Ibrahim",
    "Ismaʿil",
    "Salih",
    "Mahdi",
    "Hashim",
    "Taha",
    "Zayd",
    "ʿUmar",
    "Walid",
    "Majid",
    "Riyad",
    "Ṭariq",
    "Qasim",
    "Muqtada",
    "Humam",
    "Abu Fadak",
    "Abu Alaa",
    "Abu Mahdi",
    "Abu Turab",
    "Ḥusām",
];
const FAMILY: &[&str] = &[
    "al-Sudani",
    "al-Maliki",
    "al-ʿAmiri",
    "al-Khazʿali",
    "al-Fayyadh",
    "al-Muhandis",
    "al-Kaʿbi",
    "al-Zaydi",
    "al-Hakim",
    "al-Sadr",
    "al-Jubouri",
    "al-Dulaymi",
    "al-ʿUbaydi",
    "al-Shammari",
    "al-Tamimi",
    "al-Husayni",
    "al-Musawi",
    "al-Hashimi",
    "al-Asadi",
    "al-Jabiri",
    "al-Kinani",
    "al-Rubaʿi",
    "al-Saʿidi",
    "al-Lami",
    "al-ʿIsawi",
    "al-Karbalaʾi",
    "al-Najafi",
    "al-Basri",
    "al-Mawsili",
    "al-Baghdadi",
    "Hamadani",
    "Sulaymani",
    "Qaʾani",
    "al-Muhammadawi",
    "al-Darraji",
    "al-Khafaji",
    "al-Mayahi",
    "al-Sharifi",
];
const GROUP_HEAD: &[&str] = &[
    "Kataʾib",
    "Liwaʾ",
    "Saraya",
    "Harakat",
    "ʿAsaʾib",
    "Jaysh",
    "Firqat",
    "Quwwat",
    "Tanzim",
    "Hizb",
    "Majlis",
    "Munazzamat",
    "Tajammuʿ",
    "Jabhat",
    "Fawj",
];
const GROUP_TAIL: &[&str] = &[
    "Hizballah",
    "al-Imam ʿAli",
    "Sayyid al-Shuhadaʾ",
    "al-Nujabaʾ",
    "Ahl al-Haqq",
    "Ansar Allah al-Awfiyaʾ",
    "al-Khurasani",
    "al-ʿAbbas",
    "Jund al-Imam",
    "al-Salam",
    "Badr",
    "al-Ṭufuf",
    "al-Shabak",
    "Babiliyun",
    "al-Hashd al-ʿAshaʾiri",
    "al-Muqawama",
    "al-Tahrir",
    "al-Fath",
    "al-Wataniyya",
    "ʿAshuraʾ",
    "al-Zahraʾ",
    "al-Mukhtar",
    "Thar Allah",
    "al-Rafidayn",
];
const MINISTRY: &[&str] = &[
    "Ministry of Interior",
    "Ministry of Defence",
    "Popular Mobilization Commission",
    "Council of Ministers",
    "National Security Service",
    "Counter-Terrorism Service",
    "Kurdistan Regional Government",
    "Provincial Council",
    "Federal Police",
    "Intelligence Directorate",
];
const PLACE: &[&str] = &[
    "Baghdad",
    "al-Mawsil",
    "Karbalaʾ",
    "al-Najaf",
    "al-Basra",
    "Jurf al-Sakhar",
    "Albu Kamal",
    "Dayr al-Zur",
    "Halab",
    "Dimashq",
    "Sayyida Zaynab",
    "Tall ʿAfar",
    "Sinjar",
    "Kirkuk",
    "Arbil",
    "al-Sulaymaniyya",
    "al-Falluja",
    "al-Ramadi",
    "Tikrit",
    "Samarraʾ",
    "Diyala",
    "al-Qaʾim",
    "al-Tanf",
    "Hit",
];
const STATE: &[&str] = &["Iraq", "Syria", "Iran", "Lebanon", "Yemen", "Turkey", "Jordan", "Saudi Arabia"];
const MEDIA: &[&str] = &["al-Ahd TV", "al-Nujabaʾ TV", "Sabereen News", "al-Ittijah", "Afaq", "al-Sumariyya"];
const TAGS: &[&str] = &[
    "iraq",
    "syria",
    "iran",
    "lebanon",
    "hashd",
    "axis-of-resistance",
    "shia",
    "sunni",
    "kurdish",
    "tribal",
    "government",
    "opposition",
    "sadrist",
    "coordination-framework",
    "us-sanctioned",
];
const COUNTRIES: &[(&str, usize)] = &[("IQ", 60), ("SY", 20), ("IR", 12), ("LB", 5), ("YE", 3)];
const ROLES: &[&str] = &["commander", "secretary-general", "spokesman", "member of parliament", "minister", "envoy"];
const PUBLISHERS: &[&str] = &[
    "Reuters",
    "AFP",
    "Associated Press",
    "Al Jazeera",
    "Al-Sumaria",
    "Rudaw",
    "Shafaq News",
    "The National",
    "Kurdistan24",
    "Al-Mayadeen",
    "SANA",
    "IRNA",
    "Tasnim",
    "Middle East Eye",
    "ISW",
    "Washington Institute",
    "Crisis Group",
    "Amwaj.media",
    "The New Arab",
    "BBC Arabic",
    "Baghdad Today",
    "964",
];
const TOPICS: &[&str] = &[
    "deployment",
    "strikes",
    "funding",
    "sanctions",
    "talks",
    "clashes",
    "appointment",
    "denial",
    "convoy",
    "drone attack",
    "statement",
    "arrests",
];
const NOTES: &[&str] = &[
    "reported by local sources; unconfirmed",
    "single-source claim",
    "date approximate",
    "from a leaked document",
    "named in a sanctions designation",
];

/// `(kind, per-mille weight)`: roughly the mix of coded reporting on the Iraq–Syria theatre.
const KINDS: &[(&str, usize)] = &[
    ("supports", 200),
    ("meets", 160),
    ("opposes", 120),
    ("member_of", 110),
    ("attacks", 90),
    ("allied_with", 80),
    ("commands", 60),
    ("funds", 30),
    ("leads", 20),
    ("denies", 70),
    ("reports", 45),
    ("claims", 15),
];

fn is_statement(kind: &str) -> bool {
    matches!(kind, "denies" | "reports" | "claims")
}

/// Actor kinds, per mille.
const ACTOR_KINDS: &[(&str, usize)] = &[
    ("person", 540),
    ("armed_group", 200),
    ("organization", 80),
    ("government", 70),
    ("media", 40),
    ("place", 50),
    ("state", 20),
];

/// The letters with diacritics used above, spelled plainly (how English-language press writes them).
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'ʿ' | 'ʾ' => {}
            'Ṭ' => out.push('T'),
            'ṭ' => out.push('t'),
            'Ḥ' => out.push('H'),
            'ḥ' => out.push('h'),
            'ṣ' => out.push('s'),
            'ā' => out.push('a'),
            'ī' => out.push('i'),
            'ū' => out.push('u'),
            other => out.push(other),
        }
    }
    out
}

fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in plain(text).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

fn base36(mut n: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn initials(name: &str) -> String {
    plain(name)
        .split([' ', '-'])
        .filter(|w| !w.is_empty() && *w != "al")
        .filter_map(|w| w.chars().next())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// One synthetic actor.
struct SynthActor {
    id: String,
    name: String,
    kind: &'static str,
    aliases: Vec<String>,
    tags: Vec<&'static str>,
    attrs: Vec<(&'static str, String)>,
}

fn synth_actor(seed: u64, index: usize) -> SynthActor {
    let mut rng = actor_rng(seed, index);
    let kind = rng.weighted(ACTOR_KINDS);
    let mut aliases = Vec::new();
    let name = match kind {
        "person" => {
            let name = format!("{} {}", rng.pick(GIVEN), rng.pick(FAMILY));
            if name.contains(['ʿ', 'ʾ', 'Ṭ', 'Ḥ']) {
                aliases.push(plain(&name));
            }
            if rng.chance(300) {
                aliases.push(format!("Abu {}", plain(rng.pick(GIVEN)).trim_start_matches("Abu ")));
            }
            if rng.chance(200) {
                if let Some(family) = name.split(' ').next_back() {
                    aliases.push(plain(family));
                }
            }
            name
        }
        "armed_group" | "organization" => {
            let name = format!("{} {}", rng.pick(GROUP_HEAD), rng.pick(GROUP_TAIL));
            let short = initials(&name);
            if short.len() >= 2 {
                aliases.push(short);
            }
            if name.contains(['ʿ', 'ʾ', 'Ṭ', 'Ḥ']) {
                aliases.push(plain(&name));
            }
            if rng.chance(150) {
                aliases.push(format!("Brigade {}", base36(index)));
            }
            name
        }
        "government" => format!("{} ({})", rng.pick(MINISTRY), rng.pick(STATE)),
        "media" => (rng.pick(MEDIA)).to_owned(),
        "place" => {
            let name = (rng.pick(PLACE)).to_owned();
            if name.contains(['ʿ', 'ʾ', 'Ṭ', 'Ḥ']) {
                aliases.push(plain(&name));
            }
            name
        }
        _ => (rng.pick(STATE)).to_owned(),
    };
    let id = format!("{}-{}", slug(&name), base36(index));
    let mut tags = Vec::new();
    for _ in 0..rng.below(4) {
        let tag = rng.pick(TAGS);
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    let mut attrs = Vec::new();
    if rng.chance(700) {
        attrs.push(("country", (rng.weighted(COUNTRIES)).to_owned()));
    }
    if kind == "person" && rng.chance(250) {
        attrs.push(("role", (rng.pick(ROLES)).to_owned()));
    }
    SynthActor { id, name, kind, aliases, tags, attrs }
}

/// The id of actor `index` in the dataset made from `seed`.
#[must_use]
pub fn actor_id(seed: u64, index: usize) -> String {
    synth_actor(seed, index).id
}

/// A date between 2010 and 2024: a day (55 %), a month (25 %) or a year (12 %); `None` (8 %) for undated.
fn date(rng: &mut Rng) -> Option<(usize, usize, usize, u8)> {
    let year = 2010 + rng.below(15);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    match rng.below(100) {
        0..=54 => Some((year, month, day, 3)),
        55..=79 => Some((year, month, day, 2)),
        80..=91 => Some((year, month, day, 1)),
        _ => None,
    }
}

fn write_date(w: &mut dyn Write, (year, month, day, precision): (usize, usize, usize, u8)) -> io::Result<()> {
    match precision {
        3 => write!(w, "\"{year:04}-{month:02}-{day:02}\""),
        2 => write!(w, "\"{year:04}-{month:02}\""),
        _ => write!(w, "\"{year:04}\""),
    }
}

fn string(w: &mut dyn Write, text: &str) -> io::Result<()> {
    serde_json::to_writer(&mut *w, text).map_err(io::Error::other)
}

/// The number of sources in the pool for a dataset of `relations` relations.
fn source_count(relations: usize) -> usize {
    (relations / 20).max(20)
}

/// Writes a dataset to `out` and returns what it holds.
///
/// # Errors
/// When writing fails, or when `spec.actors < 2` ([`io::ErrorKind::InvalidInput`]).
///
/// # Complexity
/// O(actors + relations) time; O(actors + relations) words of memory for the degree table and the endpoint
/// list preferential attachment samples from (4 bytes per endpoint).
///
/// ```
/// use actorgraph_generate::{generate, Spec};
/// let spec = Spec { actors: 50, relations: 200, seed: 7 };
/// let (mut a, mut b) = (Vec::new(), Vec::new());
/// let summary = generate(&spec, &mut a).unwrap();
/// generate(&spec, &mut b).unwrap();
/// assert_eq!(a, b);
/// let graph = actorgraph::load::from_json_str("synthetic.json", std::str::from_utf8(&a).unwrap()).unwrap();
/// assert_eq!(graph.actors().len(), 50);
/// assert_eq!(graph.relations().len(), 200);
/// assert_eq!(summary.relations, 200);
/// ```
#[allow(clippy::too_many_lines)] // one streaming pass: actors, sources, relations
pub fn generate(spec: &Spec, out: &mut dyn Write) -> io::Result<Summary> {
    if spec.actors < 2 {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "a dataset needs at least 2 actors"));
    }
    let Spec { actors, relations, seed } = *spec;
    let sources = source_count(relations);
    writeln!(out, "{{")?;
    writeln!(out, "  \"format\": \"actorgraph/1\",")?;
    writeln!(out, "  \"title\": \"Synthetic actor network (seed {seed}, {actors} actors, {relations} relations)\",")?;
    writeln!(
        out,
        "  \"description\": \"Generated by `actorgraph generate` for benchmarks: preferential attachment, the kind \
         mix of coded reporting, dates 2010-2024. Not real data.\","
    )?;

    // Ids are looked up twice per relation: keep them (a few dozen bytes per actor) rather than remake them.
    let mut ids = Vec::with_capacity(actors);
    writeln!(out, "  \"actors\": [")?;
    for index in 0..actors {
        let a = synth_actor(seed, index);
        out.write_all(b"    {\"id\": ")?;
        string(out, &a.id)?;
        out.write_all(b", \"name\": ")?;
        string(out, &a.name)?;
        write!(out, ", \"kind\": \"{}\"", a.kind)?;
        if !a.aliases.is_empty() {
            out.write_all(b", \"aliases\": [")?;
            for (i, alias) in a.aliases.iter().enumerate() {
                if i > 0 {
                    out.write_all(b", ")?;
                }
                string(out, alias)?;
            }
            out.write_all(b"]")?;
        }
        if !a.tags.is_empty() {
            write!(out, ", \"tags\": [\"{}\"]", a.tags.join("\", \""))?;
        }
        if !a.attrs.is_empty() {
            out.write_all(b", \"attrs\": {")?;
            for (i, (key, value)) in a.attrs.iter().enumerate() {
                write!(out, "{}\"{key}\": ", if i > 0 { ", " } else { "" })?;
                string(out, value)?;
            }
            out.write_all(b"}")?;
        }
        out.write_all(if index + 1 < actors { b"},\n" } else { b"}\n" })?;
        ids.push(a.id);
    }
    writeln!(out, "  ],")?;

    let mut rng = Rng::new(seed ^ 0x5EED_5EED_5EED_5EED);
    let source_id = |i: usize| format!("src-{}", base36(i));
    writeln!(out, "  \"sources\": [")?;
    for index in 0..sources {
        let publisher = rng.pick(PUBLISHERS);
        write!(out, "    {{\"id\": \"{}\", \"publisher\": ", source_id(index))?;
        string(out, publisher)?;
        let topic = rng.pick(TOPICS);
        let place = rng.pick(PLACE);
        out.write_all(b", \"title\": ")?;
        string(out, &format!("{} {topic} near {place}", plain(rng.pick(FAMILY)).trim_start_matches("al-")))?;
        if let Some(d) = date(&mut rng) {
            out.write_all(b", \"date\": ")?;
            write_date(out, d)?;
        }
        write!(out, ", \"url\": \"https://example.org/{}/{}\"", slug(publisher), base36(index))?;
        if rng.chance(800) {
            // Reliability leans to the middle grades, as in real source registers.
            let grade = rng.weighted(&[('A', 5), ('B', 30), ('C', 35), ('D', 15), ('E', 5), ('F', 10)]);
            write!(out, ", \"reliability\": \"{grade}\"")?;
        }
        out.write_all(if index + 1 < sources { b"},\n" } else { b"}\n" })?;
    }
    writeln!(out, "  ],")?;

    let mut degree = vec![0u32; actors];
    let mut endpoints: Vec<u32> = Vec::with_capacity(relations.saturating_mul(2).min(1 << 28));
    let mut statements = 0;
    let pick_actor = |rng: &mut Rng, endpoints: &[u32]| -> usize {
        if !endpoints.is_empty() && rng.chance(700) {
            endpoints[rng.below(endpoints.len())] as usize
        } else {
            rng.below(actors)
        }
    };
    writeln!(out, "  \"relations\": [")?;
    for index in 0..relations {
        let mut kind = rng.weighted(KINDS);
        if is_statement(kind) && index == 0 {
            kind = "supports";
        }
        let statement = is_statement(kind);
        // A quarter of the ordinary relations come without an id; statements need one to be pointed at.
        let has_id = statement || index % 4 != 3;
        let from = pick_actor(&mut rng, &endpoints);
        out.write_all(b"    {")?;
        if has_id {
            write!(out, "\"id\": \"r{}\", ", base36(index))?;
        }
        out.write_all(b"\"from\": ")?;
        string(out, &ids[from])?;
        out.write_all(b", \"to\": ")?;
        if statement {
            let mut target = rng.below(index);
            if target % 4 == 3 {
                target -= 1;
            }
            write!(out, "\"r{}\"", base36(target))?;
            statements += 1;
        } else {
            let mut to = pick_actor(&mut rng, &endpoints);
            if to == from {
                to = (from + 1 + rng.below(actors - 1)) % actors;
            }
            string(out, &ids[to])?;
            endpoints.push(u32::try_from(from).unwrap_or(u32::MAX));
            endpoints.push(u32::try_from(to).unwrap_or(u32::MAX));
            degree[from] += 1;
            degree[to] += 1;
        }
        write!(out, ", \"kind\": \"{kind}\"")?;
        if let Some(start) = date(&mut rng) {
            out.write_all(b", \"date\": ")?;
            write_date(out, start)?;
            if !statement && rng.chance(80) {
                let (year, ..) = start;
                let end = year + rng.below(2025 - year);
                write!(out, ", \"until\": \"{end:04}\"")?;
            }
        }
        if rng.chance(700) {
            write!(out, ", \"confidence\": 0.{:02}", 30 + 5 * rng.below(14))?;
        }
        if rng.chance(600) {
            write!(out, ", \"credibility\": {}", 1 + rng.below(6))?;
        }
        let cited = 1 + rng.weighted(&[(0usize, 60), (1, 30), (2, 10)]);
        out.write_all(b", \"sources\": [")?;
        let mut chosen: Vec<usize> = Vec::with_capacity(3);
        for _ in 0..cited {
            // A few outlets carry most of the reporting: the index of a uniform index is skewed to the head.
            let head = rng.below(sources) + 1;
            let s = rng.below(head);
            if !chosen.contains(&s) {
                chosen.push(s);
            }
        }
        for (i, &s) in chosen.iter().enumerate() {
            write!(out, "{}\"{}\"", if i > 0 { ", " } else { "" }, source_id(s))?;
        }
        out.write_all(b"]")?;
        if rng.chance(30) {
            out.write_all(b", \"note\": ")?;
            string(out, rng.pick(NOTES))?;
        }
        if rng.chance(100) {
            out.write_all(b", \"attrs\": {\"place\": ")?;
            string(out, rng.pick(PLACE))?;
            out.write_all(b"}")?;
        }
        out.write_all(if index + 1 < relations { b"},\n" } else { b"}\n" })?;
    }
    writeln!(out, "  ]")?;
    writeln!(out, "}}")?;

    // The first actor from `start` on with a relation (so path queries have somewhere to go).
    let linked_from = |start: usize| (start..actors).chain(0..start).find(|&a| degree[a] > 0).unwrap_or(start);
    let hub = (0..actors).max_by(|&a, &b| degree[a].cmp(&degree[b]).then(b.cmp(&a))).unwrap_or(0);
    Ok(Summary {
        actors,
        relations,
        sources,
        statements,
        hub: ids[hub].clone(),
        path_pair: [ids[linked_from(actors / 3)].clone(), ids[linked_from(2 * actors / 3)].clone()],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(spec: &Spec) -> Vec<u8> {
        let mut out = Vec::new();
        generate(spec, &mut out).unwrap();
        out
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let spec = Spec { actors: 300, relations: 2000, seed: 42 };
        assert_eq!(bytes(&spec), bytes(&spec));
        assert_ne!(bytes(&spec), bytes(&Spec { seed: 43, ..spec }));
    }

    #[test]
    fn output_loads_without_errors_and_has_the_promised_shape() {
        let spec = Spec { actors: 500, relations: 5000, seed: 1 };
        let mut out = Vec::new();
        let summary = generate(&spec, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let graph = actorgraph::load::from_json_str("synthetic.json", &text).unwrap();
        assert_eq!(graph.actors().len(), 500);
        assert_eq!(graph.relations().len(), 5000);
        assert_eq!(graph.sources().len(), summary.sources);
        let statements = graph.relations().iter().filter(|r| matches!(r.to, actorgraph::Target::Relation(_))).count();
        assert_eq!(statements, summary.statements);
        assert!(statements > 0);
        assert!(graph.relations().iter().any(|r| r.generated_id));
        // Heavy tail: the hub has far more than the mean degree (2 · 5000 / 500 = 20).
        let hub = graph.actor_ix(&summary.hub).unwrap();
        let degree = graph.degree(hub);
        assert!(degree > 100, "hub degree {degree}");
        // Mixed date precision and diacritics in names.
        let precisions: std::collections::BTreeSet<u8> =
            graph.relations().iter().filter_map(|r| r.date).map(|d| d.precision()).collect();
        assert_eq!(precisions.into_iter().collect::<Vec<_>>(), [1, 2, 3]);
        assert!(graph.actors().iter().any(|a| a.name.contains('ʿ')));
        assert!(graph.actors().iter().any(|a| !a.aliases.is_empty()));
    }

    #[test]
    fn refuses_fewer_than_two_actors() {
        let error = generate(&Spec { actors: 1, relations: 1, seed: 0 }, &mut Vec::new()).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
    }
}
