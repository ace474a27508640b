/**
 * Issue 16's smaller gaps, through the MCP SDK client against the sandbox: deliver_project asks
 * for confirmation when artworks are unfinished, and delete_projects' hint fits the projects'
 * state (no "close them instead" for projects already closed).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './support/harness.js';
import { graphql } from '../src/cway/graphql.js';

const Projects = graphql(`
  query TestGapProjects($paging: Paging) {
    projects(paging: $paging) {
      projects {
        id
        name
        state
        isInDeleteableState
        artworks {
          state
        }
      }
    }
  }
`);

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

const projects = async () =>
  (await h.client.request(Projects, { paging: { page: 0, pageSize: 200 } }, h.sandbox.adminToken)).projects!.projects;
const errorText = (r: { content: unknown }) => JSON.stringify(r.content);

test('deliver_project with unfinished artworks asks first, lists them, and delivers only once confirmed', async () => {
  const p = (await projects()).find(
    (x) => x.state === 'IN_PROGRESS' && x.artworks.some((a) => a.state !== 'DELIVERED' && a.state !== 'CANCELED'),
  )!;
  const unfinished = p.artworks.filter((a) => a.state !== 'DELIVERED' && a.state !== 'CANCELED').length;
  type Answer = {
    status: string;
    confirmation?: { token: string; summary: string };
    unfinished?: { state: string }[];
    project?: { state: string };
  };
  const ask = await h.data<Answer>('deliver_project', { projectId: p.id });
  assert.equal(ask.status, 'confirmation_required');
  assert.equal(ask.unfinished!.length, unfinished);
  assert.match(ask.confirmation!.summary, new RegExp(`${unfinished} of its ${p.artworks.length} artworks`));
  assert.equal((await projects()).find((x) => x.id === p.id)!.state, 'IN_PROGRESS', 'nothing changed yet');

  const done = await h.data<Answer>('deliver_project', { projectId: p.id, confirmationToken: ask.confirmation!.token });
  assert.equal(done.status, 'done');
  assert.equal(done.project!.state, 'DELIVERED');
  assert.equal((await projects()).find((x) => x.id === p.id)!.state, 'DELIVERED');
});

test('delete_projects on a closed project does not suggest closing it', async () => {
  const closed = (await projects()).find((x) => x.state === 'CLOSED' && !x.isInDeleteableState);
  assert.ok(closed, 'seed has a closed project with work in it');
  const r = await h.call('delete_projects', { projectIds: [closed.id] });
  assert.equal(r.isError, true);
  assert.doesNotMatch(errorText(r), /Close them instead/);
  assert.match(errorText(r), /already closed/);

  const open = (await projects()).find((x) => x.state === 'IN_PROGRESS' && !x.isInDeleteableState)!;
  const mixed = await h.call('delete_projects', { projectIds: [closed.id, open.id] });
  assert.match(errorText(mixed), /Close the ones still open/);
  assert.match(errorText(mixed), new RegExp(open.name));
});
