/**
 * Word lists for the generated corpus: real function and politics words at the top of each
 * language's frequency ranking, then pronounceable made-up words for the long tail, as in news text.
 */
import { createRng, deriveSeed, randomInt, pick, type Rng } from "./prng.js";

export type CorpusLanguage = "en" | "ru" | "az";

const FUNCTION_WORDS: Record<CorpusLanguage, string[]> = {
  en: "the of and to a in that is for on said with was as by at he it from his be has have an are not will but this which were they had its who been after their also would more or new one last year two over than about up into could when out there other first some her she we our them can no all people time only may".split(" "),
  ru: "и в не на что с по он как а к из за о это для от у же так но мы все был она они бы уже или при его год также после было будет который их только если ещё когда время даже чтобы этого может более мы нас сегодня тем".split(" "),
  az: "və bu ilə üçün bir da də olan ki isə artıq həm daha görə sonra əvvəl onun bizim hər kimi qədər ancaq çox yeni il iki bütün belə olaraq edib etdi deyib bildirib".split(" "),
};

const CONTENT_WORDS: Record<CorpusLanguage, string[]> = {
  en: `government minister president parliament election vote party opposition coalition budget tax reform policy law court judge
ruling constitution senate congress assembly council mayor governor campaign candidate poll voters ballot referendum treaty sanctions
border security defence army military ceasefire peace talks negotiations summit diplomat embassy foreign trade economy inflation
unemployment pension health education housing energy gas oil pipeline climate protest strike union workers farmers corruption
investigation scandal resignation cabinet spokesman statement interview report agency committee commission bill amendment veto decree
spending deficit debt bank currency rates prices wages migration refugees asylum police arrest prison rights freedom media press
journalist television internet regulation ministry region city capital province district village northern southern eastern western
national local federal regional public private international european global allies partners neighbours conflict war attack drone
missile crisis emergency aid support funding plan proposal agreement deal deadline session debate speech majority minority leader
chairman deputy secretary official officials sources analysts experts critics supporters lawmakers senators ministers citizens residents
families schools hospitals roads railway airport water electricity infrastructure investment growth recession exports imports tariffs
subsidies wheat grain coal steel nuclear renewable pipeline corridor transit sovereignty independence delegation mediation observers
monitoring mandate inauguration impeachment coalition manifesto constituency turnout recount fraud pardon amnesty verdict appeal
prosecutor lawsuit petition hearing testimony inquiry audit watchdog ombudsman`.split(/\s+/),
  ru: `правительство министр президент парламент выборы голосование партия оппозиция коалиция бюджет налог реформа политика закон суд
судья конституция дума совет мэр губернатор кампания кандидат опрос избиратели референдум договор санкции граница безопасность армия
перемирие мир переговоры саммит дипломат посольство торговля экономика инфляция безработица пенсия здравоохранение образование жильё
энергетика газ нефть трубопровод климат протест забастовка профсоюз коррупция расследование скандал отставка кабинет заявление доклад
агентство комитет комиссия законопроект поправка указ расходы дефицит долг банк валюта цены зарплаты миграция беженцы полиция арест
права свобода журналист телевидение министерство регион город столица область район национальный местный федеральный международный
союзники партнёры конфликт кризис помощь поддержка финансирование соглашение сделка сессия дебаты речь большинство лидер председатель
заместитель секретарь чиновник эксперты критики депутаты граждане жители школы больницы дороги аэропорт инвестиции рост экспорт импорт`.split(/\s+/),
  az: `hökumət nazir prezident parlament seçki səsvermə partiya müxalifət koalisiya büdcə vergi islahat siyasət qanun məhkəmə hakim
konstitusiya şura bələdiyyə qubernator kampaniya namizəd sorğu seçicilər referendum müqavilə sanksiya sərhəd təhlükəsizlik ordu
atəşkəs sülh danışıqlar sammit diplomat səfirlik ticarət iqtisadiyyat inflyasiya işsizlik pensiya səhiyyə təhsil mənzil enerji qaz
neft boru iqlim etiraz tətil həmkarlar korrupsiya araşdırma qalmaqal istefa kabinet bəyanat hesabat agentlik komitə komissiya layihə
fərman xərclər kəsir borc bank valyuta qiymətlər maaş miqrasiya qaçqınlar polis həbs hüquq azadlıq jurnalist televiziya nazirlik
region şəhər paytaxt rayon kənd milli yerli beynəlxalq müttəfiqlər tərəfdaşlar münaqişə böhran yardım dəstək maliyyə razılaşma
sessiya müzakirə çıxış çoxluq lider sədr müavin katib rəsmi ekspertlər tənqidçilər deputatlar vətəndaşlar sakinlər məktəblər
xəstəxanalar yollar hava limanı investisiya artım ixrac idxal`.split(/\s+/),
};

const SYLLABLES: Record<CorpusLanguage, { onsets: string[]; vowels: string[]; codas: string[] }> = {
  en: {
    onsets: ["", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br", "cl", "cr", "dr", "fl", "gr", "pl", "pr", "sh", "st", "th", "tr", "ch"],
    vowels: ["a", "e", "i", "o", "u", "a", "e", "i", "o", "ea", "ou", "ee"],
    codas: ["", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ng", "ck", "x"],
  },
  ru: {
    onsets: ["", "б", "в", "г", "д", "ж", "з", "к", "л", "м", "н", "п", "р", "с", "т", "ф", "х", "ч", "ш", "пр", "ст", "тр", "кр", "вл"],
    vowels: ["а", "е", "и", "о", "у", "ы", "я", "ю", "ё"],
    codas: ["", "", "", "н", "р", "с", "т", "л", "м", "й", "ск", "ств"],
  },
  az: {
    onsets: ["", "b", "c", "ç", "d", "f", "g", "ğ", "h", "x", "k", "q", "l", "m", "n", "p", "r", "s", "ş", "t", "v", "y", "z"],
    vowels: ["a", "ə", "ı", "i", "o", "ö", "u", "ü", "e"],
    codas: ["", "", "", "n", "r", "l", "m", "t", "q", "ş", "z"],
  },
};

/** How many distinct words each language's ranking holds (the long tail is made up). */
export const VOCABULARY_SIZE: Record<CorpusLanguage, number> = { en: 30_000, ru: 12_000, az: 8_000 };

/** A made-up word; frequent (low-rank) words come out shorter, as in real text. */
export function pseudoWord(rng: Rng, language: CorpusLanguage, rank: number): string {
  const { onsets, vowels, codas } = SYLLABLES[language];
  const syllables = 1 + (rank > 150 ? 1 : 0) + (rank > 4000 ? 1 : 0) + (rng() < 0.3 ? 1 : 0);
  let word = "";
  for (let s = 0; s < syllables; s++) word += pick(rng, onsets) + pick(rng, vowels) + (s === syllables - 1 ? pick(rng, codas) : "");
  return word;
}

/** The language's words ordered by frequency rank (index 0 = most frequent). */
export function buildVocabulary(language: CorpusLanguage, seed: number): string[] {
  const rng = createRng(deriveSeed(seed, `vocabulary:${language}`));
  const words = [...FUNCTION_WORDS[language]];
  const seen = new Set(words);
  // Politics words spread over the upper ranks, interleaved with made-up words.
  const content = CONTENT_WORDS[language].filter((w) => !seen.has(w));
  for (const w of content) seen.add(w);
  let nextContent = 0;
  while (words.length < VOCABULARY_SIZE[language]) {
    if (nextContent < content.length && rng() < 0.35) {
      words.push(content[nextContent++]);
      continue;
    }
    const w = pseudoWord(rng, language, words.length);
    if (w.length < 2 || seen.has(w)) continue;
    seen.add(w);
    words.push(w);
  }
  return words;
}

/** Capitalised made-up names ("Varostan", "Келиров") for people and places. */
export function pseudoName(rng: Rng, language: CorpusLanguage): string {
  const base = pseudoWord(rng, language, 500);
  const suffixes: Record<CorpusLanguage, string[]> = {
    en: ["", "son", "ton", "ley", "er", "ia", "stan"],
    ru: ["ов", "ова", "ин", "ск", "ево", ""],
    az: ["ov", "ova", "li", "zadə", "bəyli", ""],
  };
  const word = base + pick(rng, suffixes[language]);
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function functionWordCount(language: CorpusLanguage): number {
  return FUNCTION_WORDS[language].length;
}
