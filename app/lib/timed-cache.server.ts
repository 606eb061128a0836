import type { DbOrTx } from "./db.server";

/**
 * Reference data read on every supporter request (the campaign and its asks,
 * the list of states) kept in memory for `ttlMs`, per database handle so that
 * tests with their own database never see another's rows. Concurrent misses
 * share one query. `forget` drops everything: the staff write paths call it so
 * their edits show at once in this process; other processes see them within
 * `ttlMs`.
 */
export function timedCache<Key, Value>(
  ttlMs: number,
  load: (db: DbOrTx, key: Key) => Promise<Value>,
) {
  type Entry = { value: Promise<Value>; expires: number };
  let entries = new WeakMap<DbOrTx, Map<Key, Entry>>();
  return {
    get(db: DbOrTx, key: Key): Promise<Value> {
      const byKey = entries.get(db) ?? new Map<Key, Entry>();
      entries.set(db, byKey);
      const now = Date.now();
      const cached = byKey.get(key);
      if (cached && cached.expires > now) return cached.value;
      const value = load(db, key);
      const entry = { value, expires: now + ttlMs };
      byKey.set(key, entry);
      // A failed read must not be served for the next ttlMs.
      value.catch(() => {
        if (byKey.get(key) === entry) byKey.delete(key);
      });
      return value;
    },
    forget(): void {
      entries = new WeakMap();
    },
  };
}
