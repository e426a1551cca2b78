import type { Household } from './population.ts';
import { cumulative, type Prng } from './prng.ts';

/** Family sizes 1-5 (households related to each other), weighted. */
const FAMILY_SIZE_WEIGHTS = cumulative([0.15, 0.3, 0.3, 0.15, 0.1]);
const FRIENDS_MIN = 2;
const FRIENDS_MAX = 8;
/** No one keeps up with more friends than this through transfers. */
const FRIENDS_CAP = 14;
const FRIENDS_LOCAL_SHARE = 0.8;
const SUPPORT_SHARE = 0.3;
/** Renters whose rent money arrives from a relative minutes before they pay it on. */
const RENT_RELAY_SHARE = 0.08;
/** Labour contractors paying a crew from a personal wallet, per household. */
const CONTRACTOR_SHARE = 0.003;
const CREW_MIN = 6;
const CREW_MAX = 14;

export function buildSocial(rng: Prng, households: Household[], personalLandlords: readonly number[]): void {
  const awake = households.map((_, i) => i).filter((i) => households[i]!.sleep === 'awake');
  rng.shuffle(awake);

  for (let at = 0; at < awake.length; ) {
    const size = rng.pickCumulative(FAMILY_SIZE_WEIGHTS) + 1;
    const members = awake.slice(at, at + size);
    at += size;
    for (const m of members) households[m]!.family = members.filter((x) => x !== m);
  }

  const byDistrict = new Map<number, number[]>();
  for (const i of awake) {
    const d = households[i]!.district;
    const list = byDistrict.get(d);
    if (list === undefined) byDistrict.set(d, [i]);
    else list.push(i);
  }
  for (const i of awake) {
    const h = households[i]!;
    const wanted = rng.between(FRIENDS_MIN, FRIENDS_MAX);
    for (let tries = 0; h.friends.length < wanted && tries < wanted * 3; tries += 1) {
      const pool = rng.chance(FRIENDS_LOCAL_SHARE) ? byDistrict.get(h.district)! : awake;
      const j = rng.pick(pool);
      const other = households[j]!;
      if (j === i || h.family.includes(j) || h.friends.includes(j) || other.friends.length >= FRIENDS_CAP)
        continue;
      h.friends.push(j);
      other.friends.push(i);
    }
  }

  for (const i of awake) {
    const h = households[i]!;
    if (h.family.length > 0 && rng.chance(SUPPORT_SHARE)) {
      h.supportTo = rng.pick(h.family);
      h.supportFen = Math.min(5_000, Math.max(200, Math.round(rng.logNormal(800, 0.6) / 100) * 100)) * 100;
      h.supportDay = rng.between(1, 28);
    }
    if (h.rentFen > 0 && h.family.length > 0 && rng.chance(RENT_RELAY_SHARE)) {
      const relay = h.family.find((f) => households[f]!.category <= 2);
      if (relay !== undefined) h.rentRelay = relay;
    }
  }

  const landlordSet = new Set(personalLandlords);
  const bosses = awake.filter((i) => households[i]!.category <= 2 && !landlordSet.has(i));
  const crewPool = awake.filter((i) => {
    const h = households[i]!;
    return (h.category === 2 || h.category === 3) && h.salaryFen === 0;
  });
  rng.shuffle(crewPool);
  const count = Math.max(1, Math.round(awake.length * CONTRACTOR_SHARE));
  for (let b = 0; b < count && bosses.length > 0 && crewPool.length >= CREW_MAX; b += 1) {
    const bossIndex = bosses.splice(rng.int(bosses.length), 1)[0]!;
    const boss = households[bossIndex]!;
    boss.workers = crewPool.splice(0, rng.between(CREW_MIN, CREW_MAX)).filter((w) => w !== bossIndex);
    boss.wages = boss.workers.map(() => Math.round(rng.logNormal(4_200, 0.25) / 10) * 1_000);
    boss.wageDay = rng.between(1, 10);
  }
}
