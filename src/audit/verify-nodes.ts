import { hashesEqual, nodeHash } from './merkle.ts';
import type { AuditStorage } from './storage.ts';
import type { NodeCoord } from './tree-math.ts';

export interface NodeFinding {
  readonly kind: 'tree_node_corrupt';
  readonly level: number;
  readonly index: number;
  readonly message: string;
}

/**
 * Checks every stored interior subtree hash of a tree of `size` leaves against its two children, level
 * by level. These are the hashes inclusion and consistency proofs are built from, so a corrupt one means
 * proofs that fail to verify for clients even though the entries are intact.
 */
export async function checkTreeNodes(
  storage: AuditStorage,
  size: number,
  report: (finding: NodeFinding) => void,
  page_nodes: number,
): Promise<void> {
  const perPage = Math.max(1, Math.floor(page_nodes / 3));
  for (let level = 1, width = 2; width <= size; level += 1, width *= 2) {
    const count = Math.floor(size / width);
    for (let first = 0; first < count; first += perPage) {
      const last = Math.min(count, first + perPage);
      const coords: NodeCoord[] = [];
      for (let index = first; index < last; index++) {
        coords.push(
          { level, index },
          { level: level - 1, index: 2 * index },
          { level: level - 1, index: 2 * index + 1 },
        );
      }
      const hashes = await storage.readNodes(coords);
      for (let k = 0; k < last - first; k++) {
        const [node, left, right] = [hashes[3 * k], hashes[3 * k + 1], hashes[3 * k + 2]];
        const index = first + k;
        if (node === undefined) {
          report({
            kind: 'tree_node_corrupt',
            level,
            index,
            message: `subtree hash (${level}, ${index}) is missing`,
          });
        } else if (left !== undefined && right !== undefined && !hashesEqual(node, nodeHash(left, right))) {
          report({
            kind: 'tree_node_corrupt',
            level,
            index,
            message: `subtree hash (${level}, ${index}) does not match its children`,
          });
        }
      }
    }
  }
}
