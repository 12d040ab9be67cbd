/**
 * Run-time view of the generated Fn::GetAtt table (dsl/spec/attributes.ts). The table is one
 * string with a line per namespace, `AWS::ECS Cluster:Arn Service:Name,ServiceArn ...`, a
 * list-valued attribute marked by a trailing `*` and a type without attributes by its bare name.
 * A string loads far faster than the same data as an object literal (the table was a third of
 * the build bundle), and a build looks up a handful of types: each is parsed on its first lookup.
 */

interface Entry {
  attributes: readonly string[];
  lists: readonly string[];
}

export interface AttributeTables {
  /** GetAtt names per resource type; no entry for a type the specification does not know. */
  attributes: Readonly<Record<string, readonly string[]>>;
  /** The list-valued ones (they need Fn::Join to cross a stack boundary); only types that have any. */
  lists: Readonly<Record<string, readonly string[]>>;
}

export function attributeTables(table: string): AttributeTables {
  const cache = new Map<string, Entry | null>();
  const lookup = (type: string): Entry | undefined => {
    let entry = cache.get(type);
    if (entry === undefined) cache.set(type, (entry = find(table, type) ?? null));
    return entry ?? undefined;
  };
  return {
    attributes: recordView(table, (type) => lookup(type)?.attributes),
    lists: recordView(table, (type) => {
      const lists = lookup(type)?.lists;
      return lists?.length ? lists : undefined;
    }),
  };
}

function find(table: string, type: string): Entry | undefined {
  const split = type.lastIndexOf('::');
  if (split <= 0) return undefined;
  const namespace = type.slice(0, split);
  const name = type.slice(split + 2);
  const lineStart = table.indexOf(`\n${namespace} `);
  if (lineStart < 0 || !name) return undefined;
  const lineEnd = table.indexOf('\n', lineStart + 1);
  // The item is ` <name>` followed by `:` (its attributes), a space or the line's end.
  let at = table.indexOf(` ${name}`, lineStart);
  while (at >= 0 && at < lineEnd) {
    const after = at + name.length + 1;
    const next = table[after];
    if (next === ':' || next === ' ' || after === lineEnd) {
      if (next !== ':') return { attributes: [], lists: [] };
      const itemEnd = table.indexOf(' ', after);
      const names = table.slice(after + 1, itemEnd < 0 || itemEnd > lineEnd ? lineEnd : itemEnd).split(',');
      return {
        attributes: names.map((n) => (n.endsWith('*') ? n.slice(0, -1) : n)),
        lists: names.filter((n) => n.endsWith('*')).map((n) => n.slice(0, -1)),
      };
    }
    at = table.indexOf(` ${name}`, after);
  }
  return undefined;
}

/** Every resource type of the table, in table order (for enumerating the whole record). */
function typesOf(table: string): string[] {
  return table.split('\n').flatMap((line) => {
    const [namespace, ...items] = line.split(' ');
    return namespace ? items.map((item) => `${namespace}::${item.split(':')[0]}`) : [];
  });
}

/** A read-only record whose entries are looked up on access (its target stays empty). */
function recordView(table: string, get: (type: string) => readonly string[] | undefined): Readonly<Record<string, readonly string[]>> {
  const has = (key: string | symbol): key is string => typeof key === 'string' && get(key) !== undefined;
  return new Proxy({} as Record<string, readonly string[]>, {
    get: (_target, key) => (typeof key === 'string' ? get(key) : undefined),
    has: (_target, key) => has(key),
    ownKeys: () => typesOf(table).filter(has),
    getOwnPropertyDescriptor: (_target, key) => (has(key) ? { value: get(key), enumerable: true, configurable: true, writable: false } : undefined),
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}
