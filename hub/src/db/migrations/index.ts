import { foundation } from './0001-foundation';
import { softphone } from './0002-softphone';
import { callLogs } from './0003-call-logs';
import { customers } from './0004-customers';
import { flows } from './0005-flows';
import { complaints } from './0006-complaints';
import { callbacks } from './0007-callbacks';
import { scaleOut } from './0008-scale-out';
import { recordings } from './0009-recordings';
import { qa } from './0010-qa';
import type { Migration } from './migration';

/** Every schema version in order. To change the schema, add `000N-<name>.ts` and append it here. */
export const migrations: readonly Migration[] = [foundation, softphone, callLogs, customers, flows, complaints, callbacks, scaleOut, recordings, qa];

export type { Migration };
