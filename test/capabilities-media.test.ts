/**
 * Media center through the MCP SDK client against the seeded sandbox: browsing the folder tree,
 * listing and searching items, reading a file (and following its temporary link), asking for a
 * download job, reading and commenting media-center artworks. Expectations come from raw
 * GraphQL reads of the sandbox, not from our own code.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { startHarness, type Harness } from './support/harness.js';
import { graphql } from '../src/cway/graphql.js';

const RawTree = graphql(`
  query TestMediaRawTree {
    tree {
      id
      parentId
      name
    }
  }
`);

const RawItems = graphql(`
  query TestMediaRawItems($input: FindFolderItemInput!, $paging: Paging) {
    itemsForFolder(input: $input, paging: $paging) {
      totalHits
      items {
        __typename
        ... on FileFolderItem {
          name
          file {
            id
            size
          }
        }
        ... on ArtworkFolderItem {
          name
        }
      }
    }
  }
`);

const RawMcArtwork = graphql(`
  query TestMediaRawMcArtwork($id: UUID!) {
    mediaCenterArtwork(artworkId: $id) {
      comments {
        number
        text
        commentedBy {
          username
        }
      }
    }
  }
`);

interface Folder {
  id: string;
  name: string;
  parentId: string | null;
  path: string;
  depth: number;
  subfolders: number;
}
interface Item {
  kind: string;
  name: string;
  obsolete: boolean;
  fileId: string | null;
  size: number | null;
  mediaArtworkId: string | null;
  draft: boolean | null;
}
interface Page<T> {
  items: T[];
  totalHits: number;
  nextPage: number | null;
}
interface Comment {
  number: number;
  text: string;
  valid: boolean;
  by: string;
}

let h: Harness;
let folders: Folder[];
const folderId = (path: string) => folders.find((f) => f.path === path)!.id;

function errorText(r: CallToolResult): string {
  assert.equal(r.isError, true, `expected an error, got ${JSON.stringify(r.structuredContent)}`);
  return (r.content as Array<{ text: string }>).map((c) => c.text).join('\n');
}

before(async () => {
  h = await startHarness();
  folders = (await h.data<{ folders: Folder[] }>('get_media_folder_tree', {}, 'project_manager')).folders;
});
after(async () => {
  await h.close();
});

test('the flat folder list comes back as a tree: parents first, with paths and depths', async () => {
  const raw = (await h.client.request(RawTree, {}, h.sandbox.adminToken)).tree;
  assert.equal(folders.length, raw.length);
  const byId = new Map(raw.map((f) => [f.id, f]));
  const pathOf = (id: string): string => {
    const f = byId.get(id)!;
    return f.parentId ? `${pathOf(f.parentId)} / ${f.name}` : f.name;
  };
  const seen = new Set<string>();
  for (const f of folders) {
    assert.equal(f.path, pathOf(f.id));
    assert.equal(f.depth, f.path.split(' / ').length - 1);
    if (f.parentId) assert.ok(seen.has(f.parentId), `${f.path} comes after its parent`);
    assert.equal(f.subfolders, raw.filter((x) => x.parentId === f.id).length);
    seen.add(f.id);
  }
  assert.ok(folders.some((f) => f.path === 'Nordic Care / Skin Pure / Relaunch'));

  const top = await h.data<{ folders: Folder[]; truncated: boolean }>(
    'get_media_folder_tree',
    { maxDepth: 0 },
    'project_manager',
  );
  assert.deepEqual(
    top.folders.map((f) => f.name).sort(),
    raw
      .filter((f) => !f.parentId)
      .map((f) => f.name)
      .sort(),
  );
  assert.equal(top.truncated, true);

  const sub = await h.data<{ folders: Folder[]; totalFolders: number }>(
    'get_media_folder_tree',
    { rootFolderId: folderId('Nordic Care / Skin Pure') },
    'project_manager',
  );
  assert.deepEqual(
    sub.folders.map((f) => f.path),
    ['Nordic Care / Skin Pure', 'Nordic Care / Skin Pure / Relaunch'],
  );
  assert.equal(sub.totalFolders, 2);

  const capped = await h.data<{ folders: Folder[]; truncated: boolean }>(
    'get_media_folder_tree',
    { limit: 2 },
    'project_manager',
  );
  assert.equal(capped.folders.length, 2);
  assert.equal(capped.truncated, true);

  const missing = await h.call(
    'get_media_folder_tree',
    { rootFolderId: '00000000-0000-4000-8000-000000000000' },
    'project_manager',
  );
  assert.match(errorText(missing), /not_found[\s\S]*rootFolderId/);
});

test('folder items: this folder only by default, subfolders on request, sorted, obsolete hidden', async () => {
  const skinPure = folderId('Nordic Care / Skin Pure');
  const own = await h.data<Page<Item>>('list_folder_items', { folderId: skinPure }, 'project_manager');
  const raw = await h.client.request(
    RawItems,
    { input: { folderId: skinPure, recursive: false }, paging: { page: 0, pageSize: 100 } },
    h.sandbox.adminToken,
  );
  assert.deepEqual(own.items.map((i) => i.name).sort(), raw.itemsForFolder!.items.map((i) => i.name).sort());
  assert.equal(own.totalHits, Number(raw.itemsForFolder!.totalHits));

  const deep = await h.data<Page<Item>>(
    'list_folder_items',
    { folderId: skinPure, recursive: true, sortBy: 'NAME', direction: 'DESC' },
    'project_manager',
  );
  assert.ok(deep.totalHits > own.totalHits, 'subfolder items are added');
  const names = deep.items.map((i) => i.name);
  assert.deepEqual(
    names,
    [...names].sort((a, b) => b.localeCompare(a)),
  );

  const babySoft = folderId('Nordic Care / Baby Soft');
  const visible = await h.data<Page<Item>>('list_folder_items', { folderId: babySoft }, 'project_manager');
  const all = await h.data<Page<Item>>(
    'list_folder_items',
    { folderId: babySoft, includeObsolete: true },
    'project_manager',
  );
  assert.ok(visible.items.length > 0, 'the folder has items that are not obsolete');
  assert.ok(visible.items.every((i) => !i.obsolete));
  assert.ok(
    all.items.some((i) => i.obsolete),
    'obsolete items appear when asked for',
  );
  const artwork = all.items.find((i) => i.kind === 'artwork')!;
  assert.ok(artwork.mediaArtworkId, 'artwork items carry the media-center artwork id');
  const file = all.items.find((i) => i.kind === 'file')!;
  assert.ok(file.fileId, 'file items carry the file id');

  const paged = await h.data<Page<Item>>(
    'list_folder_items',
    { folderId: skinPure, recursive: true, pageSize: 1 },
    'project_manager',
  );
  assert.equal(paged.items.length, 1);
  assert.equal(paged.nextPage, 1);
});

test('search across the media center, with obsolete items only on request', async () => {
  const found = await h.data<Page<Item>>('search_media', { query: 'logo' }, 'project_manager');
  assert.ok(found.items.length > 0);
  assert.ok(found.items.every((i) => i.name.toLowerCase().includes('logo') && !i.obsolete));
  const withOld = await h.data<Page<Item>>('search_media', { query: 'logo', includeObsolete: true }, 'project_manager');
  assert.equal(withOld.totalHits, found.totalHits + withOld.items.filter((i) => i.obsolete).length);
  assert.ok(withOld.items.some((i) => i.obsolete));
  const none = await h.data<Page<Item>>('search_media', { query: 'no such thing anywhere' }, 'project_manager');
  assert.deepEqual(none.items, []);
  assert.equal(none.nextPage, null);
});

test('a file with a temporary link that really downloads, and download jobs for one file or a selection', async () => {
  const found = await h.data<Page<Item>>('search_media', { query: 'guidelines' }, 'project_manager');
  const item = found.items.find((i) => i.kind === 'file')!;
  const file = await h.data<{ id: string; name: string; size: number; downloadUrl: string }>(
    'get_media_file',
    { fileId: item.fileId },
    'project_manager',
  );
  assert.equal(file.name, item.name);
  assert.equal(file.size, item.size);
  const res = await fetch(file.downloadUrl);
  assert.equal(res.status, 200);
  assert.match(await res.text(), new RegExp(item.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

  const noUrl = await h.data<{ downloadUrl: string | null }>(
    'get_media_file',
    { fileId: item.fileId, includeDownloadUrl: false },
    'project_manager',
  );
  assert.equal(noUrl.downloadUrl, null);

  const one = await h.data<{ jobId: string; kind: string; fileCount: number; note: string }>(
    'create_download_job',
    { files: [{ fileId: item.fileId }] },
    'project_manager',
  );
  assert.equal(one.kind, 'single_file');
  assert.match(one.jobId, /^[0-9a-f-]{36}$/);
  assert.match(one.note, /no progress/);

  const other = (await h.data<Page<Item>>('search_media', { query: 'moodboard' }, 'project_manager')).items[0]!;
  const many = await h.data<{ jobId: string; kind: string; fileCount: number }>(
    'create_download_job',
    {
      files: [{ fileId: item.fileId }, { fileId: other.fileId, folder: 'Launch/Mood', name: 'mood.jpg' }],
      zipName: 'launch.zip',
    },
    'project_manager',
  );
  assert.equal(many.kind, 'selection');
  assert.equal(many.fileCount, 2);
  assert.notEqual(many.jobId, one.jobId);

  const missing = await h.call(
    'create_download_job',
    { files: [{ fileId: '00000000-0000-4000-8000-000000000000' }] },
    'project_manager',
  );
  assert.match(errorText(missing), /not_found[\s\S]*files/);
  const missingFile = await h.call(
    'get_media_file',
    { fileId: '00000000-0000-4000-8000-000000000000' },
    'project_manager',
  );
  assert.match(errorText(missingFile), /not_found[\s\S]*fileId/);
});

test('media-center artworks: read with comments, then comment on two at once', async () => {
  const found = await h.data<Page<Item>>('search_media', { query: 'label' }, 'project_manager');
  const artworks = found.items.filter((i) => i.kind === 'artwork');
  assert.ok(artworks.length >= 2);
  const [first, second] = artworks as [Item, Item];

  const read = await h.data<{ artwork: { id: string; name: string; comments: Comment[]; totalComments: number } }>(
    'get_media_artwork',
    { mediaArtworkId: first.mediaArtworkId },
    'project_manager',
  );
  const raw = (await h.client.request(RawMcArtwork, { id: first.mediaArtworkId! }, h.sandbox.adminToken))
    .mediaCenterArtwork!;
  assert.equal(read.artwork.name, first.name);
  assert.deepEqual(
    read.artwork.comments.map((c) => c.text),
    [...raw.comments].sort((a, b) => a.number - b.number).map((c) => c.text),
  );

  const me = h.sandbox.users.find((u) => u.role === 'project_manager')!;
  const result = await h.data<{
    artworks: Array<{ mediaArtworkId: string; totalComments: number; latest: Comment[] }>;
  }>(
    'comment_media_artworks',
    {
      comments: [
        {
          mediaArtworkId: first.mediaArtworkId,
          text: 'Reuse for the 2026 range.',
          markers: [{ type: 'PIN', x: 10, y: 20, pageNo: 0 }],
        },
        { mediaArtworkId: second.mediaArtworkId, text: 'Check the barcode.' },
        { mediaArtworkId: second.mediaArtworkId, text: 'And the recycling symbol.' },
      ],
    },
    'project_manager',
  );
  const a = result.artworks.find((x) => x.mediaArtworkId === first.mediaArtworkId)!;
  const b = result.artworks.find((x) => x.mediaArtworkId === second.mediaArtworkId)!;
  assert.deepEqual(
    a.latest.map((c) => c.text),
    ['Reuse for the 2026 range.'],
  );
  assert.deepEqual(
    b.latest.map((c) => c.text),
    ['Check the barcode.', 'And the recycling symbol.'],
  );
  assert.equal(a.totalComments, read.artwork.totalComments + 1);
  const after = (await h.client.request(RawMcArtwork, { id: second.mediaArtworkId! }, h.sandbox.adminToken))
    .mediaCenterArtwork!;
  const mine = after.comments.filter((c) => c.commentedBy.username === me.username).map((c) => c.text);
  assert.deepEqual(mine.slice(-2), ['Check the barcode.', 'And the recycling symbol.']);

  const missing = await h.call(
    'comment_media_artworks',
    { comments: [{ mediaArtworkId: '00000000-0000-4000-8000-000000000000', text: 'Hello' }] },
    'project_manager',
  );
  assert.match(errorText(missing), /not_found/);
});
