/**
 * Shares through the MCP SDK client against the seeded sandbox: a manager shares files with the
 * print house, the recipient finds the share and marks it read, and the sender removes it after
 * confirming. Effects are checked with raw GraphQL reads as the people involved.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { startHarness, type Harness } from './support/harness.js';
import { graphql } from '../src/cway/graphql.js';

const RawShares = graphql(`
  query TestRawShares($includeRead: Boolean) {
    findShares(includeRead: $includeRead) {
      id
      name
      read
      sharedTo
    }
  }
`);

interface Share {
  id: string;
  title: string;
  sharedTo: string;
  sharedFrom: string;
  read: boolean;
  validTo: string | null;
  size: number;
}
interface Listing {
  shares: Share[];
  total: number;
  unread: number;
  truncated: boolean;
}
interface Confirmation {
  token: string;
  summary: string;
  targets: string[];
}

let h: Harness;
const userOf = (role: string) => h.sandbox.users.find((u) => u.role === role)!;
const rawShares = async (role: string, includeRead: boolean) =>
  ((await h.client.request(RawShares, { includeRead }, h.tokenOf(role))).findShares ?? []).filter((s) => s !== null);

function errorText(r: CallToolResult): string {
  assert.equal(r.isError, true, `expected an error, got ${JSON.stringify(r.structuredContent)}`);
  return (r.content as Array<{ text: string }>).map((c) => c.text).join('\n');
}

async function someItems() {
  const files = await h.data<{ items: Array<{ kind: string; fileId: string | null; mediaArtworkId: string | null }> }>(
    'search_media',
    { pageSize: 50 },
    'project_manager',
  );
  const file = files.items.find((i) => i.kind === 'file')!;
  const artwork = files.items.find((i) => i.kind === 'artwork')!;
  return [
    { type: 'FILE', id: file.fileId },
    { type: 'MC_ARTWORK', id: artwork.mediaArtworkId },
  ];
}

before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.close();
});

test('a manager shares files; the recipient finds the share, marks it read, and the sender removes it after confirming', async () => {
  const receiver = userOf('receiver');
  const sender = userOf('project_manager');
  const { share } = await h.data<{ share: Share }>(
    'create_share',
    {
      title: 'Sun Shield print files',
      recipients: [receiver.username, 'Prepress@Printer.example'],
      message: 'Final PDFs for the June run.',
      items: await someItems(),
    },
    'project_manager',
  );
  assert.equal(share.title, 'Sun Shield print files');
  assert.equal(share.sharedFrom, sender.username);
  assert.match(share.sharedTo, new RegExp(receiver.username.replace(/\./g, '\\.')));
  assert.match(share.sharedTo, /prepress@printer\.example/);
  assert.equal(share.read, false);
  assert.ok(share.size > 0);

  // The recipient sees it, unread.
  const inbox = await h.data<Listing>('list_shares', {}, 'receiver');
  const mine = inbox.shares.find((s) => s.id === share.id)!;
  assert.ok(mine, 'the recipient sees the share');
  assert.equal(mine.read, false);
  assert.equal(inbox.unread, inbox.shares.filter((s) => !s.read).length);
  assert.ok((await rawShares('receiver', false)).some((s) => s.id === share.id));

  // Filters reach Cway.
  const byTitle = await h.data<Listing>('list_shares', { fileName: 'Sun Shield' }, 'receiver');
  assert.deepEqual(
    byTitle.shares.map((s) => s.id),
    [share.id],
  );
  const bySender = await h.data<Listing>('list_shares', { sharedBy: sender.username }, 'receiver');
  assert.ok(bySender.shares.length > 0, 'the sender has shared with the receiver');
  assert.ok(bySender.shares.every((s) => s.sharedFrom === sender.username));

  const marked = await h.data<{ shares: Share[]; unreadRemaining: number }>(
    'mark_shares_read',
    { shareIds: [share.id] },
    'receiver',
  );
  assert.equal(marked.shares[0]!.read, true);
  assert.equal(marked.unreadRemaining, (await rawShares('receiver', false)).length);
  assert.ok(!(await rawShares('receiver', false)).some((s) => s.id === share.id), 'no longer unread in Cway');

  // Read shares stay listed by default and disappear with includeRead: false.
  assert.ok((await h.data<Listing>('list_shares', {}, 'receiver')).shares.some((s) => s.id === share.id && s.read));
  assert.ok(
    !(await h.data<Listing>('list_shares', { includeRead: false }, 'receiver')).shares.some((s) => s.id === share.id),
  );

  // The sender removes it: first a preview, then, with the token, the removal.
  const ask = await h.data<{ status: string; confirmation: Confirmation; preview: Share[] }>(
    'remove_shares',
    { shareIds: [share.id] },
    'project_manager',
  );
  assert.equal(ask.status, 'confirmation_required');
  assert.deepEqual(
    ask.preview.map((s) => s.id),
    [share.id],
  );
  assert.match(ask.confirmation.summary, /Sun Shield print files/);
  assert.ok(
    (await rawShares('receiver', true)).some((s) => s.id === share.id),
    'nothing removed before confirmation',
  );

  const done = await h.data<{ status: string; removed: string[]; notRemoved: string[] }>(
    'remove_shares',
    { shareIds: [share.id], confirmationToken: ask.confirmation.token },
    'project_manager',
  );
  assert.equal(done.status, 'done');
  assert.deepEqual(done.removed, [share.id]);
  assert.deepEqual(done.notRemoved, []);
  assert.ok(!(await rawShares('receiver', true)).some((s) => s.id === share.id), 'gone for the recipient');
});

test('mark every share read at once; wrong arguments are named', async () => {
  const orderer = 'orderer';
  const before = await rawShares(orderer, false);
  assert.ok(before.length > 0, 'the seed has an unread share for the orderer');
  const all = await h.data<{ shares: Share[]; unreadRemaining: number }>('mark_shares_read', { all: true }, orderer);
  assert.equal(all.unreadRemaining, 0);
  assert.deepEqual(await rawShares(orderer, false), []);

  const both = await h.call('mark_shares_read', { all: true, shareIds: [before[0]!.id] }, orderer);
  assert.match(errorText(both), /invalid_input/);
  const neither = await h.call('mark_shares_read', {}, orderer);
  assert.match(errorText(neither), /invalid_input/);

  const badMail = await h.call(
    'create_share',
    {
      title: 'x',
      recipients: ['not an address'],
      items: [{ type: 'FILE', id: '00000000-0000-4000-8000-000000000000' }],
    },
    'project_manager',
  );
  assert.equal(badMail.isError, true);
  assert.match(JSON.stringify(badMail.content), /e-mail/);

  const missing = await h.call(
    'remove_shares',
    { shareIds: ['00000000-0000-4000-8000-000000000000'] },
    'project_manager',
  );
  assert.match(errorText(missing), /not_found[\s\S]*list_shares/);
});

test('a recipient cannot remove a share someone else sent; nothing is removed', async () => {
  const seeded = await h.data<Listing>('list_shares', {}, 'receiver');
  const foreign = seeded.shares.find((s) => s.sharedFrom !== userOf('receiver').username)!;
  assert.ok(foreign, 'the receiver has a share from someone else');
  const ask = await h.data<{ status: string; confirmation: Confirmation }>(
    'remove_shares',
    { shareIds: [foreign.id] },
    'receiver',
  );
  assert.equal(ask.status, 'confirmation_required');
  const refused = await h.call(
    'remove_shares',
    { shareIds: [foreign.id], confirmationToken: ask.confirmation.token },
    'receiver',
  );
  assert.match(errorText(refused), /forbidden/);
  assert.ok(
    (await rawShares('receiver', true)).some((s) => s.id === foreign.id),
    'still there',
  );
});
