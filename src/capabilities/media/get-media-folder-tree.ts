import { z } from 'zod';
import { uuidString } from '../shared.js';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability, READ } from '../define.js';

const Tree = graphql(`
  query MediaTree {
    tree {
      id
      parentId
      name
      shared
    }
  }
`);

const folderRow = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  path: z.string().describe('Names from the top folder down, joined with " / ".'),
  depth: z.number().int().describe('0 for a top folder.'),
  shared: z.boolean(),
  subfolders: z.number().int().describe('Number of direct subfolders (shown or not).'),
});

interface Node {
  id: string;
  parentId: string | null;
  name: string;
  shared: boolean;
}

export default defineCapability({
  name: 'get_media_folder_tree',
  title: 'Get media folder tree',
  description:
    'Media-center folders (path, depth, subfolders), whole or below one folder. For their content use list_folder_items.',
  toolset: 'media',
  input: z.object({
    rootFolderId: uuidString().optional().describe('Only this folder and what is below it. Default: the whole tree.'),
    maxDepth: z
      .number()
      .int()
      .min(0)
      .max(50)
      .optional()
      .describe('Deepest level to include, counted from the starting folder(s) (0 = only them).'),
    limit: z.number().int().min(1).max(1000).default(300).describe('Most folders to return (default 300).'),
  }),
  output: z.object({
    folders: z.array(folderRow),
    totalFolders: z.number().int().describe('Folders in the requested part of the tree.'),
    truncated: z.boolean().describe('True when limit or maxDepth left folders out.'),
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/media/folders' },
  handler: async ({ rootFolderId, maxDepth, limit }, ctx) => {
    const data = await ctx.cway.request(Tree, {}, { signal: ctx.signal });
    const nodes: Node[] = data.tree.map((f) => ({
      id: f.id,
      parentId: f.parentId ?? null,
      name: f.name,
      shared: f.shared,
    }));
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const children = new Map<string | null, Node[]>();
    for (const n of nodes) {
      // A parent we cannot see makes the folder a top folder.
      const parent = n.parentId !== null && byId.has(n.parentId) ? n.parentId : null;
      const list = children.get(parent) ?? [];
      list.push(n);
      children.set(parent, list);
    }
    let starts: Node[];
    let basePath: string[] = [];
    if (rootFolderId) {
      const root =
        byId.get(rootFolderId.toLowerCase()) ?? nodes.find((n) => n.id.toLowerCase() === rootFolderId.toLowerCase());
      if (!root) {
        throw new CapabilityError('not_found', `No media folder ${rootFolderId}.`, {
          field: 'rootFolderId',
          hint: 'Call get_media_folder_tree without rootFolderId to see the folder ids.',
        });
      }
      starts = [root];
      for (let p = root.parentId ? byId.get(root.parentId) : undefined, guard = 0; p && guard < 100; guard++) {
        basePath.unshift(p.name);
        p = p.parentId ? byId.get(p.parentId) : undefined;
      }
    } else {
      starts = children.get(null) ?? [];
      basePath = [];
    }
    const folders: z.infer<typeof folderRow>[] = [];
    let total = 0;
    let truncated = false;
    const seen = new Set<string>();
    const visit = (n: Node, depth: number, path: string[]) => {
      if (seen.has(n.id)) return; // a cycle in bad data must not loop forever
      seen.add(n.id);
      total++;
      const kids = children.get(n.id) ?? [];
      if (maxDepth !== undefined && depth > maxDepth) {
        truncated = true;
      } else if (folders.length < limit) {
        folders.push({
          id: n.id,
          name: n.name,
          parentId: n.parentId,
          path: [...path, n.name].join(' / '),
          depth,
          shared: n.shared,
          subfolders: kids.length,
        });
      } else {
        truncated = true;
      }
      for (const k of kids) visit(k, depth + 1, [...path, n.name]);
    };
    for (const s of starts) visit(s, 0, basePath);
    return { folders, totalFolders: total, truncated };
  },
});
