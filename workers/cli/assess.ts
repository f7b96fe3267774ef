/**
 * Batch command: `npm run --silent assess -- <file.json | ->`.
 * One patient or a cohort array in; JSON out on stdout (and nothing else); exit 0.
 * Invalid input, an unreadable file or invalid JSON: a message on stderr and exit 2.
 */
import { readFile } from 'node:fs/promises';
import { assessAny } from '../engine';
import type { Problem } from '../domain/result';

const USAGE = 'usage: npm run --silent assess -- <file.json | ->   (- reads standard input)';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

type Outcome = { readonly code: 0; readonly stdout: string } | { readonly code: 2; readonly stderr: string };

function fail(stderr: string): Outcome {
  return { code: 2, stderr: stderr.endsWith('\n') ? stderr : `${stderr}\n` };
}

function formatProblems(problems: readonly Problem[]): string {
  const lines = problems.map((problem) => `  ${problem.path}: ${problem.message}`);
  return `assess: invalid input (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was computed\n${lines.join('\n')}`;
}

export async function run(args: readonly string[], stdin: () => Promise<string> = readStdin): Promise<Outcome> {
  const [source, ...rest] = args;
  if (source === undefined || rest.length > 0) return fail(USAGE);
  let text: string;
  try {
    text = source === '-' ? await stdin() : await readFile(source, 'utf8');
  } catch (error) {
    return fail(`assess: cannot read ${source === '-' ? 'standard input' : source}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return fail(`assess: ${source === '-' ? 'standard input' : source} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const reply = assessAny(input);
  return reply.ok ? { code: 0, stdout: `${JSON.stringify(reply.output, null, 2)}\n` } : fail(formatProblems(reply.problems));
}

const outcome = await run(process.argv.slice(2));
if (outcome.code === 0) process.stdout.write(outcome.stdout);
else process.stderr.write(outcome.stderr);
process.exitCode = outcome.code;
