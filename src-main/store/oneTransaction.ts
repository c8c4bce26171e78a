// Several store writes as one transaction, for callers above the store that must record two
// things together (an export's publication and its audit entry; a new release and its entry):
// every write lands, or none does. The transaction stays the store's business: no caller
// outside src-main/store/ touches the driver's own transaction API.
import type { CipherDatabase } from './cipherDatabase.ts';

export function inOneTransaction<T>(db: CipherDatabase, work: () => T): T {
  return db.transaction(work)();
}
