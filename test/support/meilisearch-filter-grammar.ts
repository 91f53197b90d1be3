/**
 * How Meilisearch reads a quoted value of a filter expression, ported from its filter parser
 * (crates/filter-parser/src/value.rs, unchanged from 1.4 to today) and the `unescaper` crate it
 * calls. Two steps:
 *  1. `quoted_by`: the value runs to the first quote not preceded by a backslash (a backslash always
 *     takes the next character with it; one at the very end is a MalformedValue error). If an escaped
 *     quote was seen, every `\"` is replaced by `"`.
 *  2. `unescaper::unescape` on the result, like a Rust string literal: `\\` → `\`, `\n`, `\t`, `\r`,
 *     `\b`, `\f`, `\v`, `\'`, `\"`, `\/`, `\u{…}`/`\uXXXX`, `\xHH`, octal `\0`–`\377`; any other escape,
 *     or a lone backslash at the end, makes the filter invalid.
 */
export class FilterSyntaxError extends Error {}

/** Step 1 on the text after an opening quote: the raw value and what follows its closing quote. */
export function quotedBy(quote: string, input: string): { value: string; rest: string } {
  let escaped = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === quote) {
      const raw = input.slice(0, i);
      return { value: escaped ? raw.replaceAll(`\\${quote}`, quote) : raw, rest: input.slice(i) };
    }
    if (c === "\\") {
      if (i + 1 >= input.length) throw new FilterSyntaxError("MalformedValue: backslash at the end of the input");
      escaped ||= input[i + 1] === quote;
      i++;
    }
  }
  return { value: escaped ? input.replaceAll(`\\${quote}`, quote) : input, rest: "" };
}

const SIMPLE_ESCAPES: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "'": "'", '"': '"', "\\": "\\", "/": "/" };

/** Step 2: the `unescaper` crate's unescape. */
export function unescape(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "\\") {
      out += s[i];
      continue;
    }
    const c = s[++i];
    if (c === undefined) throw new FilterSyntaxError("IncompleteStr");
    if (c in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[c];
    } else if (c === "u") {
      let hex: string;
      if (s[i + 1] === "{") {
        const close = s.indexOf("}", i + 2);
        hex = s.slice(i + 2, close < 0 ? s.length : close);
        i = close < 0 ? s.length : close;
      } else {
        hex = s.slice(i + 1, i + 5);
        if (hex.length < 4) throw new FilterSyntaxError("IncompleteStr");
        i += 4;
      }
      if (!/^[0-9a-fA-F]+$/.test(hex)) throw new FilterSyntaxError("InvalidEscapedNumber");
      out += String.fromCodePoint(parseInt(hex, 16));
    } else if (c === "x") {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new FilterSyntaxError("InvalidEscapedNumber");
      out += String.fromCharCode(parseInt(hex, 16));
      i += 2;
    } else if (/[0-7]/.test(c)) {
      let digits = c;
      const max = c <= "3" ? 2 : 1;
      while (digits.length <= max && /[0-7]/.test(s[i + 1] ?? "")) digits += s[++i];
      out += String.fromCharCode(parseInt(digits, 8));
    } else {
      throw new FilterSyntaxError(`MalformedValue: invalid escape \\${c}`);
    }
  }
  return out;
}

/** A quoted value as the filter parser reads it: `input` starts with its opening quote. */
export function parseQuotedValue(input: string): { value: string; rest: string } {
  const quote = input[0];
  if (quote !== '"' && quote !== "'") throw new FilterSyntaxError("not a quoted value");
  const { value, rest } = quotedBy(quote, input.slice(1));
  if (!rest.startsWith(quote)) throw new FilterSyntaxError(`MissingClosingDelimiter(${quote})`);
  return { value: unescape(value), rest: rest.slice(1) };
}

/** A whole expression split into its syntax (each quoted value replaced by `?`) and its values, read as Meilisearch reads them. */
export function splitFilter(filter: string): { syntax: string; values: string[] } {
  let syntax = "";
  const values: string[] = [];
  let at = filter;
  while (at.length > 0) {
    if (at[0] === '"' || at[0] === "'") {
      const { value, rest } = parseQuotedValue(at);
      values.push(value);
      syntax += "?";
      at = rest;
    } else {
      syntax += at[0];
      at = at.slice(1);
    }
  }
  return { syntax, values };
}
