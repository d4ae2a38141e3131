import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PbxSubscriber } from './dev-pbx';

/**
 * The SIP accounts the hub exported for the PBX (HUB_PBX_DBTEXT_DIR, Kamailio db_text format:
 * a header line, then `id:username:domain:ha1`). The dev PBX starts from them, so agents register
 * with exactly the credentials the hub hands their consoles.
 */
export function readHubSubscribers(dir: string): PbxSubscriber[] {
  const lines = readFileSync(join(dir, 'subscriber'), 'utf8').split('\n').slice(1).filter((line) => line.trim() !== '');
  return lines.map((line, i) => {
    const [, username, , ha1] = line.split(':');
    if (!username || !ha1 || !/^[0-9a-f]{32}$/.test(ha1)) throw new Error(`${dir}/subscriber line ${i + 2}: not id:username:domain:ha1`);
    return { username, ha1 };
  });
}
