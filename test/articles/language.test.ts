import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cleanBody } from "../../functions/articles/clean.js";
import { SUPPORTED_LANGUAGES, detectLanguage } from "../../functions/articles/language.js";

const LONG = {
  en: cleanBody(readFileSync(new URL("./fixtures/raw-article-page.txt", import.meta.url), "utf8")),
  ru: `19 августа президент России Владимир Путин начнет визит в Баку. В ходе двухдневного государственного визита
    в Азербайджан президенты обсудят межгосударственные и международные отношения, будут подписаны двусторонние
    документы. Это все, что официальные источники сообщили о повестке визита. Похоже, что неизвестные договоренности
    уже достигнуты заранее, и Баку остается лишь завершить подписание этих документов.`,
  az: `Avqustun 19-da Rusiya Prezidenti Vladimir Putin Bakıya səfərə başlayacaq. İkigünlük dövlət səfəri zamanı
    prezidentlər dövlətlərarası və beynəlxalq münasibətləri müzakirə edəcək, ikitərəfli sənədlər imzalanacaq.
    Rəsmi mənbələrin səfərin gündəliyi barədə açıqladığı bütün məlumat bundan ibarətdir. Görünür, naməlum
    razılaşmalar artıq əvvəlcədən əldə olunub.`,
  tr: `Rusya Devlet Başkanı Vladimir Putin 19 Ağustos'ta Bakü'ye resmi bir ziyaret gerçekleştirecek. İki günlük ziyaret
    sırasında liderler ikili ilişkileri ve bölgesel meseleleri görüşecek, çeşitli anlaşmalar imzalanacak. Uzmanlar
    ziyaretin gündemi hakkında resmi kaynakların çok az bilgi verdiğini söylüyor.`,
};

describe("detectLanguage on article-length text", () => {
  it.each(Object.entries(LONG))("recognises %s", (language, text) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it("is not thrown by a few foreign names or acronyms", () => {
    expect(detectLanguage(`${LONG.ru} NATO, COP29 и BRICS обсуждаются в Brussels.`)).toBe("ru");
    expect(detectLanguage(`${LONG.en} The sign read "Azərbaycan Respublikası" and "Россия".`)).toBe("en");
  });
});

describe("detectLanguage on headlines and short samples", () => {
  it.each([
    ["Putin arrives in Baku for talks with Aliyev", "en"],
    ["Путин прибыл в Баку", "ru"],
    ["Prezident İlham Əliyev Bakıda görüş keçirib", "az"],
    ["Qarabağda yeni yaşayış massivi istifadəyə verilib", "az"],
    ["Erdoğan bugün gazetecilerin sorularını yanıtlıyor", "tr"],
  ])("%s → %s", (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it("tells Turkish from Azerbaijani by ə", () => {
    expect(detectLanguage("Cumhurbaşkanı Erdoğan Ankara'da konuştu")).toBe("tr");
    expect(detectLanguage("Prezident Ərdoğan Ankarada çıxış edib")).toBe("az");
  });

  it("recognises other Cyrillic languages by their own letters, and other scripts", () => {
    expect(detectLanguage("Київ та Львів готуються до зими, повідомляє міська рада")).toBe("uk");
    expect(detectLanguage("Мінск і Гомель рыхтуюцца да зімы ў Беларусі")).toBe("be");
    expect(detectLanguage("Თბილისში ახალი მთავრობა დაინიშნა")).toBe("ka");
    expect(detectLanguage("Երևանում կայացել է հանդիպում")).toBe("hy");
  });

  it('answers "und" when there is too little text or no evidence', () => {
    expect(detectLanguage("")).toBe("und");
    expect(detectLanguage("Hi")).toBe("und");
    expect(detectLanguage("2024-08-19 10:45 — 12,5%")).toBe("und");
    expect(detectLanguage("Bakı")).toBe("und");
    expect(detectLanguage("Putin Visits Baku")).toBe("und");
  });
});

describe("SUPPORTED_LANGUAGES", () => {
  it("lists the site's languages", () => {
    expect([...SUPPORTED_LANGUAGES]).toEqual(["en", "ru", "az"]);
  });
});
