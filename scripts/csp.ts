import { readFileSync } from 'node:fs';
import { parseRuntimeConfig, RuntimeConfigError } from '../src/datasources/runtimeConfig';
import { contentSecurityPolicyFor, fixedProductionHeaders } from './vite/securityHeaders';

/**
 * `npm run csp -- [nadir.config.json] [--nginx]`: the Content-Security-Policy a deployment must send
 * with this configuration file (none: this origin only), for a web server other than `vite preview`
 * (which applies it itself). With --nginx, the add_header lines of every production header.
 */
const args = process.argv.slice(2);
const nginx = args.includes('--nginx');
const path = args.find((arg) => !arg.startsWith('--')) ?? null;
try {
  const config = path ? parseRuntimeConfig(readFileSync(path, 'utf8'), path) : null;
  const policy = contentSecurityPolicyFor(config);
  if (!nginx) console.log(policy);
  else for (const [name, value] of Object.entries({ 'Content-Security-Policy': policy, ...fixedProductionHeaders })) console.log(`add_header ${name} "${value}" always;`);
} catch (error) {
  console.error(error instanceof RuntimeConfigError || error instanceof Error ? error.message : String(error));
  process.exit(1);
}
