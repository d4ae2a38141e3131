import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../clock';
import type { Queryable } from '../db/db';
import { formatProblem } from '../../../shared/flows/flow-source';
import { publishFlow } from '../flows/flow-repo';

/** The flow library of the org design (issue 6): one YAML file per procedure, beside this file. */
export const DEMO_FLOW_DIR = fileURLToPath(new URL('./flows/', import.meta.url));

export interface FlowFile {
  name: string;
  source: string;
}

/** The library's files in name order; none when the directory is missing. */
export async function readFlowLibrary(dir: string = DEMO_FLOW_DIR): Promise<FlowFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return Promise.all(names.map(async (name) => ({ name, source: await readFile(join(dir, name), 'utf8') })));
}

/**
 * Publishes every library flow whose id has no version yet, as version 1 by `system`; a flow a
 * manager has published since is left as it is. A library file the hub's own checks refuse is a
 * bug of the release, so the seed fails, naming the file and every problem, rather than starting
 * a center without that procedure.
 */
export async function insertDemoFlows(tx: Queryable, files: readonly FlowFile[], clock: Clock): Promise<number> {
  let published = 0;
  for (const file of files) {
    const result = await publishFlow(tx, { source: file.source, format: 'yaml', by: 'system', now: clock.now(), ifAbsent: true });
    if (result.outcome === 'rejected' || result.outcome === 'conflict') {
      const problems = result.outcome === 'rejected' ? result.problems.map((p) => `\n  ${formatProblem(p)}`).join('') : ' conflict';
      throw new Error(`flow library file ${file.name} was refused:${problems}`);
    }
    if (result.outcome === 'published') published += 1;
  }
  return published;
}
