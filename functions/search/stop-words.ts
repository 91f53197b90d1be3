/**
 * Stop words: function words that never decide whether a document matches. Generic lists of each
 * language's pronouns, articles, prepositions, conjunctions, auxiliaries and particles (English and
 * Russian after the Snowball project's lists, Azerbaijani its counterpart), folded the way the index
 * folds words (foldText: "və" → "va"). They are not chosen from any corpus.
 *
 * A query made only of stop words ("the who") keeps them: then they are all it has.
 */
import { foldText, tokenize } from "./text.js";

const ENGLISH = `a about above after again against all am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few
for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself
his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor not
of off on once only or other ought our ours ourselves out over own same shan't she she'd she'll she's should shouldn't
so some such than that that's the their theirs them themselves then there there's these they they'd they'll they're
they've this those through to too under until up very was wasn't we we'd we'll we're we've were weren't what what's
when when's where where's which while who who's whom why why's with won't would wouldn't you you'd you'll you're you've
your yours yourself yourselves also may might must shall will`;

const RUSSIAN = `и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было
вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь
там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под
будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем
всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего них какая много разве три
эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между это также`;

const AZERBAIJANI = `və ilə bu o da də ki üçün bir amma ancaq lakin yaxud ya həm hər heç nə niyə necə harada haqqında
kimi qədər sonra əvvəl görə doğru qarşı ilə isə artıq belə elə onun onlar onları onların bunlar bunu bunun buna mən sən
biz siz məni səni bizim sizin mənim sənin özü öz olan olub olaraq olar oldu olmuş deyil var yox çox az daha ən hansı
harda kim kimə bəzi bütün hamı hamısı indi hələ yenə artıq isə axı bəli xeyr`;

function fold(list: string): string[] {
  // Apostrophes split words in the index ("don't" → "don", "t"): the parts are what a query holds.
  return list.split(/\s+/).filter(Boolean).flatMap((w) => tokenize(w).map((t) => t.norm));
}

export const STOP_WORDS: ReadonlySet<string> = new Set([ENGLISH, RUSSIAN, AZERBAIJANI].flatMap(fold).map(foldText));

/** The lists as written, lower-cased (with their own letters: "və", "ещё"), for engines that fold differently. */
export const STOP_WORDS_AS_WRITTEN: readonly string[] = [ENGLISH, RUSSIAN, AZERBAIJANI].flatMap((list) => list.split(/\s+/).filter(Boolean));

export function isStopWord(norm: string): boolean {
  return STOP_WORDS.has(norm);
}

/** The folded words of a text that are not stop words, in order (all of them when every one is). */
export function contentWords(text: string): string[] {
  const all = tokenize(text).map((t) => t.norm);
  const content = all.filter((w) => !STOP_WORDS.has(w));
  return content.length > 0 ? content : all;
}
