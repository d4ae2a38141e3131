/**
 * `npm run flows:check -- FILE... [--org]`
 *
 * Checks flow files (.yaml, .yml, .json) the way the hub's upload does, before a manager uploads
 * them: prints `FILE: ok (<id>, <n> steps)` or one line per problem, `FILE:<path>: [<code>] <message>`.
 * `--org` also checks department and disposition codes against the demo center's org design (the
 * seed data; no hub is asked). Exit code 0 when every file is fine, 1 when any has problems, 2 on a
 * usage error or a file that cannot be read.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { checkFlowSource, formatProblem, type FlowCheckContext, type FlowSourceFormat } from '../shared/flows/flow-source';
import { DEMO_DEPARTMENTS } from '../hub/src/seed/demo-org';
import { DEMO_DISPOSITION_CODES } from '../hub/src/seed/demo-disposition-codes';

const USAGE = 'usage: npm run flows:check -- FILE.yaml|FILE.yml|FILE.json... [--org]';

function usage(message: string): never {
  console.error(`flows:check: ${message}\n${USAGE}`);
  process.exit(2);
}

const FORMATS: Record<string, FlowSourceFormat> = { '.yaml': 'yaml', '.yml': 'yaml', '.json': 'json' };

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { org: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } } });
} catch (error) {
  usage((error as Error).message);
}
if (parsed.values.help) {
  console.log(USAGE);
  process.exit(0);
}
const files = parsed.positionals;
if (files.length === 0) usage('name at least one flow file');
for (const file of files) if (!FORMATS[extname(file).toLowerCase()]) usage(`${file}: the name must end in .yaml, .yml or .json`);

const context: FlowCheckContext = parsed.values.org
  ? { departments: DEMO_DEPARTMENTS.map((d) => d.code), dispositionCodes: DEMO_DISPOSITION_CODES.map((d) => d.code) }
  : {};

let failed = false;
let unreadable = false;
for (const file of files) {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    console.error(`${file}: cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    unreadable = true;
    continue;
  }
  const { flow, problems } = checkFlowSource(source, FORMATS[extname(file).toLowerCase()]!, context);
  if (problems.length === 0 && flow) {
    console.log(`${file}: ok (${flow.id}, ${flow.steps.length} steps)`);
    continue;
  }
  failed = true;
  for (const problem of problems) {
    const line = formatProblem(problem);
    console.log(problem.path === '' ? `${file}: ${line}` : `${file}:${line}`);
  }
}
process.exit(unreadable ? 2 : failed ? 1 : 0);
