import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { AppDb } from '../../../../renderer/src/services/local-db/app-db';
export { callId, callSnapshot, phoneSnapshot, T0 } from './phone-snapshots';

let dbSeq = 0;

/** An empty database in its own in-memory IndexedDB; `factory` to open the same one again. */
export function freshAppDb(factory: IDBFactory = new IDBFactory(), name = `test-${(dbSeq += 1)}`, upTo?: number) {
  const db = new AppDb(name, { indexedDB: factory, IDBKeyRange, ...(upTo === undefined ? {} : { upTo }) });
  return { db, factory, name, reopen: (at?: number) => freshAppDb(factory, name, at).db };
}
