/**
 * Screening speed against a synthetic list (default 100,000 entities):
 *   npx tsx src/monitoring/screening/bench.ts [entities]
 */
import { performance } from 'node:perf_hooks';
import { Screener } from './screener.ts';
import { syntheticWatchlist } from './synthetic-list.ts';

const QUERIES = [
  'John Smith',
  'Mohammed Hassan',
  'Zhang Wei',
  'zhangwei',
  '张伟',
  '張偉',
  'Wei Zhang',
  'Ivan Petrov',
  'Golden Star Shipping LLC',
  '华信贸易有限公司',
  'Huaxin Trading Co Ltd',
  'Maria Garcia Lopez',
  'Kuznetsov Sergei',
  'Wang Fang',
  '王芳',
  'Nobody Unknownson',
  'Ngozi Okafor',
  'Pacific Pearl Mining Inc',
];
const ROUNDS = 20;

function main(count: number): void {
  const entities = syntheticWatchlist(count);
  const started = performance.now();
  const screener = new Screener(entities);
  const built = performance.now() - started;
  const { names } = screener.size;
  for (const query of QUERIES) screener.screen(query);
  const times: number[] = [];
  let hits = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const query of QUERIES) {
      const t0 = performance.now();
      hits += screener.screen(query).length;
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(3);
  const mean = times.reduce((sum, t) => sum + t, 0) / times.length;
  console.log(`${count} entities, ${names} names, index built in ${(built / 1000).toFixed(1)} s`);
  console.log(
    `${times.length} screenings: mean ${mean.toFixed(3)} ms, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`,
  );
  console.log(`heap used ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB, ${hits} hits`);
}

main(Number(process.argv[2] ?? 100_000));
