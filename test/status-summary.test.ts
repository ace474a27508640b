/** The status summary across projects is a pure function: checked on hand-made data. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeStatus } from '../src/analytics/status-summary.js';

const projects = [
  { id: 'a', state: 'IN_PROGRESS', status: 'GREEN', totalArtworks: 2, percentageDone: 50 },
  { id: 'b', state: 'IN_PROGRESS', status: 'RED', totalArtworks: 1, percentageDone: 0 },
  { id: 'c', state: 'CLOSED', status: 'GREY', totalArtworks: 1, percentageDone: 100 },
  { id: 'd', state: 'PLANNED', status: 'GREY', totalArtworks: 0, percentageDone: 0 },
];
const artworks = [
  { projectId: 'a', state: 'APPROVED', status: 'GREEN' },
  { projectId: 'a', state: 'FOR_REVIEW', status: 'YELLOW' },
  { projectId: 'b', state: 'REJECTED', status: 'RED' },
  { projectId: 'c', state: 'DELIVERED', status: 'GREY' },
];

test('counts status balls and states, and averages progress over projects with artworks', () => {
  const s = summarizeStatus(projects, artworks);
  assert.equal(s.projects, 4);
  assert.deepEqual(s.projectStatus, { GREEN: 1, RED: 1, GREY: 2 });
  assert.deepEqual(s.projectsByState, { IN_PROGRESS: 2, CLOSED: 1, PLANNED: 1 });
  assert.equal(s.artworks, 4);
  assert.deepEqual(s.artworkStatus, { GREEN: 1, YELLOW: 1, RED: 1, GREY: 1 });
  assert.deepEqual(s.artworksByState, { APPROVED: 1, FOR_REVIEW: 1, REJECTED: 1, DELIVERED: 1 });
  // (50 + 0 + 100) / 3; project d has no artworks and is left out of the mean
  assert.equal(s.averageProgress, 50);
});

test('a state filter keeps only those projects and their artworks; no artworks means no average', () => {
  const s = summarizeStatus(projects, artworks, ['IN_PROGRESS']);
  assert.equal(s.projects, 2);
  assert.equal(s.artworks, 3);
  assert.equal(s.averageProgress, 25);
  const none = summarizeStatus(projects, artworks, ['PLANNED']);
  assert.equal(none.artworks, 0);
  assert.equal(none.averageProgress, null);
});
