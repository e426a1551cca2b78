/**
 * Common given-name diminutives (English, Russian, Greek, Italian). Screening systems match
 * "Bill Harris" to "William Harris" through tables like this; spelling similarity never would.
 * Each line is one family of names; a name may sit in two families (Sasha).
 */
const FAMILIES = `
william bill billy will willy liam
robert bob bobby rob robbie bert
richard rick ricky rich richie dick
james jim jimmy jamie
john jack johnny
michael mike mikey mick
thomas tom tommy
charles charlie chuck
edward ed eddie ted ned
elizabeth liz lizzie beth betty eliza lisa
margaret maggie peggy meg
katherine kate kathy katie
catherine cathy kate
christopher chris
joseph joe joey
daniel dan danny
anthony tony
andrew andy drew
david dave davy
stephen steve
steven steve
benjamin benny
alexander alex sasha
alexandra alex sasha
nicholas nick nicky
jonathan jon
samuel sam sammy
matthew matt
patrick pat paddy
susan sue susie
jennifer jen jenny
rebecca becky
deborah debbie
dmitry dima
vladimir volodya vova
mikhail misha
ivan vanya
ekaterina katya
anastasia nastya
evgeny zhenya
ioannis yannis giannis
giovanni gianni
giuseppe beppe peppe
`;

const FAMILY_OF: ReadonlyMap<string, readonly number[]> = (() => {
  const map = new Map<string, number[]>();
  FAMILIES.trim()
    .split('\n')
    .forEach((line, family) => {
      for (const name of line.trim().split(/\s+/)) map.set(name, [...(map.get(name) ?? []), family]);
    });
  return map;
})();

/** True when the two given names are forms of one another (William / Bill). */
export function sameNameFamily(a: string, b: string): boolean {
  const familiesOfA = FAMILY_OF.get(a);
  const familiesOfB = FAMILY_OF.get(b);
  if (familiesOfA === undefined || familiesOfB === undefined) return false;
  return familiesOfA.some((family) => familiesOfB.includes(family));
}
