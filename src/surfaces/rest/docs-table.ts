/**
 * The routes table of docs/rest.md, generated from the registry. test/rest-openapi.test.ts checks
 * that the table in the file is this one (UPDATE_SNAPSHOTS=1 rewrites it).
 */
import type { Capability } from '../../capabilities/define.js';
import { restOperations } from './routes.js';

export const TABLE_START = '<!-- routes:start (generated from the registry; UPDATE_SNAPSHOTS=1 rewrites it) -->';
export const TABLE_END = '<!-- routes:end -->';

export function routesTable(capabilities: readonly Capability[]): string {
  const rows = restOperations(capabilities).map((op) => {
    const cap = op.capability;
    const write = op.consequential ? (cap.hints.destructiveHint ? 'yes, destructive' : 'yes') : 'no';
    return `| ${op.method} | \`${op.path}\` | \`${cap.name}\` | ${cap.toolset} | ${write} | ${cap.title} |`;
  });
  return [
    '| Method | Path | operationId (MCP tool) | Toolset | Writes | What |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** Replaces the table between the markers in a Markdown text. */
export function withRoutesTable(markdown: string, table: string): string {
  const start = markdown.indexOf(TABLE_START);
  const end = markdown.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error('the routes table markers are missing');
  return `${markdown.slice(0, start + TABLE_START.length)}\n${table}\n${markdown.slice(end)}`;
}
