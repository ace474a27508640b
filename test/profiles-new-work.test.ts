/**
 * Issue 16's new work as people reach it: the real server (embedded sandbox), an MCP SDK client
 * over Streamable HTTP at each profile's URL with a seeded user's token, and REST over HTTP.
 * Each profile lists the new tools its people need, and a job is acted out through it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { startTestServer, type TestServer } from './support/mcp-clients.js';

interface Confirmable {
  status: 'done' | 'confirmation_required';
  confirmation?: { token: string; summary: string };
}

describe('new capabilities through their profiles', { timeout: 240_000 }, () => {
  let server: TestServer;
  const clients: Client[] = [];

  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    for (const c of clients) await c.close().catch(() => {});
    await server?.close();
  });

  const tokenOf = (role: string) => {
    const u = server.runtime.sandbox!.users.find((x) => x.role === role);
    if (!u) throw new Error(`no seeded user with role ${role}`);
    return u.token;
  };

  /** An SDK client connected to `/mcp/<profile>` (or `/mcp` for the default) as `role`. */
  async function connect(profile: string | null, role: string) {
    const url = new URL(`${server.url}/mcp${profile ? `/${profile}` : ''}`);
    const client = new Client({ name: `issue16-${profile ?? 'default'}`, version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(url, {
        requestInit: { headers: { authorization: `Bearer ${tokenOf(role)}` } },
      }),
    );
    clients.push(client);
    const names = (await client.listTools()).tools.map((t) => t.name);
    const data = async <T>(name: string, args: Record<string, unknown> = {}): Promise<T> => {
      const r = await client.callTool({ name, arguments: args });
      if (r.isError) throw new Error(`${name} failed: ${JSON.stringify(r.content)}`);
      return r.structuredContent as T;
    };
    return { client, names, data };
  }

  test('default profile (manager): search finds the toothpaste artworks; no artwork edits are offered', async () => {
    const { names, data } = await connect(null, 'project_manager');
    assert.ok(names.includes('search'));
    assert.ok(!names.includes('rename_artwork') && !names.includes('delete_media_folder'));
    const r = await data<{ results: { id: string; title: string }[] }>('search', { query: 'Toothpaste' });
    const artworks = r.results.filter((x) => x.id.startsWith('artwork:'));
    assert.equal(artworks.length, 2, JSON.stringify(r.results));
  });

  test('manager: a status summary across every visible project, checked against Cway read directly', async () => {
    const { names, data } = await connect(null, 'admin');
    assert.ok(names.includes('get_status_summary'));
    const r = await data<{
      projects: number;
      projectStatus: Record<string, number>;
      artworks: number;
      artworkStatus: Record<string, number>;
      artworksByState: Record<string, number>;
      averageProgress: number | null;
      projectsVisible: number;
      cutShort: boolean;
    }>('get_status_summary', {});
    const res = await fetch(server.runtime.sandbox!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenOf('admin')}` },
      body: JSON.stringify({
        query:
          '{ projects(paging: { page: 0, pageSize: 500 }) { totalHits projects { state status progress { totalArtworks percentageDone } artworks { state status } } } }',
      }),
    });
    const direct = ((await res.json()) as { data: { projects: { totalHits: number; projects: Direct[] } } }).data
      .projects;
    type Direct = {
      state: string;
      status: string;
      progress: { totalArtworks: number; percentageDone: number };
      artworks: { state: string; status: string }[];
    };
    assert.equal(r.projectsVisible, direct.totalHits);
    assert.equal(r.cutShort, false);
    assert.equal(r.projects, direct.projects.length);
    const tally = (xs: string[]) => xs.reduce<Record<string, number>>((o, x) => ({ ...o, [x]: (o[x] ?? 0) + 1 }), {});
    assert.deepEqual(r.projectStatus, tally(direct.projects.map((p) => p.status)));
    const artworks = direct.projects.flatMap((p) => p.artworks);
    assert.equal(r.artworks, artworks.length);
    assert.deepEqual(r.artworkStatus, tally(artworks.map((a) => a.status)));
    assert.deepEqual(r.artworksByState, tally(artworks.map((a) => a.state)));
    const withArt = direct.projects.filter((p) => p.progress.totalArtworks > 0);
    const mean = withArt.reduce((s, p) => s + p.progress.percentageDone, 0) / withArt.length;
    assert.equal(r.averageProgress, Math.round(mean * 10) / 10);
    const active = await data<{ projects: number }>('get_status_summary', { projectStates: ['IN_PROGRESS'] });
    assert.equal(active.projects, direct.projects.filter((p) => p.state === 'IN_PROGRESS').length);
  });

  test('editor: find an artwork across projects, rename it, set its due date, read its tasks', async () => {
    const { names, data } = await connect('editor', 'project_manager');
    for (const n of [
      'search_artworks',
      'rename_artwork',
      'set_artwork_dates',
      'get_artwork_tasks',
      'add_project_files',
    ])
      assert.ok(names.includes(n), `editor lists ${n}`);
    const found = await data<{ artworks: { id: string; name: string }[] }>('search_artworks', {
      query: 'Toothpaste tube',
    });
    const tube = found.artworks.find((a) => a.name === 'Toothpaste 75 ml tube');
    assert.ok(tube, JSON.stringify(found));
    const renamed = await data<{ previousName: string; artwork: { name: string } }>('rename_artwork', {
      artworkId: tube.id,
      name: 'Toothpaste 75 ml tube zebra stripes',
    });
    assert.equal(renamed.previousName, 'Toothpaste 75 ml tube');
    assert.equal(renamed.artwork.name, 'Toothpaste 75 ml tube zebra stripes');
    const dated = await data<{ artworks: { id: string; endDate: string | null }[] }>('set_artwork_dates', {
      artworkIds: [tube.id],
      endDate: '2031-03-31',
    });
    assert.equal(dated.artworks[0]?.endDate?.slice(0, 10), '2031-03-31');
    const tasks = await data<{ artworks: { id: string; tasks: unknown[] }[] }>('get_artwork_tasks', {
      artworkIds: [tube.id],
    });
    assert.equal(tasks.artworks[0]?.id, tube.id);
    // The rename is what the other profiles now see.
    const again = await data<{ artworks: { name: string }[] }>('search_artworks', { query: 'zebra' });
    assert.deepEqual(
      again.artworks.map((a) => a.name),
      ['Toothpaste 75 ml tube zebra stripes'],
    );
  });

  test('admin: team administration and renaming a user; categories and brands live in setup', async () => {
    const { names, data } = await connect('admin', 'admin');
    for (const n of ['remove_team_members', 'set_team_admin', 'set_team_approval_mode', 'delete_teams', 'rename_user'])
      assert.ok(names.includes(n), `admin lists ${n}`);
    const teams = await data<{ teams: { id: string; name: string }[] }>('list_teams', {});
    const team = teams.teams[0];
    assert.ok(team, 'the sandbox has a team');
    const set = await data<{ team: { id: string; approvalMode: string } }>('set_team_approval_mode', {
      teamId: team.id,
      approvalMode: 'ANY_MEMBER',
    });
    assert.equal(set.team.approvalMode, 'ANY_MEMBER');
    const setup = await connect('setup', 'admin');
    assert.ok(setup.names.includes('create_category') && setup.names.includes('update_brand'));
  });

  test('media: create a folder, then delete it only after confirmation', async () => {
    const { names, data } = await connect('media', 'admin');
    for (const n of ['create_media_folder', 'rename_media_folder', 'move_media_items', 'delete_media_items'])
      assert.ok(names.includes(n), `media lists ${n}`);
    const created = await data<{ folder: { id: string; path: string } }>('create_media_folder', {
      name: 'Profile check',
    });
    assert.equal(created.folder.path, 'Profile check');
    const first = await data<Confirmable>('delete_media_folder', { folderId: created.folder.id });
    assert.equal(first.status, 'confirmation_required');
    const tree = async () => (await data<{ folders: unknown }>('get_media_folder_tree', {})).folders;
    assert.match(JSON.stringify(await tree()), /Profile check/, 'nothing deleted before confirmation');
    const done = await data<Confirmable>('delete_media_folder', {
      folderId: created.folder.id,
      confirmationToken: first.confirmation!.token,
    });
    assert.equal(done.status, 'done');
    assert.doesNotMatch(JSON.stringify(await tree()), /Profile check/);
  });

  test('shares: share an artwork as a public link and list what it holds', async () => {
    const { names, data } = await connect('shares', 'project_manager');
    for (const n of ['create_anonymous_share', 'get_share_contents', 'create_share', 'list_shares'])
      assert.ok(names.includes(n), `shares lists ${n}`);
    const editor = await connect('editor', 'project_manager');
    const found = await editor.data<{ artworks: { id: string }[] }>('search_artworks', { query: 'Toothpaste carton' });
    const share = await data<{ share: { id: string } }>('create_anonymous_share', {
      title: 'Carton for the printer',
      items: [{ type: 'PROJECT_ARTWORK', id: found.artworks[0]!.id }],
    });
    const contents = await data<{ totalFiles: number }>('get_share_contents', { shareId: share.share.id });
    assert.ok(contents.totalFiles >= 1);
  });

  test('housekeeping and approver find artworks with search_artworks; coordinator can detach a team', async () => {
    const hk = await connect('housekeeping', 'project_manager');
    assert.ok(hk.names.includes('delete_artworks') && hk.names.includes('search_artworks'));
    const ap = await connect('approver', 'approver');
    const r = await ap.data<{ artworks: { name: string }[] }>('search_artworks', { query: 'Toothpaste' });
    assert.equal(r.artworks.length, 2);
    const co = await connect('coordinator', 'project_manager');
    assert.ok(co.names.includes('detach_team_from_artwork'));
  });

  test('resources: the KPI dashboard and stagnation alerts can be attached as context', async () => {
    const { client } = await connect(null, 'admin');
    const listed = (await client.listResources()).resources.map((r) => r.uri);
    for (const uri of ['cway://analytics/kpi-dashboard', 'cway://analytics/stagnation-alerts']) {
      assert.ok(listed.includes(uri), `${uri} is listed`);
    }
    const read = async (uri: string) => {
      const r = await client.readResource({ uri });
      assert.equal(r.contents[0]!.mimeType, 'application/json');
      return JSON.parse((r.contents[0] as { text: string }).text) as Record<string, unknown>;
    };
    const kpis = await read('cway://analytics/kpi-dashboard');
    assert.ok(Array.isArray(kpis.kpis) && kpis.kpis.length > 0, JSON.stringify(kpis).slice(0, 300));
    const alerts = await read('cway://analytics/stagnation-alerts');
    assert.ok(Array.isArray(alerts.alerts) && alerts.alerts.length > 0, 'the seeded sandbox has stalled work');
  });

  test('REST: the same artwork search over HTTP', async () => {
    const res = await fetch(`${server.url}/api/artworks/search?query=Toothpaste`, {
      headers: { authorization: `Bearer ${tokenOf('admin')}` },
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { artworks: { name: string }[]; projectsSearched: number };
    assert.equal(body.artworks.length, 2, JSON.stringify(body));
    assert.ok(body.projectsSearched >= 1);
  });
});
