/**
 * Rule-based named entities for related stories: gazetteers (English, Russian and Azerbaijani
 * spellings mapped to one English form), organisation name patterns, acronyms, and people as
 * short runs of capitalised words. Tuned for precision: a missed entity costs less than a wrong one.
 */
import { asciiNameKey, foldText, isStopWord } from "../text/index.js";
import type { Entities } from "./model.js";
import countries from "./gazetteer/countries.json" with { type: "json" };
import orgEntries from "./gazetteer/orgs.json" with { type: "json" };
import peopleEntries from "./gazetteer/people.json" with { type: "json" };
import placeEntries from "./gazetteer/places.json" with { type: "json" };

export const MAX_ENTITIES_PER_KIND = 12;

type Kind = "person" | "place" | "org";

// ================================================================ keys

const keyCache = new Map<string, string>();

/** Lowercase ASCII key for matching entity names across scripts and spellings ("Ərdoğan" → "ardogan"). */
export function canonicalEntityKey(name: string): string {
  let key = keyCache.get(name);
  if (key !== undefined) return key;
  key = asciiNameKey(name);
  if (keyCache.size > 10_000) keyCache.clear();
  keyCache.set(name, key);
  return key;
}

/** Case folding used for lookups (the text module's: "İ"/"I"/"ı", "ə"/"a", "ё"/"е"), one apostrophe. */
function fold(text: string): string {
  return foldText(text).replace(/’/g, "'");
}

// ================================================================ inflection

/** A list of endings folded like the words they are cut from ("lər" → "lar"), longest first kept in order. */
function foldedList(endings: string[]): string[] {
  return [...new Set(endings.map(fold))];
}

/** Russian case endings, tried when looking a Cyrillic word up ("Москвы" → "москв"). */
const RU_ENDINGS = [
  "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ой", "ей", "ом", "ем", "ою", "ам", "ям", "ах", "ях", "ов", "ев",
  "ым", "им", "ую", "юю", "ая", "яя", "ые", "ие", "ых", "их", "а", "я", "у", "ю", "е", "и", "ы",
];
/** Endings removed from a gazetteer's Russian nominative to get the stem its other cases share. */
const RU_NOMINATIVE_ENDINGS = ["ая", "яя", "ий", "ый", "ой", "ое", "ее", "ые", "ие", "а", "я", "й", "ь", "ы", "и"];
/** Azerbaijani case and possessive suffixes (folded: ı → i), tried on Latin words of az/tr texts. */
const AZ_SUFFIXES = foldedList([
  "larin", "lərin", "larda", "lərdə", "ndan", "ndən", "nin", "nun", "nün", "dan", "dən", "tan", "tən", "daki", "dəki",
  "nda", "ndə", "yla", "ylə", "lar", "lər", "in", "un", "ün", "da", "də", "ta", "tə", "ya", "yə", "na", "nə", "ni",
  "nu", "nü", "la", "lə", "a", "ə", "i", "u", "ü",
]);
/** The suffixes that cannot end an Azerbaijani name themselves, safe to strip from a surname. */
const AZ_NAME_SUFFIXES = foldedList(["nin", "nun", "nün", "dan", "dən", "yla", "ylə", "ya", "yə", "da", "də", "la", "lə"]);

function strippedForms(word: string, endings: string[], minStem = 3): string[] {
  const forms = [word];
  for (const ending of endings) {
    if (word.length - ending.length >= minStem && word.endsWith(ending)) forms.push(word.slice(0, -ending.length));
  }
  return forms;
}

/** Case endings of Russian first names and surnames, longest first ("Слуцкого" → "слуцк", "Алиева" → "алиев"). */
const RU_NAME_ENDINGS = ["ого", "его", "ому", "ему", "ым", "им", "ой", "ей", "ом", "ем", "ую", "ий", "ый", "а", "я", "у", "ю", "е", "ы", "и"];

/** Removes the first (longest) matching ending, keeping at least `minStem` letters. */
function withoutEnding(word: string, endings: string[], minStem: number): string {
  const ending = endings.find((e) => word.length - e.length >= minStem && word.endsWith(e));
  return ending ? word.slice(0, -ending.length) : word;
}

const russianStem = (word: string) => withoutEnding(word, RU_NOMINATIVE_ENDINGS, 3);

// ================================================================ tokens

interface Token {
  /** Surface form without a possessive or case suffix after an apostrophe ("Putin's" → "Putin"). */
  text: string;
  norm: string;
  forms: string[];
  segment: number;
  index: number;
  /** Character offsets in the segment's text. */
  start: number;
  end: number;
  gapBefore: string;
  possessive: boolean;
  capitalised: boolean;
  acronym: boolean;
  cyrillic: boolean;
  sentenceStart: boolean;
  mention: number;
}

type SegmentCase = "normal" | "shouting" | "title";

const TOKEN = /(?:\p{Lu}\.){2,}|[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:['’‐-][\p{L}\p{M}\p{N}]+)*/gu;
const APOSTROPHE_SUFFIX = /^(.+?)['’](\p{Ll}+)$/u;
/** "ABŞ-ın", "NATO-nun": Azerbaijani attaches case suffixes to acronyms with a hyphen. */
const ACRONYM_SUFFIX = /^([\p{Lu}\p{N}]{2,})-(\p{Ll}{1,5})$/u;

function tokenize(text: string, segment: number, azSuffixes: boolean): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(TOKEN)) {
    let surface = match[0];
    let possessive = false;
    const suffixed = /['’-]/.test(surface) ? (APOSTROPHE_SUFFIX.exec(surface) ?? ACRONYM_SUFFIX.exec(surface)) : null;
    if (suffixed) {
      surface = suffixed[1];
      possessive = true;
    }
    const gapBefore = text.slice(previousEnd, match.index);
    previousEnd = match.index + match[0].length;
    const norm = fold(surface);
    const cyrillic = surface >= "\u0400" && surface < "\u0530";
    tokens.push({
      text: surface,
      norm,
      forms: cyrillic ? strippedForms(norm, RU_ENDINGS) : azSuffixes ? strippedForms(norm, AZ_SUFFIXES) : [norm],
      segment,
      index: 0,
      start: match.index,
      end: match.index + match[0].length,
      gapBefore,
      possessive,
      capitalised: /^\p{Lu}/u.test(surface),
      acronym: isAcronym(surface),
      cyrillic,
      sentenceStart: tokens.length === 0 || /[.!?…]|\n/.test(gapBefore),
      mention: -1,
    });
  }
  return tokens;
}

/** Two or more letters, all of them capitals: "NATO", "U.S.", "ООН", "ABŞ". */
function isAcronym(word: string): boolean {
  return word === word.toUpperCase() && word !== word.toLowerCase() && word.replace(/[^\p{L}]/gu, "").length >= 2;
}

function segmentCase(tokens: Token[], isTitle: boolean): SegmentCase {
  const words = tokens.filter((t) => t.norm.length >= 2);
  if (!words.length) return "normal";
  if (words.filter((t) => t.acronym).length >= 0.7 * words.length) return "shouting";
  const long = words.filter((t) => t.norm.length >= 4);
  if (isTitle && long.length >= 3 && long.filter((t) => t.capitalised).length >= 0.7 * long.length) return "title";
  return "normal";
}

const isSpaceGap = (gap: string) => /^[ \t]+$/.test(gap);
/** Organisation names may quote a part: the "Atlas" Analytical Center. */
const isOrgGap = (gap: string) => /^[ \t"“”«»„']+$/.test(gap) && /[ \t]/.test(gap);

// ================================================================ word lists

const words = (list: string) => new Set(list.trim().split(/\s+/).map(fold));

/** Capitalised at a sentence start but never part of a name. */
const FUNCTION_WORDS = words(`
  the a an in on at by for from with of to and but or nor if as after before during under over this that these those
  it he she we they i you his her their our its my your there here when while where what who whom whose why how however
  according also meanwhile some many most all both each every other another such since until although though yet so
  then thus today yesterday tomorrow last next earlier later now still even only just not no yes one two three four
  five six seven eight nine ten despite amid among between against without within through about into upon unlike
  several few more much further additionally moreover furthermore instead indeed perhaps maybe sources officials
  в на по с со как это он она они мы но и а при для об о из за после также однако кроме между во все так если когда
  уже еще ещё этот эта эти тот та те его ее её их там здесь вчера сегодня завтра
  bu və lakin amma ancaq o onlar biz mən həmçinin dünən bu gün sabah artıq hər bir həm da də isə ki
`);
const MONTHS_AND_DAYS = words(`
  january february march april may june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec
  monday tuesday wednesday thursday friday saturday sunday
  январь января февраль февраля март марта апрель апреля май мая июнь июня июль июля август августа сентябрь
  сентября октябрь октября ноябрь ноября декабрь декабря понедельник вторник среда четверг пятница суббота воскресенье
  yanvar fevral mart aprel may iyun iyul avqust sentyabr oktyabr noyabr dekabr bazar ertəsi çərşənbə cümə şənbə
`);
/** Words that stand before a name ("President Vladimir Putin", "политолог Эльхан Шахиноглу"). */
const TITLES = words(`
  president vice-president president-elect prime minister premier chancellor chairman chairwoman chair speaker senator
  sen rep representative congressman congresswoman governor gov mayor ambassador envoy secretary secretary-general
  general gen colonel col major lieutenant lt captain capt sergeant admiral commander marshal king queen prince princess
  sheikh emir sultan pope patriarch archbishop bishop imam ayatollah mr mrs ms miss dr prof professor judge justice
  director head chief spokesman spokeswoman spokesperson leader mp deputy commissioner adviser advisor aide lord lady
  sir dame ombudsman analyst expert journalist economist politician rapporteur delegate founder ceo treasurer
  attorney attorney-general
  президент премьер премьер-министр министр глава председатель спикер посол депутат сенатор генсек губернатор мэр
  канцлер король патриарх господин госпожа эксперт аналитик политолог журналист директор руководитель лидер
  замминистра вице-премьер вице-президент пресс-секретарь представитель помощник советник генерал полковник
  prezident prezidenti baş nazir naziri sədr sədri spiker səfir səfiri deputat deputatı vəkili cənab xanım ekspert
  politoloq jurnalist direktor rəhbər rəhbəri lider lideri köməkçisi müşavir müşaviri general polkovnik nümayəndə
  nümayəndəsi sözçüsü katib katibi
`);
/** Demonyms: "Russian President …" is not part of a name. */
const DEMONYMS = words(`
  russian azerbaijani azeri armenian georgian turkish iranian ukrainian belarusian kazakh uzbek turkmen kyrgyz tajik
  moldovan american british english french german italian spanish polish czech hungarian romanian bulgarian greek
  serbian croatian albanian lithuanian latvian estonian finnish swedish norwegian danish dutch belgian swiss austrian
  irish israeli palestinian syrian iraqi lebanese jordanian saudi emirati qatari egyptian libyan afghan pakistani indian
  chinese japanese korean european asian african western eastern soviet caucasian kurdish arab persian chechen
  dagestani abkhaz ossetian crimean canadian mexican brazilian turkic eurasian
`);
/** Capitalised words of institution, event and landmark names; a run containing one is not a person. */
const ORG_WORDS = words(`
  foreign affairs defense defence international internal emergency situations economy economic development justice
  finance health education culture tourism energy agriculture transport digital communications ecology natural
  resources labor labour social protection population youth sports science higher trade industry representatives
  commons lords human rights security cooperation co-operation regions independent states nations cassation appeal
  audit accounts investigation investigations information technologies technology innovation innovations veterans
  migration citizenship refugees state national federal central supreme public people popular democratic republican
  socialist communist liberal conservative green greens christian islamic muslim orthodox catholic jewish analytical
  research strategic studies policy
`);
const NON_NAME_WORDS = words(`
  government parliament ministry republic court army police party front union council committee commission agency
  center centre institute university bank fund company group corporation inc co corp ltd plc llc airlines airways
  airport park street avenue square road highway bridge palace hall tower house building museum hotel stadium arena
  church mosque cathedral hospital school college academy region province district oblast krai county city town village
  river lake sea ocean gulf bay strait island islands mountain mountains mount valley desert corridor route pipeline
  field plant station base summit forum conference congress assembly agreement treaty accord declaration act law bill
  constitution code day week year war world cup games olympics olympic championship league prize award festival expo
  plan project program programme initiative strategy doctrine operation mission gas oil power media news press tv radio
  channel times post journal daily service services forces guard navy air force military armed civil arab atlantic
  pacific arctic black red white blue golden grand great high upper lower new old north south east west northern
  southern eastern western middle near far united free royal imperial special joint unified main prime vice acting
  former majlis duma rada knesset senate cabinet office department bureau directorate administration authority facebook
  twitter telegram whatsapp instagram youtube google apple microsoft internet online covid coronavirus god allah
  kingdom empire federation alliance movement association foundation holding holdings exchange stock board brothers
  partners associates industries industrie trust securities savings loan credit capital investors investment motors
  electric chemical steel mining petroleum countries monetary currency system rate rates
  value added tax export import treasury reserve hill community society
  market markets index review report democrat democrats republicans institution
  государственная государственный верховный верховная федеральное федеральная национальный национальная южный южная
  северный северная западный западная восточный восточная центральный центральная международный европейский
  европейская белый красный черное каспийское совет министерство правительство республика организация
  respublikası respublikasi milli məclis dövlət cənubi şimali qərbi şərqi mərkəzi beynəlxalq xarici daxili işlər
  nazirliyi nazirlər kabineti birləşmiş millətlər təşkilatı avropa şurası komitəsi ittifaqı partiyası cəbhəsi bankı
  fondu
`);
const COURTESY_TITLES = words("mr mrs ms dr prof sir");
/**
 * Common first names in Cyrillic. Russian starts sentences with "Визит Эрдогана", "Слова Пескова",
 * so a capitalised word opening a sentence counts as a first name only when it is a known one.
 */
const CYRILLIC_FIRST_NAMES = words(`
  александр алексей анатолий андрей антон аркадий артем артур борис вадим валентин валерий василий виктор виталий
  владимир владислав вячеслав геннадий георгий глеб григорий даниил денис дмитрий евгений егор иван игорь илья кирилл
  константин леонид максим михаил никита николай олег павел петр роман руслан сергей станислав степан тимур федор
  юрий ярослав александра алина алла анастасия анна валентина вера виктория галина дарья екатерина елена елизавета
  жанна ирина карина ксения лариса любовь людмила марина мария наталья наталия надежда нина оксана ольга полина
  светлана софия софья татьяна юлия ильхам гейдар мехрибан эльхан фархад нуреддин рамиз али эльдар эльчин эльмар
  джейхун хикмет самир тофик вугар ровшан ризван мубариз намик хафиз чингиз ариф ильгар исмаил мамед гусейн гасан
  рашид заур фуад анар ильяс айдын новруз лейла севиль никол арарат серж роберт левон арман тигран ашот карен
  ираклий бидзина саломе гиорги давид дональд джо эммануэль олаф реджеп урсула кая марк антониу
`);

function isKnownFirstName(token: Token): boolean {
  return token.forms.some((f) => CYRILLIC_FIRST_NAMES.has(f)) || CYRILLIC_FIRST_NAMES.has(withoutEnding(token.norm, RU_NAME_ENDINGS, 3));
}
const NAME_PARTICLES = words("von van der den de da di du del della bin ibn al el la le dos das ter fon фон дер ван де ибн бен");

// ================================================================ gazetteers

/**
 * Gazetteers are data (gazetteer/*.json): canonical English name and other spellings (English,
 * Russian, Azerbaijani). countries.json is generated from a maintained source
 * (scripts/gazetteer/countries.ts); places.json adds cities, regions and spellings it lacks.
 */
interface GazetteerEntry {
  name: string;
  aliases: string[];
}
/** People: surnames listed map to the person when no other full name with that surname is in the text. */
interface PersonEntry extends GazetteerEntry {
  surnames: string[];
}
/** Organisations: `described` are lower-case descriptions the organisation patterns may find ("foreign ministry"). */
interface OrgEntry extends GazetteerEntry {
  described?: string[];
}

interface AliasToken {
  /** Folded forms; for an acronym, its exact spelling ("Aİ" is not "AI"). */
  forms: Set<string>;
  capitalised: boolean;
  acronym: boolean;
}

interface Alias {
  kind: Kind;
  canonical: string;
  tokens: AliasToken[];
  gaps: string[];
  /** A surname on its own: maps to the person unless the text names another person with that surname. */
  surname: boolean;
}

interface KnownPerson {
  firstNames: Set<string>;
}

/** Acronyms that are also ordinary words in an all-capitals headline ("LET US", "WHO WON"). */
const AMBIGUOUS_IN_CAPITALS = new Set(["US", "IT", "WHO"]);

const aliasIndex = new Map<string, Alias[]>();
const knownPeople = new Map<string, KnownPerson>();
const orgCanonical = new Map<string, string>();
const placeTokenForms = new Set<string>();

function addAlias(kind: Kind, canonical: string, spelling: string, surname = false): void {
  const matches = [...spelling.matchAll(TOKEN)];
  if (!matches.length) return;
  // A one-word name that is also a function word ("Того", Togo in Russian, is "of that") would be
  // found at every sentence that opens with it.
  if (matches.length === 1 && !isAcronym(matches[0][0]) && isStopWord(foldText(matches[0][0]))) return;
  const tokens = matches.map(([text]) => {
    const norm = fold(text);
    const cyrillic = /\p{Script=Cyrillic}/u.test(text);
    const acronym = isAcronym(text);
    const forms = new Set([acronym ? text : norm]);
    if (cyrillic && !acronym) forms.add(russianStem(norm));
    return { forms, capitalised: /^\p{Lu}/u.test(text), acronym };
  });
  const gaps = matches.slice(1).map((m, i) => {
    const previous = matches[i];
    return spelling.slice(previous.index + previous[0].length, m.index).replace(/\s+/g, " ");
  });
  const alias: Alias = { kind, canonical, tokens, gaps, surname };
  for (const form of tokens[0].acronym ? [fold(spelling.match(TOKEN)![0])] : tokens[0].forms) {
    const list = aliasIndex.get(form) ?? [];
    list.push(alias);
    list.sort((a, b) => b.tokens.length - a.tokens.length);
    aliasIndex.set(form, list);
  }
  if (kind === "place" && tokens.length === 1) for (const form of tokens[0].forms) placeTokenForms.add(form);
  if (kind === "org") orgCanonical.set(canonicalEntityKey(spelling), canonical);
}

function loadGazetteers(): void {
  const places: GazetteerEntry[] = [...countries, ...placeEntries];
  for (const [entries, kind] of [[places, "place"], [orgEntries as OrgEntry[], "org"]] as const) {
    for (const { name, aliases } of entries) for (const spelling of [name, ...aliases]) addAlias(kind, name, spelling);
  }
  for (const { name, aliases, surnames } of peopleEntries as PersonEntry[]) {
    const person: KnownPerson = { firstNames: new Set() };
    for (const spelling of [name, ...aliases]) {
      addAlias("person", name, spelling);
      const names = [...spelling.matchAll(TOKEN)].map(([t]) => fold(t));
      for (const first of names.slice(0, -1)) {
        person.firstNames.add(first);
        person.firstNames.add(russianStem(first));
      }
    }
    for (const spelling of surnames) addAlias("person", name, spelling, true);
    knownPeople.set(name, person);
  }
  for (const { name, described = [] } of orgEntries as OrgEntry[]) {
    for (const spelling of described) orgCanonical.set(canonicalEntityKey(spelling), name);
  }
}

// Built at the first extraction, not at import: only article writes need it, and building it
// costs a cold start about 100 ms that a search or related request would pay for nothing.
let gazetteersLoaded = false;
function ensureGazetteers(): void {
  if (gazetteersLoaded) return;
  loadGazetteers();
  gazetteersLoaded = true;
}

// ================================================================ organisation patterns

/** Words that end an organisation name: "Popular Front Party", "Atlas Analytical Center". */
const ORG_HEADS = words(`
  party bank committee commission council ministry agency center centre institute university foundation fund union
  organization organisation front assembly court service corporation company association alliance movement authority
  department bureau academy parliament inc corp ltd plc llc co airlines airways group holding holdings airport forces
  exchange board brothers partners associates industries trust securities society community institution incorporated
`);
/** Company suffixes: "Azersun Holding Ltd" names a company even though "Azersun Holding" is one already. */
const CORPORATE_SUFFIXES = words("inc incorporated corp corporation co company ltd plc llc holdings group");
/** Heads that may continue with "of/on/for …": "Ministry of Defense", "Committee on International Affairs". */
const PREFIX_HEADS = words(`
  ministry committee council bank university institute court union department organization organisation academy
  commission agency office party federation association chamber board bureau league fund center centre foundation house
`);
/** Heads that only make a name with a continuation ("House of Representatives"). */
const CONTINUATION_ONLY_HEADS = words("house office chamber board federation league");
/** Azerbaijani heads (possessive form), which then take case suffixes: "Partiyasının", "Mərkəzində". */
const AZ_ORG_HEADS = words(`
  partiyası bankı mərkəzi komitəsi nazirliyi fondu universiteti ittifaqı şurası agentliyi xidməti məclisi təşkilatı
  cəbhəsi hərəkatı assosiasiyası akademiyası məhkəməsi institutu şirkəti palatası idarəsi komissiyası
`);
const AZ_HEAD_ENDINGS = foldedList(["", "nin", "nun", "nün", "na", "nə", "nda", "ndə", "ndan", "ndən", "ni", "nu", "nü", "nla", "nlə"]);
/** Russian generic nouns followed by a quoted name: партия «Новый Азербайджан», центр «Атлас». */
const RU_ORG_NOUNS = `
  партия партии партию партией компания компании компанию банк банка банке центр центра центре фонд фонда движение
  движения организация организации агентство агентства концерн концерна холдинг холдинга корпорация корпорации
  группа группы ЧВК блок блока объединение объединения`;
const RU_QUOTED_ORG = new RegExp(
  `(?<![\\p{L}])(?:${RU_ORG_NOUNS.trim().split(/\s+/).join("|")})\\s+[«"„“]([^«»"“”„\\n]{2,60})[»"”“]`,
  "giu",
);

function canonicalOrg(display: string): string {
  const key = canonicalEntityKey(display);
  const direct = orgCanonical.get(key);
  if (direct) return direct;
  // "Pasha Holding and Co", "Gilan Holding Inc": a known company with its legal suffix.
  const withoutSuffix = key.replace(/(?: (?:and|inc|incorporated|corp|corporation|co|company|ltd|plc|llc))+$/, "");
  const company = withoutSuffix !== key ? orgCanonical.get(withoutSuffix) : undefined;
  if (company) return company;
  // "Russian Foreign Ministry" is the ministry; the country is a place of its own.
  const [first, ...rest] = key.split(" ");
  if (DEMONYMS.has(first) && rest.length) return orgCanonical.get(rest.join(" ")) ?? display;
  return display;
}

const ACRONYM_STOPLIST = words(`
  TV OK PM AM CEO CFO COO CTO GDP VAT USD EUR RUB AZN AMD GEL TRY GBP JPY CNY CHF KZT UAH BN KM
  KG MW GW KW KWH MWH BPD LNG LPG CNG COVID HIV AIDS DNA RNA SMS IT AI PR VIP ID PDF URL FAQ GMT UTC CET CEST MSK EST
  PST NB PS THE AND FOR NOT BUT ALL NEW NOW WAR YES NO UPDATE URGENT VIDEO PHOTO BREAKING NOTE
  AG SA NV AB LP BV SPA GMBH GNP
  ВВП НДС СМИ ДТП ЖКХ ТЦ ВУЗ ЧП ИИ ÜDM KİV ƏDV
`);

// ================================================================ extraction

interface Mention {
  kind: Kind;
  /** Display name; for people of the same surname, resolved later. */
  name: string;
  first: number;
  last: number;
  inTitle: boolean;
  dropped?: boolean;
  /** Set on a surname standing alone; resolved against full names in the text. */
  surnameKey?: string;
  /** Set on a full person name: the key its surname alone would have. */
  fullSurnameKey?: string;
  /** Groups spellings of one unknown person ("Леонид Слуцкий", "Леонида Слуцкого"). */
  personKey?: string;
}

class Extraction {
  readonly tokens: Token[] = [];
  readonly cases: SegmentCase[] = [];
  readonly mentions: Mention[] = [];
  private readonly segmentTexts: string[];

  constructor(
    title: string,
    body: string,
    private readonly azSuffixes: boolean,
  ) {
    [title, body].forEach((text, segment) => {
      const tokens = tokenize(text, segment, azSuffixes);
      this.cases.push(segmentCase(tokens, segment === 0));
      this.tokens.push(...tokens);
    });
    this.tokens.forEach((t, i) => (t.index = i));
    this.segmentTexts = [title, body];
  }

  caseOf(token: Token): SegmentCase {
    return this.cases[token.segment];
  }

  addMention(mention: Omit<Mention, "inTitle">): number {
    const id = this.mentions.length;
    this.mentions.push({ ...mention, inTitle: this.tokens[mention.first].segment === 0 });
    for (let i = mention.first; i <= mention.last; i++) this.tokens[i].mention = id;
    return id;
  }

  /** Whether tokens[from..to] are adjacent words of one segment, separated as `gapOk` allows. */
  contiguous(from: number, to: number, gapOk: (gap: string) => boolean): boolean {
    for (let i = from + 1; i <= to; i++) {
      const t = this.tokens[i];
      if (t.segment !== this.tokens[from].segment || !gapOk(t.gapBefore) || this.tokens[i - 1].possessive) return false;
    }
    return true;
  }

  // ---------------------------------------------------------------- gazetteers

  matchGazetteers(): void {
    for (let i = 0; i < this.tokens.length; i++) {
      const token = this.tokens[i];
      if (token.mention >= 0) continue;
      const matched = this.matchAliasesAt(i);
      if (matched >= 0) {
        i = matched;
        continue;
      }
      if (token.text.includes("-")) this.matchHyphenParts(token);
    }
  }

  private matchAliasesAt(i: number): number {
    const token = this.tokens[i];
    const seen = new Set<Alias>();
    for (const form of token.forms) {
      for (const alias of aliasIndex.get(form) ?? []) {
        if (seen.has(alias)) continue;
        seen.add(alias);
        const last = this.aliasEnd(i, alias);
        if (last < 0) continue;
        if (alias.kind === "person") this.addPerson(i, last, alias);
        else this.addMention({ kind: alias.kind, name: alias.canonical, first: i, last });
        return last;
      }
    }
    return -1;
  }

  /** Index of the last token when `alias` matches from token i, else -1. */
  private aliasEnd(i: number, alias: Alias): number {
    const shouting = this.caseOf(this.tokens[i]) === "shouting";
    for (let k = 0; k < alias.tokens.length; k++) {
      const token = this.tokens[i + k];
      const expected = alias.tokens[k];
      if (!token || token.mention >= 0 || token.segment !== this.tokens[i].segment) return -1;
      if (k > 0 && (token.gapBefore.replace(/\s+/g, " ") !== alias.gaps[k - 1] || this.tokens[i + k - 1].possessive)) return -1;
      if (expected.acronym) {
        // In an all-capitals headline "US" or "IT" may be ordinary words.
        if (!token.acronym || !expected.forms.has(token.text)) return -1;
        if (shouting && AMBIGUOUS_IN_CAPITALS.has(token.text)) return -1;
      } else {
        if (expected.capitalised && !token.capitalised) return -1;
        if (!token.forms.some((f) => expected.forms.has(f))) return -1;
      }
    }
    return i + alias.tokens.length - 1;
  }

  /** "Russia-Ukraine war", "China-Russia-Azerbaijan route": each part may be a place or an organisation. */
  private matchHyphenParts(token: Token): void {
    for (const part of token.text.split("-")) {
      if (!/^\p{Lu}/u.test(part)) continue;
      const forms = part.match(/\p{Script=Cyrillic}/u) ? strippedForms(fold(part), RU_ENDINGS) : [fold(part)];
      const alias = forms
        .flatMap((f) => aliasIndex.get(f) ?? [])
        .find((a) => a.tokens.length === 1 && a.kind !== "person" && (!a.tokens[0].acronym || a.tokens[0].forms.has(part)));
      if (alias) this.mentions.push({ kind: alias.kind, name: alias.canonical, first: token.index, last: token.index, inTitle: token.segment === 0 });
    }
  }

  /**
   * A known surname takes the first names written before it: the same person when one of them is a
   * known first name ("Vladimir Vladimirovich Putin"), someone else otherwise ("Ramiz Aliyev").
   */
  private addPerson(first: number, last: number, alias: Alias): void {
    const surnameKey = canonicalEntityKey(alias.canonical.split(" ").pop()!);
    if (!alias.surname) {
      this.addMention({ kind: "person", name: alias.canonical, first, last, fullSurnameKey: surnameKey });
      return;
    }
    let start = first;
    while (start > 0 && first - start < 2 && this.isNameToken(this.tokens[start - 1]) && this.contiguous(start - 1, first, isSpaceGap)) start--;
    if (start < first && this.opensSentenceWithoutName(this.tokens[start])) start++;
    if (start === first) {
      this.addMention({ kind: "person", name: alias.canonical, first, last, surnameKey });
      return;
    }
    const known = knownPeople.get(alias.canonical)!;
    const sameFirstName = this.tokens.slice(start, first).some((t) => t.forms.some((f) => known.firstNames.has(f)));
    if (sameFirstName) {
      this.addMention({ kind: "person", name: alias.canonical, first: start, last, fullSurnameKey: surnameKey });
    } else {
      this.addGenericPerson(start, last);
    }
  }

  // ---------------------------------------------------------------- organisations

  matchOrganisationPatterns(): void {
    this.matchQuotedRussianOrgs();
    // Right to left, so "Popular Front Party" is found whole before "Front" could end a shorter name.
    for (const head of [...this.tokens].reverse()) {
      if (head.mention >= 0 || !head.capitalised || this.caseOf(head) !== "normal") continue;
      const azHead = this.azOrgHead(head);
      if (!azHead && !ORG_HEADS.has(head.norm) && !PREFIX_HEADS.has(head.norm)) continue;
      const last = azHead ? head.index : this.continuationEnd(head);
      const first = this.modifierStart(head);
      if (first === head.index && last === head.index) continue;
      if (last === head.index && CONTINUATION_ONLY_HEADS.has(head.norm)) continue;
      if (last === head.index && !ORG_HEADS.has(head.norm) && !azHead) continue;
      // "Co Inc" or "Holdings Plc" alone is the tail of a name the text did not give.
      if (this.tokens.slice(first, last + 1).every((t) => CORPORATE_SUFFIXES.has(t.norm))) continue;
      const parts = this.tokens.slice(first, last + 1).map((t) => (t === head && azHead ? azHead : t.text));
      for (let i = first; i <= last; i++) {
        const mention = this.tokens[i].mention;
        if (mention >= 0) this.mentions[mention].dropped = true;
      }
      this.addMention({ kind: "org", name: canonicalOrg(parts.join(" ")), first, last });
    }
  }

  /** The head's base form when the token is an Azerbaijani head noun with an optional case suffix. */
  private azOrgHead(token: Token): string | undefined {
    if (token.cyrillic) return undefined;
    for (const head of AZ_ORG_HEADS) {
      if (!token.norm.startsWith(head)) continue;
      if (AZ_HEAD_ENDINGS.includes(token.norm.slice(head.length))) return token.text.slice(0, head.length);
    }
    return undefined;
  }

  /** "Ministry" + "of Foreign Affairs": continuation words must be institutional words or places. */
  private continuationEnd(head: Token): number {
    if (!PREFIX_HEADS.has(head.norm) || head.possessive) return head.index;
    const link = this.tokens[head.index + 1];
    if (!link || !["of", "on", "for"].includes(link.text) || !this.contiguous(head.index, head.index + 1, isSpaceGap)) return head.index;
    let i = head.index + 2;
    if (this.tokens[i]?.text === "the" && this.contiguous(i - 1, i, isSpaceGap)) i++;
    let last = head.index;
    for (; i < this.tokens.length && this.contiguous(i - 1, i, isSpaceGap); i++) {
      const t = this.tokens[i];
      const free = t.mention < 0 || this.mentions[t.mention].kind === "place";
      const institutional = free && t.capitalised && (ORG_WORDS.has(t.norm) || this.isPlaceToken(t));
      if (institutional) last = i;
      else if (!(t.text === "and" && last === i - 1)) break;
      if (t.possessive) break;
    }
    return last;
  }

  /**
   * Capitalised words before a head, up to a function word, punctuation or an organisation already
   * found; "and" may join them ("Securities and Exchange Commission", "Johnson and Johnson Inc").
   */
  private modifierStart(head: Token): number {
    let first = head.index;
    while (first > 0 && head.index - first < 7) {
      const candidate = this.tokens[first - 1];
      if (!this.contiguous(first - 1, first, isOrgGap)) break;
      if ((candidate.text === "and" || candidate.text === "&") && first >= 2 && this.tokens[first].capitalised) {
        const before = this.tokens[first - 2];
        const beforeMention = before.mention >= 0 ? this.mentions[before.mention] : undefined;
        const joinable = !beforeMention || (beforeMention.kind === "org" && CORPORATE_SUFFIXES.has(head.norm));
        if (before.capitalised && joinable && !before.sentenceStart && this.contiguous(first - 2, first - 1, isSpaceGap)) {
          first = beforeMention ? beforeMention.first : first - 2;
          if (this.tokens[first].sentenceStart) break;
          continue;
        }
        break;
      }
      if (!(candidate.capitalised || candidate.acronym) || FUNCTION_WORDS.has(candidate.norm) || COURTESY_TITLES.has(candidate.norm)) break;
      const mention = candidate.mention >= 0 ? this.mentions[candidate.mention] : undefined;
      if (mention?.kind === "org" && !CORPORATE_SUFFIXES.has(head.norm)) break;
      first = mention ? mention.first : first - 1;
      if (this.tokens[first].sentenceStart) break;
    }
    return first;
  }

  private isPlaceToken(token: Token): boolean {
    if (token.mention >= 0) return this.mentions[token.mention].kind === "place";
    return token.forms.some((f) => placeTokenForms.has(f));
  }

  private matchQuotedRussianOrgs(): void {
    this.segmentTexts.forEach((text, segment) => {
      if (!/[\u0400-\u04ff]/.test(text)) return;
      for (const match of text.matchAll(RU_QUOTED_ORG)) {
        const nameStart = match.index + match[0].lastIndexOf(match[1]);
        const nameEnd = nameStart + match[1].length;
        const inside = this.tokens.filter((t) => t.segment === segment && t.start >= nameStart && t.end <= nameEnd);
        if (!inside.length || inside.some((t) => t.mention >= 0 && this.mentions[t.mention].kind === "org")) continue;
        for (const t of inside) if (t.mention >= 0) this.mentions[t.mention].dropped = true;
        this.addMention({ kind: "org", name: match[1].trim(), first: inside[0].index, last: inside[inside.length - 1].index });
      }
    });
  }

  matchAcronyms(): void {
    for (const t of this.tokens) {
      if (t.mention >= 0 || !t.acronym || this.caseOf(t) !== "normal" || t.norm.includes(".")) continue;
      const letters = t.text.replace(/[^\p{L}]/gu, "");
      if (letters.length !== t.text.length || letters.length < 2 || letters.length > 6) continue;
      // Roman numerals and credit ratings ("AA", "BBB") are not organisations.
      if (ACRONYM_STOPLIST.has(t.norm) || /^[IVXLC]+$|^(?:A{1,3}|B{1,3}|C{1,3})$/.test(t.text)) continue;
      this.addMention({ kind: "org", name: t.text, first: t.index, last: t.index });
    }
  }

  // ---------------------------------------------------------------- people

  isNameToken(t: Token): boolean {
    if (t.mention >= 0 || !t.capitalised || t.acronym || t.norm.length < 2) return false;
    if (!/^(?:Mc|Mac|O['’])?\p{Lu}[\p{Ll}\p{M}]+(?:-\p{Lu}?[\p{Ll}\p{M}]+)*$/u.test(t.text)) return false;
    const n = t.norm;
    return !(FUNCTION_WORDS.has(n) || MONTHS_AND_DAYS.has(n) || TITLES.has(n) || DEMONYMS.has(n) || NON_NAME_WORDS.has(n) || ORG_WORDS.has(n));
  }

  /** A Cyrillic word opening a sentence that is not a known first name: "Визит" in "Визит Эрдогана". */
  private opensSentenceWithoutName(token: Token): boolean {
    return token.cyrillic && token.sentenceStart && !isKnownFirstName(token);
  }

  /** Runs of two or three capitalised name-like words: "Leonid Slutsky", "Nureddin Mamedli". */
  matchPeople(): void {
    const orgWords = new Set(
      this.mentions.filter((m) => m.kind === "org" && !m.dropped).flatMap((m) => this.tokens.slice(m.first, m.last + 1).map((t) => t.norm)),
    );
    // A word the text also writes in lower case is a common word, not a name ("Reserve Board", "Pay Aug").
    const lowercaseWords = new Set(this.tokens.filter((t) => !t.capitalised).map((t) => t.norm));
    let run: Token[] = [];
    const flush = () => {
      while (run.length && NAME_PARTICLES.has(run[run.length - 1].norm)) run.pop();
      if (run.length && this.opensSentenceWithoutName(run[0])) run.shift();
      const valid =
        run.length >= 2 &&
        run.length <= 3 &&
        run.every((t) => t.cyrillic === run[0].cyrillic) &&
        !run.some((t) => orgWords.has(t.norm) || lowercaseWords.has(t.norm));
      if (valid) this.addGenericPerson(run[0].index, run[run.length - 1].index);
      run = [];
    };
    for (const t of this.tokens) {
      if (this.caseOf(t) !== "normal") {
        flush();
        continue;
      }
      const previous = run[run.length - 1];
      const continues = previous !== undefined && this.contiguous(previous.index, t.index, isSpaceGap);
      if (this.isNameToken(t)) {
        if (!continues) flush();
        run.push(t);
      } else if (continues && t.mention < 0 && NAME_PARTICLES.has(t.norm) && !t.capitalised) {
        run.push(t);
      } else {
        flush();
      }
    }
    flush();
  }

  private addGenericPerson(first: number, last: number): void {
    const tokens = this.tokens.slice(first, last + 1);
    this.addMention({
      kind: "person",
      name: tokens.map((t) => t.text).join(" "),
      first,
      last,
      fullSurnameKey: this.nameKey(tokens[tokens.length - 1]),
      personKey: tokens.map((t) => this.nameKey(t)).join(" "),
    });
  }

  /** Key of one name word without its case ending: "Слуцкого" and "Слуцкий" share one. */
  private nameKey(t: Token): string {
    if (t.cyrillic) return canonicalEntityKey(withoutEnding(t.norm, RU_NAME_ENDINGS, 3));
    if (this.azSuffixes) return canonicalEntityKey(withoutEnding(t.norm, AZ_NAME_SUFFIXES, 4));
    return canonicalEntityKey(t.norm);
  }

  /** A surname alone ("… Putin said", "Mamedli speculates") names the nearest full name with that surname. */
  resolveSurnames(): void {
    const fullNames = this.mentions.filter((m) => m.kind === "person" && m.fullSurnameKey && !m.dropped);
    for (const t of this.tokens) {
      if (this.caseOf(t) !== "normal" || !this.isNameToken(t)) continue;
      const key = this.nameKey(t);
      if (fullNames.some((m) => m.fullSurnameKey === key)) {
        this.addMention({ kind: "person", name: "", first: t.index, last: t.index, surnameKey: key });
      }
    }
    for (const mention of this.mentions) {
      if (!mention.surnameKey) continue;
      const candidates = fullNames.filter((m) => m.fullSurnameKey === mention.surnameKey);
      const before = candidates.filter((m) => m.first < mention.first);
      const chosen = before[before.length - 1] ?? candidates[0];
      if (chosen) {
        mention.name = chosen.name;
        mention.personKey = chosen.personKey;
      } else if (!mention.name) {
        mention.dropped = true;
      }
    }
  }

  // ---------------------------------------------------------------- result

  result(): Entities {
    const byKind: Record<Kind, Map<string, { names: Set<string>; score: number; first: number }>> = {
      person: new Map(),
      place: new Map(),
      org: new Map(),
    };
    for (const m of this.mentions) {
      if (m.dropped || !m.name) continue;
      const key = m.personKey ?? canonicalEntityKey(m.name);
      if (!key) continue;
      const entry = byKind[m.kind].get(key) ?? { names: new Set<string>(), score: 0, first: m.first };
      entry.names.add(m.name);
      entry.score += m.inTitle ? 3 : 1;
      entry.first = Math.min(entry.first, m.first);
      byKind[m.kind].set(key, entry);
    }
    const ranked = (kind: Kind) =>
      unique(
        [...byKind[kind].values()]
          .sort((a, b) => b.score - a.score || a.first - b.first)
          .map((e) => displayName([...e.names])),
      ).slice(0, MAX_ENTITIES_PER_KIND);
    return { people: ranked("person"), places: ranked("place"), orgs: ranked("org") };
  }
}

/** Of several spellings of one name, the shortest is usually the uninflected one. */
function displayName(names: string[]): string {
  return names.reduce((best, name) => (name.length < best.length ? name : best));
}

function unique(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = canonicalEntityKey(name) || name;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function extractEntities(title: string, body: string, language: string): Entities {
  ensureGazetteers();
  const azSuffixes = language === "az" || language === "tr";
  const extraction = new Extraction(title ?? "", body ?? "", azSuffixes);
  extraction.matchGazetteers();
  extraction.matchOrganisationPatterns();
  extraction.matchAcronyms();
  extraction.matchPeople();
  extraction.resolveSurnames();
  return extraction.result();
}
