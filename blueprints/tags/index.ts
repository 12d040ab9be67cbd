/** Product-wide and per-resource tags. */
export * from './tags.js';
