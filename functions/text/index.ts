/**
 * One text module for every feature that compares words: search (both engines), entities,
 * language detection and related-story features. Pipeline for one word: foldText (case,
 * diacritics, ə → a, ı → i, ё → е) → stem (English Porter2 or Russian Snowball, picked by
 * script) → transliterate (one Cyrillic → Latin table) → name normalisation, so that
 * Aliyev ↔ Алиев ↔ Əliyev and Putin ↔ Путина meet on one key.
 */
export { foldText } from "./fold.js";
export { CYRILLIC, forEachWord, isNumeric, scriptOf, tokenize, words, type Script, type Token } from "./tokens.js";
export { stem, stemEnglish, stemRussian } from "./stem.js";
export { asciiNameKey, transliterate } from "./translit.js";
export {
  asciiKeyMayChangeInitial,
  endsInPartialWord,
  keyMayChangeInitial,
  latinQuery,
  latinSearchText,
  prefixKey,
  searchKey,
} from "./keys.js";
export { STOP_WORDS, STOP_WORDS_AS_WRITTEN, STOP_WORD_LISTS, TOPICLESS, contentWords, isStopWord } from "./stop-words.js";
