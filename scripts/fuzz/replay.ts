import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpus, deflateBomb, prepare } from './fuzz';
import { mutate, seededRandom } from './mutate';

/**
 * Writes chosen mutants of a seeded campaign to files, for triage: the same sequence as `npm run fuzz`
 * with that seed, without running any reader.
 *
 *   npx tsx scripts/fuzz/replay.ts --seed 1 --ids 736,1314 --out .tmp/fuzz-findings
 */
const argv = process.argv.slice(2);
const value = (name: string) => argv[argv.indexOf(`--${name}`) + 1];
const ids = new Set((value('ids') ?? '').split(',').map(Number));
const out = value('out') ?? '.tmp/fuzz-findings';
mkdirSync(out, { recursive: true });
const quiet = console.log;
console.log = console.warn = () => {};
const seeds = corpus().map(prepare);
console.log = console.warn = quiet;
const srSeeds = seeds.filter((seed) => seed.cleanSr !== null || /\/sr\//.test(seed.name));
const random = seededRandom(Number(value('seed') ?? 1));
const bomb = deflateBomb();
for (let id = 0; id <= Math.max(...ids); id++) {
  const seed = random() < 0.33 && srSeeds.length > 0 ? srSeeds[Math.floor(random() * srSeeds.length)]! : seeds[Math.floor(random() * seeds.length)]!;
  const mutant = mutate(seed.bytes, { random, sites: seed.sites, explicit: seed.explicit, deflateBomb: bomb });
  if (!ids.has(id)) continue;
  const path = join(out, `${id}.dcm`);
  writeFileSync(path, mutant.bytes);
  console.log(`#${id} ${seed.name} [${mutant.name}] → ${path}`);
}
