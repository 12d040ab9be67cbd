/**
 * Reads CloudFormation YAML (short intrinsic tags included) into the long JSON form. js-yaml is
 * loaded on the first YAML read, not when the DSL is imported: the build writes YAML with its own
 * writer (dsl/yaml-writer.ts) and never reads any, so a build process never loads js-yaml.
 */
import { createRequire } from 'node:module';
import type * as JsYaml from 'js-yaml';
import { SHORT_TAGS } from './intrinsic-tags.js';
import type { Json } from './wiring.js';

let loaded: { yaml: typeof JsYaml; schema: JsYaml.Schema } | undefined;

function jsYaml(): { yaml: typeof JsYaml; schema: JsYaml.Schema } {
  if (loaded) return loaded;
  const yaml = createRequire(import.meta.url)('js-yaml') as typeof JsYaml;
  const types = SHORT_TAGS.flatMap(({ tag, fn, kinds }) =>
    kinds.map(
      (kind) =>
        new yaml.Type(tag, {
          kind,
          construct: (data: unknown) => {
            // `!GetAtt A.B.C` is the scalar form of `Fn::GetAtt: [A, B.C]` (split at the first dot).
            if (fn === 'Fn::GetAtt' && typeof data === 'string') {
              const dot = data.indexOf('.');
              return { [fn]: dot < 0 ? [data] : [data.slice(0, dot), data.slice(dot + 1)] };
            }
            return { [fn]: data ?? '' };
          },
        }),
    ),
  );
  loaded = { yaml, schema: yaml.DEFAULT_SCHEMA.extend(types) };
  return loaded;
}

export function readYaml(text: string): Json {
  const { yaml, schema } = jsYaml();
  return yaml.load(text, { schema }) as Json;
}
