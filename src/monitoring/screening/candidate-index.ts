import { MAX_CANDIDATES_SCORED, MAX_POSTING_SCAN_NAMES } from './limits.ts';
import type { PreparedName } from './prepare.ts';

/** Words of at least this many letters also get an anagram key, which survives transposed letters. */
const ANAGRAM_MIN_LETTERS = 4;

/**
 * Blocking keys of a name, in groups that stand for one piece of evidence each: a real word (not a
 * particle, industry word or initial) with its Double Metaphone codes and sorted letters; the letters
 * without word breaks (which is also its pinyin read as one word); for Chinese characters the core and
 * each character pair. A list name earns a group's weight once, through its rarest shared key, so that
 * a common word's three keys do not outweigh one rare whole-name key.
 */
export function blockingKeyGroups(name: PreparedName): string[][] {
  const groups = new Map<string, string[]>();
  for (const rendering of name.renderings) {
    for (const token of rendering) {
      if (token.weight < 1 || token.role === 'initial') continue;
      const group = [`t:${token.text}`, ...token.phonetic.map((code) => `m:${code}`)];
      if (token.text.length >= ANAGRAM_MIN_LETTERS) group.push(`a:${[...token.text].sort().join('')}`);
      groups.set(group[0]!, group);
    }
  }
  const compacts = new Set(name.compacts.map((compact) => `c:${compact}`));
  for (const order of name.syllableOrders ?? []) compacts.add(`c:${order.join('')}`);
  groups.set('c', [...compacts]);
  if (name.han !== null) {
    const core = name.han.core;
    groups.set('h', [`h:${core}`]);
    for (let i = 0; i + 1 < core.length; i++) groups.set(`b${i}`, [`b:${core.slice(i, i + 2)}`]);
  }
  return [...groups.values()];
}

/** Every blocking key of a name. */
export function blockingKeys(name: PreparedName): string[] {
  return [...new Set(blockingKeyGroups(name).flat())];
}

/** Min-heap of (score, name) pairs keeping the best `capacity`; ties prefer the lower name number. */
class TopCandidates {
  private readonly scores: number[] = [];
  private readonly names: number[] = [];
  constructor(private readonly capacity: number) {}

  private worse(i: number, j: number): boolean {
    const si = this.scores[i]!;
    const sj = this.scores[j]!;
    return si < sj || (si === sj && this.names[i]! > this.names[j]!);
  }

  private swap(i: number, j: number): void {
    [this.scores[i], this.scores[j]] = [this.scores[j]!, this.scores[i]!];
    [this.names[i], this.names[j]] = [this.names[j]!, this.names[i]!];
  }

  offer(score: number, name: number): void {
    if (this.scores.length < this.capacity) {
      this.scores.push(score);
      this.names.push(name);
      for (let i = this.scores.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!this.worse(i, parent)) break;
        this.swap(i, parent);
        i = parent;
      }
      return;
    }
    const rootScore = this.scores[0]!;
    if (score < rootScore || (score === rootScore && name > this.names[0]!)) return;
    this.scores[0] = score;
    this.names[0] = name;
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < this.scores.length && this.worse(left, worst)) worst = left;
      if (right < this.scores.length && this.worse(right, worst)) worst = right;
      if (worst === i) break;
      this.swap(i, worst);
      i = worst;
    }
  }

  /** Name numbers, best first. */
  drain(): number[] {
    const order = this.names.map((name, i) => ({ name, score: this.scores[i]! }));
    order.sort((a, b) => b.score - a.score || a.name - b.name);
    return order.map((entry) => entry.name);
  }
}

/**
 * Inverted index from blocking keys to list names. A query adds each shared key's weight (rarer keys
 * weigh more) to the names it reaches, and only the best MAX_CANDIDATES_SCORED names are scored in full.
 */
export class CandidateIndex {
  private readonly postings = new Map<string, number[]>();
  private readonly accumulated: Float64Array;
  /** Which key group last credited each name; saves clearing an array per group. */
  private readonly creditedBy: Uint32Array;
  private group = 0;
  readonly size: number;

  constructor(names: readonly PreparedName[]) {
    this.size = names.length;
    this.accumulated = new Float64Array(names.length);
    this.creditedBy = new Uint32Array(names.length);
    names.forEach((name, index) => {
      for (const key of blockingKeys(name)) {
        const list = this.postings.get(key);
        if (list === undefined) this.postings.set(key, [index]);
        else list.push(index);
      }
    });
  }

  /** Numbers of the list names worth scoring against `query`, most promising first. */
  candidates(query: PreparedName, limit = MAX_CANDIDATES_SCORED): number[] {
    const touched: number[] = [];
    for (const keys of blockingKeyGroups(query)) {
      const lists: number[][] = [];
      for (const key of keys) {
        const list = this.postings.get(key);
        if (list !== undefined && list.length <= MAX_POSTING_SCAN_NAMES) lists.push(list);
      }
      // Rarest key first: it carries the most weight and wins the group's one credit.
      lists.sort((x, y) => x.length - y.length);
      this.group = this.group === 0xffffffff ? 1 : this.group + 1;
      if (this.group === 1) this.creditedBy.fill(0);
      for (const list of lists) {
        const weight = Math.log(1 + this.size / list.length);
        for (const name of list) {
          if (this.creditedBy[name] === this.group) continue;
          this.creditedBy[name] = this.group;
          if (this.accumulated[name] === 0) touched.push(name);
          this.accumulated[name]! += weight;
        }
      }
    }
    const top = new TopCandidates(limit);
    for (const name of touched) {
      top.offer(this.accumulated[name]!, name);
      this.accumulated[name] = 0;
    }
    return top.drain();
  }
}
