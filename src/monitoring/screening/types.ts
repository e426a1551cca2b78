export type EntityKind = 'person' | 'organization';

/** One watch-list subject, whatever list it came from. */
export interface WatchlistEntity {
  readonly id: string;
  /** Which list: 'opensanctions' (FollowTheMoney) or 'un-sc' (UN Security Council consolidated list). */
  readonly source: string;
  readonly kind: EntityKind;
  /** Primary name first, then aliases and original-script names; never empty. */
  readonly names: readonly string[];
  /** As published: full dates (1971-01-01), years (1972), or year ranges (1965/1969). */
  readonly birth_dates?: readonly string[];
  /** As published: ISO codes in FollowTheMoney, country names in the UN list. */
  readonly countries?: readonly string[];
}

/**
 * How two names were found alike, strongest evidence first:
 * exact (same after folding case, accents and punctuation), han (same Chinese characters after folding
 * traditional to simplified), homophone (different characters with the same pinyin), pinyin (characters
 * against romanisation, or romanisation against romanisation syllable by syllable), tokens (word-by-word
 * alignment with typos, initials and phonetics), compact (same letters with different word breaks),
 * organization_han (Chinese company names compared as place + trade name + industry).
 */
export type MatchMethod =
  | 'exact'
  | 'han'
  | 'homophone'
  | 'pinyin'
  | 'tokens'
  | 'compact'
  | 'organization_han';

export interface NameMatch {
  /** In [0, 1]; 1 means the same name. */
  readonly score: number;
  readonly method: MatchMethod;
  readonly query_name: string;
  readonly matched_name: string;
  /** Plain-words evidence, e.g. "j ~ john (initial)", "legal form ignored: co ltd". */
  readonly reasons: readonly string[];
}

export interface ScreeningHit extends NameMatch {
  readonly entity_id: string;
  readonly source: string;
  readonly kind: EntityKind;
}
