/**
 * The stop-word lists, all in one place: function words of each language (pronouns, articles,
 * prepositions, conjunctions, auxiliaries, particles). English and Russian after the Snowball
 * project's lists, Azerbaijani its counterpart, Turkish, German, French, Spanish and Bulgarian short
 * lists of their most frequent function words. Generic lists, not chosen from any corpus.
 *
 * - Search leaves en/ru/az stop words out of matching (a query made only of them keeps them).
 * - Related-story features also drop TOPICLESS_WORDS: words every story uses whatever its topic.
 * - Language detection counts the words of each list as written ("və" is Azerbaijani, "ve" Turkish).
 */
import { foldText } from "./fold.js";
import { tokenize } from "./tokens.js";

const list = (words: string) => words.split(/\s+/).filter(Boolean);

/** Each language's list as written, lower-cased, with its own letters. */
export const STOP_WORD_LISTS = {
  en: list(`a about above after again against all am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few
for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself
his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor not
of off on once only or other ought our ours ourselves out over own same shan't she she'd she'll she's should shouldn't
so some such than that that's the their theirs them themselves then there there's these they they'd they'll they're
they've this those through to too under until up very was wasn't we we'd we'll we're we've were weren't what what's
when when's where where's which while who who's whom why why's with won't would wouldn't you you'd you'll you're you've
your yours yourself yourselves also may might must shall will`),
  ru: list(`и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было
вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь
там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под
будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем
всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего них какая много разве три
эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между это также`),
  az: list(`və ilə bu o da də ki üçün bir amma ancaq lakin yaxud ya həm hər heç nə niyə necə harada haqqında
kimi qədər sonra əvvəl görə doğru qarşı ilə isə artıq belə elə onun onlar onları onların bunlar bunu bunun buna mən sən
biz siz məni səni bizim sizin mənim sənin özü öz olan olub olaraq olar oldu olmuş deyil var yox çox az daha ən hansı
harda kim kimə bəzi bütün hamı hamısı indi hələ yenə artıq isə axı bəli xeyr`),
  tr: list(`ve bu ile için bir da de olan ise ki göre sonra daha çok gibi ama ancak değil kadar olarak tarafından
hakkında arasında nasıl neden ne her hiç yok var oldu olduğu dedi etti şekilde üzere yani diye`),
  de: list("der die und das ist nicht mit den von zu sich auf für im dem des ein eine wird auch nach bei"),
  fr: list("le la les des et est une du que dans pour pas sur au avec qui ce il elle sont aux"),
  es: list("el la los las y que en del por con una es para se su al como más pero fue"),
  bg: list("и в на е се да за от че са не с по като това ще които със във след към през беше тази има"),
} as const;

/** The languages whose articles the site publishes and searches. */
const SEARCHED = [STOP_WORD_LISTS.en, STOP_WORD_LISTS.ru, STOP_WORD_LISTS.az];

/**
 * Words that say nothing about which story a text tells: further adverbs and prepositions,
 * reporting verbs, courtesy titles, counting and calendar words. Search keeps them (a reader may
 * look for "new year" or "per capita"); related-story features leave them out.
 */
const TOPICLESS_WORDS = list(`
  just now us per upon within without however since said says say told according mr mrs ms one two three
  year years new last first week month today yesterday tomorrow dont
  эта заявил заявила сообщил сообщила сказал сказала году года год словам
  edib edən etdi etmək olur deyib bildirib qeyd edilib həmçinin həmin yəni il ildə ilin tərəfindən barədə arasında üzrə
`);

/** Folded the way the index folds words ("və" → "va"); apostrophes split words ("don't" → "don", "t"). */
function folded(words: readonly string[]): string[] {
  return words.flatMap((w) => tokenize(w).map((t) => t.norm)).map(foldText);
}

/** Folded en/ru/az stop words, as search compares them. */
export const STOP_WORDS: ReadonlySet<string> = new Set(SEARCHED.flatMap(folded));

/** The en/ru/az lists as written, lower-cased (with their own letters: "və"), for engines that fold differently. */
export const STOP_WORDS_AS_WRITTEN: readonly string[] = SEARCHED.flat();

/** Stop words plus topicless words, folded: what related-story features leave out. */
export const TOPICLESS: ReadonlySet<string> = new Set([...STOP_WORDS, ...folded(TOPICLESS_WORDS)]);

export function isStopWord(norm: string): boolean {
  return STOP_WORDS.has(norm);
}

/** The folded words of a text that are not stop words, in order (all of them when every one is). */
export function contentWords(text: string): string[] {
  const all = tokenize(text).map((t) => t.norm);
  const content = all.filter((w) => !STOP_WORDS.has(w));
  return content.length > 0 ? content : all;
}
