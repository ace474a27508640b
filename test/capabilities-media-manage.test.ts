/**
 * Media-center management through the MCP SDK client against the sandbox: create, rename, move
 * and delete folders and items; deletes need confirmation. Effects are checked by reading the
 * sandbox directly (GraphQL), not through the capability under test.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './support/harness.js';
import { graphql } from '../src/cway/graphql.js';

const Tree = graphql(`
  query TestManageTree {
    tree {
      id
      parentId
      name
    }
  }
`);
const Items = graphql(`
  query TestManageItems($input: FindFolderItemInput!) {
    itemsForFolder(input: $input, paging: { page: 0, pageSize: 200 }) {
      items {
        __typename
        ... on FileFolderItem {
          id
          name
        }
        ... on ArtworkFolderItem {
          id
          name
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
}
interface Confirmable {
  status: 'done' | 'confirmation_required';
  confirmation?: { token: string; summary: string };
}

let h: Harness;
let admin: string;
before(async () => {
  h = await startHarness();
  admin = h.sandbox.adminToken;
});
after(async () => {
  await h?.close();
});

const tree = async () => (await h.client.request(Tree, {}, admin)).tree;
const items = async (folderId: string) =>
  ((await h.client.request(Items, { input: { folderId, recursive: false } }, admin)).itemsForFolder?.items ?? []).map(
    (i) => ({ id: (i as { id: string }).id, name: (i as { name: string }).name }),
  );

test('create a top folder and a subfolder, rename it, move it, then delete it with confirmation', async () => {
  const top = (await h.data<{ folder: Folder }>('create_media_folder', { name: 'Issue 16 top' })).folder;
  assert.equal(top.parentId, null);
  assert.equal(top.path, 'Issue 16 top');
  const sub = (await h.data<{ folder: Folder }>('create_media_folder', { name: 'Drafts', parentFolderId: top.id }))
    .folder;
  assert.equal(sub.path, 'Issue 16 top / Drafts');
  assert.ok((await tree()).some((f) => f.id === sub.id && f.parentId === top.id));

  const renamed = await h.data<{ previousName: string; folder: Folder }>('rename_media_folder', {
    folderId: sub.id,
    name: 'Final',
  });
  assert.equal(renamed.previousName, 'Drafts');
  assert.equal((await tree()).find((f) => f.id === sub.id)?.name, 'Final');

  // Move an existing seeded folder inside the new one.
  const other = (await tree()).find((f) => f.parentId === null && f.id !== top.id)!;
  const moved = await h.data<{ folder: Folder }>('move_media_folder', { folderId: other.id, targetFolderId: sub.id });
  assert.equal(moved.folder.path, `Issue 16 top / Final / ${other.name}`);
  assert.equal((await tree()).find((f) => f.id === other.id)?.parentId, sub.id);

  // A folder cannot move into itself.
  const loop = await h.call('move_media_folder', { folderId: top.id, targetFolderId: other.id });
  assert.equal(loop.isError, true);
  assert.match(JSON.stringify(loop.content), /cannot move into itself/);

  // Move it back next to the top folder (sibling, before it).
  const back = await h.data<{ folder: Folder }>('move_media_folder', {
    folderId: other.id,
    targetFolderId: top.id,
    position: 'before',
  });
  assert.equal(back.folder.parentId, null);

  const first = await h.data<Confirmable & { preview: { folders: number; items: number } }>('delete_media_folder', {
    folderId: top.id,
  });
  assert.equal(first.status, 'confirmation_required');
  assert.equal(first.preview.folders, 2);
  assert.ok(
    (await tree()).some((f) => f.id === top.id),
    'nothing deleted before confirmation',
  );
  const done = await h.data<Confirmable & { deleted: boolean }>('delete_media_folder', {
    folderId: top.id,
    confirmationToken: first.confirmation!.token,
  });
  assert.equal(done.status, 'done');
  assert.equal(done.deleted, true);
  const after = await tree();
  assert.ok(!after.some((f) => f.id === top.id || f.id === sub.id));
  assert.ok(
    after.some((f) => f.id === other.id),
    'the folder moved out survives',
  );
});

test('rename, move and delete media items; delete needs confirmation', async () => {
  const folders = await tree();
  let source: string | undefined;
  let list: { id: string; name: string }[] = [];
  for (const f of folders) {
    list = await items(f.id);
    if (list.length >= 2) {
      source = f.id;
      break;
    }
  }
  assert.ok(source, 'seed has a folder with two items');
  const target = folders.find((f) => f.id !== source)!.id;
  const [a, b] = list as [{ id: string; name: string }, { id: string; name: string }];

  const r = await h.data<{ previousName: string; name: string }>('rename_media_item', {
    folderId: source,
    itemId: a.id,
    name: 'Renamed by issue 16',
  });
  assert.equal(r.previousName, a.name);
  assert.equal((await items(source)).find((i) => i.id === a.id)?.name, 'Renamed by issue 16');

  const m = await h.data<{ moved: { itemId: string }[] }>('move_media_items', {
    sourceFolderId: source,
    targetFolderId: target,
    itemIds: [a.id],
  });
  assert.deepEqual(
    m.moved.map((x) => x.itemId),
    [a.id],
  );
  assert.ok((await items(target)).some((i) => i.id === a.id));
  assert.ok(!(await items(source)).some((i) => i.id === a.id));

  // An item that is not in the named folder is refused with a hint.
  const wrong = await h.call('rename_media_item', { folderId: source, itemId: a.id, name: 'x' });
  assert.equal(wrong.isError, true);
  assert.match(JSON.stringify(wrong.content), /list_folder_items/);

  const first = await h.data<Confirmable>('delete_media_items', { folderId: source, itemIds: [b.id] });
  assert.equal(first.status, 'confirmation_required');
  assert.match(first.confirmation!.summary, new RegExp(b.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.ok((await items(source)).some((i) => i.id === b.id));
  const done = await h.data<Confirmable & { deleted: string[] }>('delete_media_items', {
    folderId: source,
    itemIds: [b.id],
    confirmationToken: first.confirmation!.token,
  });
  assert.deepEqual(done.deleted, [b.id]);
  assert.ok(!(await items(source)).some((i) => i.id === b.id));
});

test('a confirmation token does not carry over to other items', async () => {
  const folders = await tree();
  let source: string | undefined;
  let list: { id: string; name: string }[] = [];
  for (const f of folders) {
    list = await items(f.id);
    if (list.length >= 2) {
      source = f.id;
      break;
    }
  }
  assert.ok(source);
  const first = await h.data<Confirmable>('delete_media_items', { folderId: source, itemIds: [list[0]!.id] });
  const misuse = await h.call('delete_media_items', {
    folderId: source,
    itemIds: [list[1]!.id],
    confirmationToken: first.confirmation!.token,
  });
  assert.equal(misuse.isError, true);
  assert.ok((await items(source)).some((i) => i.id === list[1]!.id));
});

test('a user without media-center rights is refused and nothing changes', async () => {
  const before = (await tree()).length;
  const r = await h.call('create_media_folder', { name: 'Not allowed' }, 'approver');
  assert.equal(r.isError, true);
  assert.equal((await tree()).length, before);
});
