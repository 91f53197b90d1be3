import { describe, expect, it } from "vitest";
import {
  endsInPartialWord,
  foldText,
  forEachWord,
  latinQuery,
  latinSearchText,
  prefixKey,
  searchKey,
  stem,
  stemEnglish,
  stemRussian,
  tokenize,
  transliterate,
  asciiNameKey,
  words,
} from "../../functions/text/index.js";

const key = (word: string) => searchKey(foldText(word));

describe("foldText", () => {
  it("keeps Russian lower case as it is and still folds ё, й and letters around it", () => {
    expect(foldText("Ёлка и Йошкар-Ола: Éric ЖУРНАЛ")).toBe("елка и йошкар-ола: eric журнал");
    expect(foldText("абвгдежзийклмнопрстуфхцчшщъыьэюя")).toBe("абвгдежзийклмнопрстуфхцчшщъыьэюя");
  });
  it.each([
    ["İstanbul", "istanbul"], // Turkic dotted capital I
    ["IRAK", "irak"],
    ["ıslak", "islak"], // Turkic dotless i
    ["Əliyev", "aliyev"], // Azerbaijani schwa, as English spells it
    ["Gəncə", "ganca"],
    ["görüş keçirib", "gorus kecirib"],
    ["Ёлка", "елка"], // Russian ё
    ["Йошкар-Ола", "йошкар-ола"], // й stays a letter of its own
    ["Crème brûlée", "creme brulee"],
    ["Straße", "strasse"],
    ["ﬁnal", "final"],
    ["Łódź", "lodz"],
  ])("%s → %s", (input, folded) => {
    expect(foldText(input)).toBe(folded);
  });

  it("keeps ASCII text apart from lower-casing", () => {
    expect(foldText("U.S. Oil, 5.93 MLN!")).toBe("u.s. oil, 5.93 mln!");
  });
});

describe("tokenize", () => {
  it("splits on anything but letters and digits and keeps source offsets", () => {
    const text = "U.S. oil — Əliyev's İlham, 5.93 mln";
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.norm)).toEqual(["u", "s", "oil", "aliyev", "s", "ilham", "5", "93", "mln"]);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
    expect(tokens[3]).toMatchObject({ text: "Əliyev", norm: "aliyev" });
  });

  it("keeps combining marks inside the word they belong to", () => {
    const tokens = tokenize("cafe\u0301 noir");
    expect(tokens.map((t) => [t.text, t.norm])).toEqual([
      ["cafe\u0301", "cafe"],
      ["noir", "noir"],
    ]);
  });

  it("yields nothing for punctuation, symbols and emoji", () => {
    expect(tokenize(`"*" NEAR( - : ^ ) 🙂 … —`).map((t) => t.norm)).toEqual(["near"]);
    expect(tokenize("")).toEqual([]);
  });

  it("ends a walk when the visitor answers true, in ASCII and in other scripts", () => {
    for (const text of ["one two three four", "один два три четыре"]) {
      const seen: string[] = [];
      forEachWord(text, (norm) => seen.push(norm) === 2);
      expect(seen).toEqual(words(text).slice(0, 2));
    }
  });

  it("walks text of any script word for word as the regex of letters, digits and marks does", () => {
    // The reference: the regex walk forEachWord replaces for text that is not pure ASCII.
    const reference = (text: string) => {
      const out: Array<[string, number, number]> = [];
      for (const m of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
        const norm = foldText(m[0]);
        if (/[\p{L}\p{N}]/u.test(norm)) out.push([norm, m.index, m.index + m[0].length]);
      }
      return out;
    };
    const walk = (text: string) => {
      const out: Array<[string, number, number]> = [];
      forEachWord(text, (norm, start, end) => void out.push([norm, start, end]));
      return out;
    };
    const pieces = [
      ..."abcXYZ0129 ,.-'’—",
      ..."СъЁёйЙабвгдеэюя",
      ..."ƏəİıŞşĞğÖöÜüÇç",
      "\u0301", "\u0307", "\u00a0", "ß", "ﬁ", "½", "⁄", "ⁿ", "ǅ", "١٢", "中文", "🙂", "𝐀", "𐐀", "\ud800", "\udc00",
    ];
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let k = 0; k < 2000; k++) {
      const text = Array.from({ length: 1 + next(40) }, () => pieces[next(pieces.length)]).join("");
      expect(walk(text), JSON.stringify(text)).toEqual(reference(text));
    }
    expect(walk("Президент İlham Əliyev, Bakı")).toEqual(reference("Президент İlham Əliyev, Bakı"));
  });

  it("agrees with words() on the folded forms", () => {
    const text = "Президент İlham Əliyev, Bakı 2024-cü il";
    expect(words(text)).toEqual(tokenize(text).map((t) => t.norm));
  });
});

describe("stemEnglish (Porter2)", () => {
  it.each([
    ["caresses", "caress"],
    ["ponies", "poni"],
    ["ties", "tie"],
    ["cats", "cat"],
    ["feed", "feed"],
    ["agreed", "agre"],
    ["plastered", "plaster"],
    ["motoring", "motor"],
    ["sing", "sing"],
    ["conflated", "conflat"],
    ["troubled", "troubl"],
    ["sized", "size"],
    ["hopping", "hop"],
    ["falling", "fall"],
    ["failing", "fail"],
    ["filing", "file"],
    ["happy", "happi"],
    ["relational", "relat"],
    ["generously", "generous"],
    ["hopefulness", "hope"],
    ["knightly", "knight"],
    ["consolidated", "consolid"],
    ["dying", "die"],
    ["news", "news"],
    ["elections", "elect"],
    ["governments", "govern"],
  ])("%s → %s", (word, stemmed) => {
    expect(stemEnglish(word)).toBe(stemmed);
  });

  it("leaves short and non-alphabetic words alone", () => {
    expect(stemEnglish("us")).toBe("us");
    expect(stemEnglish("covid19")).toBe("covid19");
  });
});

describe("stemRussian (Snowball)", () => {
  it.each([
    ["путина", "путин"],
    ["путиным", "путин"],
    ["выборы", "выбор"],
    ["выборов", "выбор"],
    ["выборах", "выбор"],
    ["правительства", "правительств"],
    ["президентом", "президент"],
    ["красивейший", "красив"],
    ["стоимость", "стоимост"],
    ["оценивается", "оценива"],
    ["навального", "навальн"],
  ])("%s → %s", (word, stemmed) => {
    expect(stemRussian(word)).toBe(stemmed);
  });
});

describe("stem", () => {
  it("picks the stemmer by script when the language is unknown or does not fit", () => {
    expect(stem("elections")).toBe("elect");
    expect(stem("выборов")).toBe("выбор");
    expect(stem("elections", "ru")).toBe("elect");
    expect(stem("выборов", "en")).toBe("выбор");
    expect(stem("выборов", "ru")).toBe("выбор");
  });

  it("leaves numbers and other scripts alone", () => {
    expect(stem("2024")).toBe("2024");
    expect(stem("ελλάδα")).toBe("ελλάδα");
  });

  it("is not fooled by words that are also object property names", () => {
    for (const word of ["constructor", "tostring", "valueof", "hasownproperty", "__proto__"]) {
      expect(typeof stem(word)).toBe("string");
      expect(typeof stem(word, word)).toBe("string");
      expect(typeof searchKey(word)).toBe("string");
    }
  });
});

describe("transliterate", () => {
  it.each([
    ["алиев", "aliyev"],
    ["путин", "putin"],
    ["баку", "baku"],
    ["ельцин", "yeltsin"],
    ["щука", "shchuka"],
    ["объявление", "obyavleniye"],
    ["хабаровск", "khabarovsk"],
    ["київ", "kiyiv"],
  ])("%s → %s", (cyrillic, latin) => {
    expect(transliterate(cyrillic)).toBe(latin);
  });

  it("passes Latin text through", () => {
    expect(transliterate("aliyev 2024")).toBe("aliyev 2024");
  });
});

describe("asciiNameKey", () => {
  it.each([
    ["Борис Ельцин", "boris yeltsin"], // е opens the second word too
    ["Ильхам Алиев", "ilkham aliyev"],
    ["İlham Əliyev", "ilham aliyev"], // ə → a, as search folds it
    ["Nagorno-Karabakh", "nagorno karabakh"],
    ["Cote d’Ivoire", "cote divoire"],
  ])("%s → %s", (name, key) => {
    expect(asciiNameKey(name)).toBe(key);
  });

  it("agrees with search keys on the letters both transliterate", () => {
    for (const word of ["əliyev", "алиев", "ельцин"]) expect(asciiNameKey(word)).toBe(transliterate(foldText(word)));
  });
});

describe("searchKey", () => {
  it.each([
    ["Aliyev", ["Алиев", "Алиева", "Алиевым", "Əliyev", "ALIYEV"]],
    ["Putin", ["Путин", "Путина", "Путину", "Путиным"]],
    ["Baku", ["Баку", "Bakı"]],
    ["Moscow", ["Москва", "Москве", "Moskva"]],
    ["Navalny", ["Навальный", "Навального"]],
    ["Zelensky", ["Зеленский", "Зеленского"]],
    ["Medvedev", ["Медведев", "Медведева"]],
    ["Lavrov", ["Лавров", "Лавровым"]],
    ["election", ["elections", "elected"]],
    ["price", ["prices", "priced"]],
  ])("%s meets its other spellings", (english, others) => {
    for (const other of others) expect(key(other), other).toBe(key(english));
  });

  it("keeps different words apart", () => {
    expect(key("Putin")).not.toBe(key("Путешествие"));
    expect(key("Baku")).not.toBe(key("бак"));
    expect(key("2023")).not.toBe(key("2024"));
  });

  it("leaves numbers as they are", () => {
    expect(searchKey("2024")).toBe("2024");
  });
});

describe("latinSearchText and latinQuery", () => {
  it("give the same Latin words for the same sentence in either script", () => {
    expect(latinSearchText("Алиев и Путин в Баку", "ru")).toBe(latinSearchText("Aliyev i Putin v Baku", "en"));
    expect(latinSearchText("Əliyev və Putin Bakı", "az")).toBe("ali va putin baku");
  });

  it("keeps a partial last word of a query unstemmed for prefix search", () => {
    expect(latinQuery("Путина и Але")).toBe("putin i ale");
    expect(latinQuery("Путина и Алиева ")).toBe(`putin i ${key("Алиева")}`);
    expect(latinQuery("")).toBe("");
  });

  it("prefixKey transliterates without stemming", () => {
    expect(prefixKey("путинск")).toBe("putinsk");
    expect(prefixKey("bakı".replace("ı", "i"))).toBe("baku");
  });

  it("endsInPartialWord tells a word still being typed", () => {
    expect(endsInPartialWord("oil pri")).toBe(true);
    expect(endsInPartialWord("oil pri ")).toBe(false);
    expect(endsInPartialWord("oil,")).toBe(false);
    expect(endsInPartialWord("")).toBe(false);
  });
});
