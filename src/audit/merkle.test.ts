import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  MerkleFrontier,
  type MerkleHasher,
  rfc6962Hasher,
  rootFromInclusionProof,
  SM3_MERKLE,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';
import { buildConsistencyProof, buildInclusionProof, type NodeReader, rootFromStorage } from './proofs.ts';
import { splitPoint } from './tree-math.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

/** RFC 6962 section 2.1, written as directly as the text reads, over an array of leaf data. */
function naive(hasher: MerkleHasher) {
  const mth = (d: readonly Uint8Array[]): Uint8Array => {
    if (d.length === 0) return hasher.emptyRoot();
    if (d.length === 1) return hasher.leaf(d[0]!);
    const k = splitPoint(d.length);
    return hasher.node(mth(d.slice(0, k)), mth(d.slice(k)));
  };
  const path = (m: number, d: readonly Uint8Array[]): Uint8Array[] => {
    if (d.length <= 1) return [];
    const k = splitPoint(d.length);
    return m < k
      ? [...path(m, d.slice(0, k)), mth(d.slice(k))]
      : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
  };
  const subproof = (m: number, d: readonly Uint8Array[], b: boolean): Uint8Array[] => {
    if (m === d.length) return b ? [] : [mth(d)];
    const k = splitPoint(d.length);
    return m <= k
      ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
      : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
  };
  const proof = (m: number, d: readonly Uint8Array[]): Uint8Array[] =>
    m === 0 || m === d.length ? [] : subproof(m, d, true);
  return { mth, path, proof };
}

/** Every complete subtree of the leaves, as the log stores them, behind a NodeReader. */
function storeOf(leaves: readonly Uint8Array[], hasher: MerkleHasher): NodeReader {
  const frontier = new MerkleFrontier(0, [], hasher);
  const nodes = new Map<string, Uint8Array>();
  for (const leaf of leaves) {
    for (const n of frontier.push(hasher.leaf(leaf))) nodes.set(`${n.level}:${n.index}`, n.hash);
  }
  return async (coords) => coords.map((c) => nodes.get(`${c.level}:${c.index}`));
}

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => new TextEncoder().encode(`leaf-${i}`));

describe('RFC 6962 known answers (SHA-256, the vectors used by certificate-transparency and transparency-dev)', () => {
  const sha = rfc6962Hasher('sha256');
  const leaves = [
    '',
    '00',
    '10',
    '2021',
    '3031',
    '40414243',
    '5051525354555657',
    '606162636465666768696a6b6c6d6e6f',
  ].map(unhex);
  const roots = [
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];
  const read = storeOf(leaves, sha);

  test('roots of sizes 0 to 8, by frontier and from stored subtrees', async () => {
    const frontier = new MerkleFrontier(0, [], sha);
    expect(hex(frontier.root())).toBe(roots[0]);
    for (let n = 1; n <= 8; n++) {
      frontier.push(sha.leaf(leaves[n - 1]!));
      expect(hex(frontier.root())).toBe(roots[n]);
      expect(hex(await rootFromStorage(read, n, sha))).toBe(roots[n]);
    }
  });

  test('inclusion proofs', async () => {
    const cases: [number, number, string[]][] = [
      [0, 1, []],
      [
        0,
        8,
        [
          '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
          '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
          '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
        ],
      ],
      [
        5,
        8,
        [
          'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
          'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
          'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
        ],
      ],
      [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
      [
        1,
        5,
        [
          '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
          '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
          'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
        ],
      ],
    ];
    for (const [index, size, path] of cases) {
      const proof = await buildInclusionProof(read, index, size, sha);
      expect(proof.path.map(hex)).toEqual(path);
      expect(
        verifyInclusion(index, size, sha.leaf(leaves[index]!), path.map(unhex), unhex(roots[size]!), sha),
      ).toBe(true);
    }
  });

  test('consistency proofs', async () => {
    const cases: [number, number, string[]][] = [
      [1, 1, []],
      [
        1,
        8,
        [
          '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
          '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
          '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
        ],
      ],
      [
        6,
        8,
        [
          '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
          'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
          'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
        ],
      ],
      [
        2,
        5,
        [
          '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
          'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
        ],
      ],
    ];
    for (const [m, n, path] of cases) {
      const proof = await buildConsistencyProof(read, m, n, sha);
      expect(proof.path.map(hex)).toEqual(path);
      expect(verifyConsistency(m, n, unhex(roots[m]!), unhex(roots[n]!), path.map(unhex), sha)).toBe(true);
    }
  });
});

describe('SM3 trees against the naive RFC 6962 reference', () => {
  const ref = naive(SM3_MERKLE);
  const MAX = 140;
  const leaves = leavesOf(MAX);
  const read = storeOf(leaves, SM3_MERKLE);
  const roots = Array.from({ length: MAX + 1 }, (_, n) => ref.mth(leaves.slice(0, n)));

  test('leaf and node hashing are SM3 with 0x00 and 0x01 prefixes', () => {
    expect(hex(SM3_MERKLE.emptyRoot())).toBe(
      '1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b',
    );
    expect(hex(SM3_MERKLE.leaf(new Uint8Array(0)))).toBe(hex(rfc6962Hasher('sm3').leaf(new Uint8Array(0))));
    expect(SM3_MERKLE.leaf(new Uint8Array([1]))).not.toEqual(
      SM3_MERKLE.node(new Uint8Array(0), new Uint8Array([1])),
    );
  });

  test('roots from stored subtrees equal the reference at every size', async () => {
    for (let n = 0; n <= MAX; n++) expect(hex(await rootFromStorage(read, n))).toBe(hex(roots[n]!));
  });

  test('inclusion proofs equal the reference and verify', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: MAX }), fc.nat(), async (n, r) => {
        const i = r % n;
        const proof = await buildInclusionProof(read, i, n);
        expect(proof.path.map(hex)).toEqual(ref.path(i, leaves.slice(0, n)).map(hex));
        expect(hex(proof.leaf_hash)).toBe(hex(SM3_MERKLE.leaf(leaves[i]!)));
        expect(verifyInclusion(i, n, proof.leaf_hash, proof.path, roots[n]!)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test('consistency proofs equal the reference and verify', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: MAX }), fc.nat(), async (n, r) => {
        const m = r % (n + 1);
        const proof = await buildConsistencyProof(read, m, n);
        expect(proof.path.map(hex)).toEqual(ref.proof(m, leaves.slice(0, n)).map(hex));
        expect(verifyConsistency(m, n, roots[m]!, roots[n]!, proof.path)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test('every wrong inclusion claim is rejected', async () => {
    const other = SM3_MERKLE.leaf(new TextEncoder().encode('not a leaf'));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: MAX }), fc.nat(), fc.nat(), async (n, r, s) => {
        const i = r % n;
        const { path, leaf_hash } = await buildInclusionProof(read, i, n);
        const ok = (
          j: number,
          size: number,
          leaf: Uint8Array,
          p: readonly Uint8Array[],
          root: Uint8Array,
        ) => {
          // Only the true proof of the altered statement may pass.
          if (j < size && size <= MAX && hex(leaf) === hex(SM3_MERKLE.leaf(leaves[j]!))) {
            const truth = ref.path(j, leaves.slice(0, size));
            if (truth.length === p.length && truth.every((h, k) => hex(h) === hex(p[k]!))) return;
          }
          expect(verifyInclusion(j, size, leaf, p, root)).toBe(false);
        };
        if (n > 1) ok((i + 1 + (s % (n - 1))) % n, n, leaf_hash, path, roots[n]!);
        if (n > 1) ok(i, n - 1 > i ? n - 1 : n, leaf_hash, path, roots[n - 1 > i ? n - 1 : n]!);
        if (n < MAX) ok(i, n + 1, leaf_hash, path, roots[n + 1]!);
        ok(i, n, other, path, roots[n]!);
        ok(i, n, leaf_hash, path, roots[(n % MAX) + 1]!);
        path.forEach((_, k) => {
          const flipped = path.map((h, x) =>
            x === k ? Uint8Array.from(h, (b, y) => (y === s % 32 ? b ^ 1 : b)) : h,
          );
          ok(i, n, leaf_hash, flipped, roots[n]!);
        });
        if (path.length > 0) {
          ok(i, n, leaf_hash, path.slice(1), roots[n]!);
          ok(i, n, leaf_hash, path.slice(0, -1), roots[n]!);
        }
        ok(i, n, leaf_hash, [...path, other], roots[n]!);
        ok(i, n, leaf_hash, [other, ...path], roots[n]!);
        expect(verifyInclusion(n, n, leaf_hash, path, roots[n]!)).toBe(false);
        expect(verifyInclusion(-1, n, leaf_hash, path, roots[n]!)).toBe(false);
        expect(verifyInclusion(i, n, leaf_hash.subarray(1), path, roots[n]!)).toBe(false);
        if (path.length > 0) {
          expect(
            rootFromInclusionProof(i, n, leaf_hash, [...path, ...path, ...path, ...path]),
          ).toBeUndefined();
        }
      }),
      { numRuns: 200 },
    );
  });

  test('every wrong consistency claim is rejected', async () => {
    const other = SM3_MERKLE.leaf(new TextEncoder().encode('not a leaf'));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: MAX }), fc.nat(), fc.nat(), async (n, r, s) => {
        const m = 1 + (r % (n - 1));
        const { path } = await buildConsistencyProof(read, m, n);
        const ok = (a: number, b: number, ra: Uint8Array, rb: Uint8Array, p: readonly Uint8Array[]) => {
          if (a >= 0 && a <= b && b <= MAX && hex(ra) === hex(roots[a]!) && hex(rb) === hex(roots[b]!)) {
            const truth = ref.proof(a, leaves.slice(0, b));
            if (truth.length === p.length && truth.every((h, k) => hex(h) === hex(p[k]!))) return;
          }
          expect(verifyConsistency(a, b, ra, rb, p)).toBe(false);
        };
        ok(m - 1, n, roots[m - 1]!, roots[n]!, path);
        ok(m + 1, n, roots[m + 1]!, roots[n]!, path);
        ok(m, n - 1, roots[m]!, roots[n - 1]!, path);
        if (n < MAX) ok(m, n + 1, roots[m]!, roots[n + 1]!, path);
        ok(m, n, roots[n]!, roots[m]!, path);
        ok(m, n, other, roots[n]!, path);
        ok(m, n, roots[m]!, other, path);
        ok(n, m, roots[n]!, roots[m]!, path);
        path.forEach((_, k) => {
          const flipped = path.map((h, x) =>
            x === k ? Uint8Array.from(h, (b, y) => (y === s % 32 ? b ^ 0x80 : b)) : h,
          );
          ok(m, n, roots[m]!, roots[n]!, flipped);
        });
        ok(m, n, roots[m]!, roots[n]!, path.slice(1));
        ok(m, n, roots[m]!, roots[n]!, path.slice(0, -1));
        ok(m, n, roots[m]!, roots[n]!, [...path, other]);
        ok(m, n, roots[m]!, roots[n]!, [other, ...path]);
        ok(m, n, roots[m]!, roots[n]!, []);
      }),
      { numRuns: 200 },
    );
  });

  test('trivial cases: equal sizes and the empty tree take an empty proof only', () => {
    const some = roots[5]!;
    expect(verifyConsistency(5, 5, some, some, [])).toBe(true);
    expect(verifyConsistency(5, 5, some, roots[6]!, [])).toBe(false);
    expect(verifyConsistency(5, 5, some, some, [some])).toBe(false);
    expect(verifyConsistency(0, 5, roots[0]!, some, [])).toBe(true);
    expect(verifyConsistency(0, 5, roots[0]!, some, [some])).toBe(false);
    expect(verifyConsistency(6, 5, roots[6]!, some, [])).toBe(false);
    expect(verifyConsistency(-1, 5, some, some, [])).toBe(false);
    expect(verifyConsistency(1, 2 ** 53, roots[1]!, some, [some])).toBe(false);
  });
});

describe('frontier', () => {
  test('emits each completed subtree once, and its root matches the reference', () => {
    const ref = naive(SM3_MERKLE);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), (n) => {
        const frontier = new MerkleFrontier();
        const seen = new Set<string>();
        const leaves = leavesOf(n);
        for (const leaf of leaves) {
          for (const node of frontier.push(SM3_MERKLE.leaf(leaf))) {
            const k = `${node.level}:${node.index}`;
            expect(seen.has(k)).toBe(false);
            seen.add(k);
          }
        }
        // A tree of n leaves has exactly sum over levels of floor(n / 2^level) complete subtrees.
        let expected = 0;
        for (let size = 1; size <= n; size *= 2) expected += Math.floor(n / size);
        expect(seen.size).toBe(expected);
        expect(hex(frontier.root())).toBe(hex(ref.mth(leaves)));
        const copy = new MerkleFrontier(frontier.size, frontier.hashes());
        expect(hex(copy.root())).toBe(hex(frontier.root()));
      }),
      { numRuns: 60 },
    );
  });

  test('refuses a frontier whose hash count does not match its size', () => {
    expect(() => new MerkleFrontier(3, [])).toThrow();
    expect(() => new MerkleFrontier(4, [new Uint8Array(32), new Uint8Array(32)])).toThrow();
    expect(() => new MerkleFrontier(1, [new Uint8Array(31)])).toThrow();
  });
});
