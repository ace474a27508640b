/**
 * Project files (Project.files, addFilesToProject, removeFilesFromProject) and share contents and
 * anonymous shares (issue 16), through the MCP SDK client against the sandbox.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './support/harness.js';
import { graphql } from '../src/cway/graphql.js';

const Projects = graphql(`
  query TestFilesProjects($paging: Paging) {
    projects(paging: $paging) {
      projects {
        id
        name
        files {
          id
          name
        }
        artworks {
          id
          name
        }
      }
    }
  }
`);
const Upload = graphql(`
  query TestFilesUploadUrl($fileId: UUID!, $filename: String) {
    tempFileUploadUrl(fileId: $fileId, filename: $filename)
  }
`);

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

const oralCare = async () =>
  (
    await h.client.request(Projects, { paging: { page: 0, pageSize: 200 } }, h.sandbox.adminToken)
  ).projects!.projects.find((p) => p.name === 'Oral Care Regulatory Update')!;

interface FileRow {
  id: string;
  name: string;
  size: number | null;
  downloadUrl: string | null;
}

test('list project files with working temporary download links', async () => {
  const p = await oralCare();
  const r = await h.data<{ totalFiles: number; files: FileRow[] }>(
    'list_project_files',
    { projectId: p.id },
    'approver',
  );
  assert.equal(r.totalFiles, 1);
  assert.equal(r.files[0]!.name, 'EU fluoride labelling guideline.pdf');
  const res = await fetch(r.files[0]!.downloadUrl!);
  assert.equal(res.status, 200, 'the temporary link downloads');
});

test('add an uploaded file to a project, then remove it with confirmation', async () => {
  const p = await oralCare();
  const fileId = '7c0a5c1e-1b2f-4d7a-9c61-0f0e5a1b2c3d';
  const url = (await h.client.request(Upload, { fileId, filename: 'brief.pdf' }, h.sandbox.adminToken))
    .tempFileUploadUrl;
  assert.ok((await fetch(url, { method: 'PUT', body: '%PDF-1.4 brief' })).ok);

  const added = await h.data<{ files: FileRow[] }>(
    'add_project_files',
    { projectId: p.id, fileIds: [fileId] },
    'project_manager',
  );
  assert.ok(added.files.some((f) => f.id === fileId));
  assert.ok((await oralCare()).files.some((f) => f.id === fileId));

  const notPm = await h.call('add_project_files', { projectId: p.id, fileIds: [fileId] }, 'approver');
  assert.equal(notPm.isError, true);

  type Answer = { status: string; confirmation?: { token: string }; files?: FileRow[] };
  const ask = await h.data<Answer>('remove_project_files', { projectId: p.id, fileIds: [fileId] }, 'project_manager');
  assert.equal(ask.status, 'confirmation_required');
  assert.ok(
    (await oralCare()).files.some((f) => f.id === fileId),
    'nothing removed before confirmation',
  );
  const done = await h.data<Answer>(
    'remove_project_files',
    { projectId: p.id, fileIds: [fileId], confirmationToken: ask.confirmation!.token },
    'project_manager',
  );
  assert.equal(done.status, 'done');
  assert.ok(!(await oralCare()).files.some((f) => f.id === fileId));
});

test('an anonymous share has no recipients; get_share_contents lists its files', async () => {
  const p = await oralCare();
  const artwork = p.artworks[0]!;
  const r = await h.data<{ share: { id: string; sharedTo: string; title: string }; url: string }>(
    'create_anonymous_share',
    { title: 'Toothpaste carton for the printer', items: [{ type: 'PROJECT_ARTWORK', id: artwork.id }] },
    'project_manager',
  );
  assert.equal(r.share.sharedTo, '');
  assert.equal(r.url, `https://app.cway.se/shares/${r.share.id}`);

  const c = await h.data<{ share: { id: string }; files: { name: string; path: string }[]; totalFiles: number }>(
    'get_share_contents',
    { shareId: r.share.id },
    'project_manager',
  );
  assert.equal(c.share.id, r.share.id);
  assert.ok(c.totalFiles >= 1, 'the shared artwork brings its revision files');
  assert.ok(c.files.every((f) => f.path.startsWith('Toothpaste carton for the printer')));

  const stranger = await h.call('get_share_contents', { shareId: r.share.id }, 'receiver');
  assert.equal(stranger.isError, true, 'someone who neither sent nor received it cannot read it');
});
