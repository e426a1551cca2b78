import { sameNameFamily } from './nicknames.ts';
import type { NameToken, PreparedName } from './prepare.ts';
import { jaroWinkler, levenshteinSimilarity, sequenceSimilarity } from './similarity.ts';
import type { MatchMethod, NameMatch } from './types.ts';

/** "J." against "John": consistent, but J could stand for James too. */
export const INITIAL_SIMILARITY = 0.85;
/** Same sound and same consonants (Jon/John, Mohammed/Muhammad, Aleksandr/Alexander). */
export const PHONETIC_SIMILARITY = 0.88;
/** Same word once a final y is read as i (Sergey/Sergei, Yury/Yuri). */
export const SPELLING_VARIANT_SIMILARITY = 0.95;
/**
 * Spelling similarity (mean of Jaro-Winkler and Levenshtein) below this is no evidence; above it the
 * evidence rises linearly to 1. Different surnames routinely reach 0.8 (Schmidt/Schmitz), typos 0.9.
 */
export const SPELLING_FLOOR = 0.6;
/** One word is the other plus letters (Smith/Smithson, Petrov/Petrova, Luis/Luisa): another name. */
export const EXTENSION_SIMILARITY = 0.3;
/** Diminutive and full form of one given name (Bill / William). */
export const NICKNAME_SIMILARITY = 0.85;
/** Different final vowels (Maria/Mario, Giovanni/Giovanna, Russo/Rossi): another name, not a typo. */
export const ENDING_SIMILARITY = 0.3;
/** Word pairs below this are not aligned at all. */
export const MIN_TOKEN_SIMILARITY = 0.2;
/** Share of the score lost when every word of the longer name is unmatched (missing middle names). */
export const EXTRA_WORD_PENALTY = 0.2;
/** One shared word ("Smith") between a one-word name and a fuller one is not a name match. */
export const SINGLE_WORD_CAP = 0.6;
/** Same letters with different word breaks ("Abdulrahman" / "Abdul Rahman"). */
export const COMPACT_SCORE = 0.97;
/** Different Chinese characters read the same way: shown to an analyst, below the alert threshold. */
export const HOMOPHONE_SCORE = 0.6;
/** A company name against a person's entry. */
export const KIND_MISMATCH_FACTOR = 0.8;
/** Chinese company names: the share of the score that the industry words can take away. */
export const HAN_DESCRIPTOR_SHARE = 0.4;
/** Chinese company names registered in different named places. */
export const HAN_PLACE_MISMATCH_FACTOR = 0.85;

interface Scored {
  score: number;
  method: MatchMethod;
  /** Built only for names that are reported: string work costs more than the scoring itself. */
  explain: () => string[];
}

interface TokenSimilarity {
  sim: number;
  why: string;
}

const VOWEL = /[aeiouy]/;

function tokenSimilarity(a: NameToken, b: NameToken): TokenSimilarity {
  if (a.text === b.text) return { sim: 1, why: 'exact' };
  if (a.role === 'initial' || b.role === 'initial') {
    const [initial, word] = a.role === 'initial' ? [a, b] : [b, a];
    if (word.role === 'initial' || !word.text.startsWith(initial.text))
      return { sim: 0, why: 'initial differs' };
    return { sim: INITIAL_SIMILARITY, why: 'initial' };
  }
  // Two different pinyin syllables are two different characters, however close the letters.
  if (a.syllable && b.syllable) return { sim: 0, why: 'different syllables' };
  const x = a.spelling;
  const y = b.spelling;
  if (x === y) return { sim: SPELLING_VARIANT_SIMILARITY, why: 'spelling variant' };
  const [shorter, longer] = x.length <= y.length ? [x, y] : [y, x];
  // A trailing silent h (Abdulla/Abdullah) is spelling; any other added ending makes another name.
  const silentH = longer === `${shorter}h` && shorter.length >= 4;
  if (longer.startsWith(shorter) && !silentH) return { sim: EXTENSION_SIMILARITY, why: 'extended' };
  if (sameNameFamily(x, y)) return { sim: NICKNAME_SIMILARITY, why: 'nickname' };
  const endX = x.at(-1)!;
  const endY = y.at(-1)!;
  if (endX !== endY && VOWEL.test(endX) && VOWEL.test(endY))
    return { sim: ENDING_SIMILARITY, why: 'ending differs' };
  const spelled = (jaroWinkler(x, y) + levenshteinSimilarity(x, y)) / 2;
  const evidence = Math.max(0, (spelled - SPELLING_FLOOR) / (1 - SPELLING_FLOOR));
  const soundsAlike = a.phonetic.some((code) => b.phonetic.includes(code));
  if (soundsAlike && evidence < PHONETIC_SIMILARITY && a.skeleton === b.skeleton) {
    return { sim: PHONETIC_SIMILARITY, why: 'phonetic' };
  }
  return { sim: evidence, why: 'spelling' };
}

interface Pair {
  i: number;
  j: number;
  sim: number;
  why: string;
}

function compareText(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Orders equally similar pairs by their words, the same way whichever name comes first. */
function tieBreak(a1: string, b1: string, a2: string, b2: string): number {
  const [low1, high1] = a1 <= b1 ? [a1, b1] : [b1, a1];
  const [low2, high2] = a2 <= b2 ? [a2, b2] : [b2, a2];
  return compareText(low1, low2) || compareText(high1, high2);
}

/** Greedy one-to-one alignment, best pairs first; ties broken on the words so that it is symmetric. */
function align(a: readonly NameToken[], b: readonly NameToken[]): Pair[] {
  const all: Pair[] = [];
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      const { sim, why } = tokenSimilarity(a[i]!, b[j]!);
      if (sim >= MIN_TOKEN_SIMILARITY) all.push({ i, j, sim, why });
    }
  }
  all.sort((x, y) => y.sim - x.sim || tieBreak(a[x.i]!.text, b[x.j]!.text, a[y.i]!.text, b[y.j]!.text));
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const chosen: Pair[] = [];
  for (const pair of all) {
    if (usedA.has(pair.i) || usedB.has(pair.j)) continue;
    usedA.add(pair.i);
    usedB.add(pair.j);
    chosen.push(pair);
  }
  return chosen;
}

function weightOf(tokens: readonly NameToken[]): number {
  return tokens.reduce((sum, token) => sum + token.weight, 0);
}

/** Scores with `small` as the name whose every word should be found in `large`. */
function coverage(
  small: readonly NameToken[],
  large: readonly NameToken[],
  simOfSmall: readonly number[],
  matchedLarge: ReadonlySet<number>,
): number {
  let covered = 0;
  let floor = 1;
  let strong = 0;
  small.forEach((token, index) => {
    covered += token.weight * simOfSmall[index]!;
    if (token.weight >= 1) {
      floor = Math.min(floor, simOfSmall[index]!);
      strong++;
    }
  });
  let unmatched = 0;
  let largeStrong = 0;
  large.forEach((token, index) => {
    if (!matchedLarge.has(index)) unmatched += token.weight;
    if (token.weight >= 1) largeStrong++;
  });
  // A word left over on each side is a differing name part (Nguyen Van An / Nguyen Thi An), not a
  // missing middle name, whatever its weight.
  if (unmatched > 0 && simOfSmall.some((sim) => sim === 0)) floor = 0;
  const mean = covered / weightOf(small);
  const base = strong === 0 ? mean : (mean + floor) / 2;
  const score = base * (1 - (EXTRA_WORD_PENALTY * unmatched) / weightOf(large));
  return strong === 1 && largeStrong >= 2 ? Math.min(score, SINGLE_WORD_CAP) : score;
}

function compareTokenLists(a: readonly NameToken[], b: readonly NameToken[]): Scored {
  const pairs = align(a, b);
  const simA = a.map(() => 0);
  const simB = b.map(() => 0);
  for (const pair of pairs) {
    simA[pair.i] = pair.sim;
    simB[pair.j] = pair.sim;
  }
  const matchedA = new Set(pairs.map((p) => p.i));
  const matchedB = new Set(pairs.map((p) => p.j));
  const weightA = weightOf(a);
  const weightB = weightOf(b);
  let score: number;
  if (weightA < weightB) score = coverage(a, b, simA, matchedB);
  else if (weightB < weightA) score = coverage(b, a, simB, matchedA);
  else score = Math.min(coverage(a, b, simA, matchedB), coverage(b, a, simB, matchedA));
  const explain = () => {
    const reasons = pairs
      .slice()
      .sort((x, y) => x.i - y.i)
      .map((p) => `${a[p.i]!.text} ~ ${b[p.j]!.text} (${p.why} ${p.sim.toFixed(2)})`);
    const unmatched = [...a.filter((_, i) => !matchedA.has(i)), ...b.filter((_, j) => !matchedB.has(j))];
    if (unmatched.length > 0) reasons.push(`unmatched: ${unmatched.map((t) => t.text).join(' ')}`);
    return reasons;
  };
  const literal = a.length === b.length && a.every((token, index) => token.text === b[index]!.text);
  return { score, method: literal ? 'exact' : 'tokens', explain };
}

function compareLatin(q: PreparedName, c: PreparedName): Scored {
  let best: Scored = { score: 0, method: 'tokens', explain: () => [] };
  for (const a of q.renderings) {
    for (const b of c.renderings) {
      const scored = compareTokenLists(a, b);
      if (scored.score > best.score) best = scored;
    }
  }
  const breaksDiffer = q.renderings.some((a) => c.renderings.some((b) => a.length !== b.length));
  if (!breaksDiffer || best.score >= COMPACT_SCORE) return best;
  for (const a of q.compacts) {
    if (c.compacts.includes(a)) {
      return {
        score: COMPACT_SCORE,
        method: 'compact',
        explain: () => [`same letters without word breaks: ${a}`],
      };
    }
  }
  return best;
}

function comparePinyin(
  qOrders: readonly (readonly string[])[],
  cOrders: readonly (readonly string[])[],
): Scored {
  let best = 0;
  let shown: [readonly string[], readonly string[]] = [[], []];
  for (const a of qOrders) {
    for (const b of cOrders) {
      const same = a.join('') === b.join('');
      // Squared: in a two- or three-syllable name one different syllable is a different person.
      const score = same ? 1 : sequenceSimilarity(a, b) ** 2;
      if (score > best) {
        best = score;
        shown = [a, b];
      }
    }
  }
  return {
    score: best,
    method: 'pinyin',
    explain: () => [`pinyin syllables: ${shown[0].join(' ')} ~ ${shown[1].join(' ')}`],
  };
}

function compareHanPersons(q: PreparedName, c: PreparedName): Scored {
  const a = q.han!;
  const b = c.han!;
  if (a.simplified === b.simplified) {
    const literal = q.raw.trim() === c.raw.trim();
    return {
      score: 1,
      method: literal ? 'exact' : 'han',
      explain: () =>
        literal ? ['same characters'] : [`same characters after folding to simplified: ${a.simplified}`],
    };
  }
  const chars = sequenceSimilarity([...a.simplified], [...b.simplified]) ** 2;
  if (a.pinyin === b.pinyin && HOMOPHONE_SCORE > chars) {
    return {
      score: HOMOPHONE_SCORE,
      method: 'homophone',
      explain: () => [`same pinyin (${a.pinyin}), different characters: ${a.simplified} / ${b.simplified}`],
    };
  }
  return { score: chars, method: 'han', explain: () => [`characters ${a.simplified} ~ ${b.simplified}`] };
}

function compareHanCompanies(q: PreparedName, c: PreparedName): Scored {
  const a = q.han!;
  const b = c.han!;
  const core = sequenceSimilarity([...a.core], [...b.core]) ** 2;
  const union = new Set([...a.descriptors, ...b.descriptors]);
  const shared = a.descriptors.filter((d) => b.descriptors.includes(d));
  const descriptors =
    a.descriptors.length === 0 || b.descriptors.length === 0 ? 1 : new Set(shared).size / union.size;
  const placesDiffer = a.place !== null && b.place !== null && a.place !== b.place;
  const score =
    core * (1 - HAN_DESCRIPTOR_SHARE * (1 - descriptors)) * (placesDiffer ? HAN_PLACE_MISMATCH_FACTOR : 1);
  const explain = () => {
    const reasons = [`trade name ${a.core} ~ ${b.core}`];
    if (union.size > 0)
      reasons.push(`industry ${a.descriptors.join('+') || '-'} / ${b.descriptors.join('+') || '-'}`);
    if (placesDiffer) reasons.push(`places differ: ${a.place} / ${b.place}`);
    return reasons;
  };
  return { score, method: 'organization_han', explain };
}

function score(q: PreparedName, c: PreparedName): Scored {
  let scored: Scored;
  if (q.han !== null && c.han !== null) {
    scored = q.han.organization || c.han.organization ? compareHanCompanies(q, c) : compareHanPersons(q, c);
  } else if (q.syllableOrders !== null && c.syllableOrders !== null) {
    scored = comparePinyin(q.syllableOrders, c.syllableOrders);
  } else {
    scored = compareLatin(q, c);
  }
  const kindMismatch = c.kind === 'person' && q.legalForms.length > 0;
  const value = kindMismatch ? scored.score * KIND_MISMATCH_FACTOR : scored.score;
  return {
    score: Math.min(1, Math.max(0, value)),
    method: scored.method,
    explain: () => {
      const reasons = scored.explain();
      const legal = [...new Set([...q.legalForms, ...c.legalForms])];
      if (legal.length > 0) reasons.push(`legal form ignored: ${legal.join(' ')}`);
      if (kindMismatch) reasons.push('a company name against a person');
      return reasons;
    },
  };
}

/** The score alone, in [0, 1]: what the screening loop needs for every candidate. */
export function scoreNames(q: PreparedName, c: PreparedName): number {
  return score(q, c).score;
}

/** Score two prepared names: in [0, 1], with the method and the evidence. */
export function compareNames(q: PreparedName, c: PreparedName): NameMatch {
  const scored = score(q, c);
  return {
    score: scored.score,
    method: scored.method,
    query_name: q.raw,
    matched_name: c.raw,
    reasons: scored.explain(),
  };
}
